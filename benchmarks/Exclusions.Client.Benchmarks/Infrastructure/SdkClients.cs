using Exclusions.Client.Amplemarket;
using Exclusions.Client.Topo;
using Microsoft.Extensions.DependencyInjection;

namespace Exclusions.Client.Benchmarks.Infrastructure;

/// <summary>
/// Builds the SDK clients the benchmarks compare, each over a given transport:
/// <list type="bullet">
/// <item><b>Default</b>: exactly what <c>services.AddTopoExclusions(...)</c> gives users (IHttpClientFactory,
/// its logging handlers, the Polly pipeline with timeouts, retry and circuit breaker, the quota limiter
/// strategy, per-attempt logging/telemetry and the auth handler);</item>
/// <item><b>NoDefaultPipeline</b>: the same with <c>Resilience.UseDefaultPipeline = false</c> (the resilience
/// handler stays, holding only the quota limiter strategy);</item>
/// <item><b>Bare</b>: the typed client over a plain <see cref="HttpClient"/> (Refit, validation and mapping
/// only; no handler at all), through the internal constructor, to split the overhead by layer.</item>
/// </list>
/// </summary>
internal static class SdkClients
{
    public const string ApiKey = "topo_benchmark_key_0123456789";

    public static (TopoExclusionsClient Client, ServiceProvider Provider) TopoViaDependencyInjection(Uri baseAddress, Func<HttpMessageHandler>? transport, bool useDefaultPipeline)
    {
        var services = new ServiceCollection();
        var builder = services.AddTopoExclusions(o =>
        {
            o.ApiKey = ApiKey;
            o.BaseAddress = baseAddress;
            o.Resilience.UseDefaultPipeline = useDefaultPipeline;
        });
        if (transport is not null)
        {
            builder.ConfigurePrimaryHttpMessageHandler(transport);
        }

        var provider = services.BuildServiceProvider();
        return (provider.GetRequiredService<TopoExclusionsClient>(), provider);
    }

    public static TopoExclusionsClient TopoBare(Uri baseAddress, HttpMessageHandler transport)
    {
        var http = new HttpClient(transport, disposeHandler: false) { BaseAddress = baseAddress };
        return new TopoExclusionsClient(http, new TopoOptions { ApiKey = ApiKey, BaseAddress = baseAddress }, null, null);
    }

    public static (AmplemarketExclusionsClient Client, ServiceProvider Provider) AmplemarketViaDependencyInjection(Uri baseAddress, Func<HttpMessageHandler> transport)
    {
        var services = new ServiceCollection();
        services.AddAmplemarketExclusions(o =>
        {
            o.ApiKey = "amp_benchmark_" + Guid.NewGuid().ToString("N");
            o.BaseAddress = baseAddress;

            // 1,000 pages in well under a minute: the documented 500/min would make the stream wait for
            // the client-side quota, which is not what this benchmark measures.
            o.RequestsPerMinute = 1_000_000;
        }).ConfigurePrimaryHttpMessageHandler(transport);
        var provider = services.BuildServiceProvider();
        return (provider.GetRequiredService<AmplemarketExclusionsClient>(), provider);
    }
}
