using Exclusions.Client;
using Exclusions.Client.DependencyInjection;
using Exclusions.Client.Topo;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

#pragma warning disable IDE0130 // Extension methods live in the DI namespace, as ASP.NET Core's do.
namespace Microsoft.Extensions.DependencyInjection;
#pragma warning restore IDE0130

/// <summary>Registers <see cref="TopoExclusionsClient"/> with dependency injection.</summary>
public static class TopoServiceCollectionExtensions
{
    /// <summary>The name of the <see cref="HttpClient"/> the Topo client uses (for <c>IHttpClientFactory</c> configuration).</summary>
    public const string HttpClientName = "Exclusions.Client.Topo";

    /// <summary>Registers the Topo client, configured in code. Options are validated at start-up.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Sets <see cref="TopoOptions"/> (at least <see cref="ExclusionClientOptions.ApiKey"/>).</param>
    /// <returns>The HTTP client builder, to add handlers or change the pipeline.</returns>
    public static IHttpClientBuilder AddTopoExclusions(this IServiceCollection services, Action<TopoOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        return Register(services, builder => builder.Configure(configure), configurationPath: null);
    }

    /// <summary>
    /// Registers the Topo client, configured from a configuration section such as
    /// <c>Exclusions:Topo</c> (<c>ApiKey</c>, <c>BaseAddress</c>, …). Options are validated at start-up.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configuration">The section to bind to <see cref="TopoOptions"/>.</param>
    /// <returns>The HTTP client builder, to add handlers or change the pipeline.</returns>
    public static IHttpClientBuilder AddTopoExclusions(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return Register(services, configurationPath: (configuration as IConfigurationSection)?.Path, configure: builder => builder
            .Bind(configuration)

            // The source-generated binder (trim/AOT-safe) does not use type converters: read the extensible enum here.
            .Configure(o =>
            {
                if (configuration[nameof(TopoOptions.DefaultReason)] is { Length: > 0 } reason && !string.IsNullOrWhiteSpace(reason))
                {
                    o.DefaultReason = new ExclusionReason(reason);
                }
            }));
    }

    private static IHttpClientBuilder Register(IServiceCollection services, Action<OptionsBuilder<TopoOptions>> configure, string? configurationPath)
    {
        var builder = VendorClientRegistration.Add(
            services,
            HttpClientName,
            configure,
            static (http, sp) => new TopoExclusionsClient(
                http,
                sp.GetRequiredService<IOptions<TopoOptions>>().Value,
                sp.GetService<ILoggerFactory>(),
                sp.GetService<TimeProvider>()),
            configurationPath: configurationPath);
        ExclusionClientRegistration.Add(
            services,
            ExclusionProvider.Topo,
            static sp => sp.GetRequiredService<TopoExclusionsClient>().AsExclusionClient(sp.GetRequiredService<IOptions<TopoOptions>>().Value));
        return builder;
    }
}
