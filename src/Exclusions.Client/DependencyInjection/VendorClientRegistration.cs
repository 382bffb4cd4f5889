using System.Diagnostics.CodeAnalysis;
using Exclusions.Client.Diagnostics;
using Exclusions.Client.Http;
using Exclusions.Client.Resilience;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Polly;
using Polly.Telemetry;

namespace Exclusions.Client.DependencyInjection;

/// <summary>
/// What registering any vendor client involves, written once: options with validation at start-up,
/// a named <see cref="HttpClient"/> from IHttpClientFactory with the SDK's handlers, and a typed client.
/// </summary>
internal static class VendorClientRegistration
{
    public static IHttpClientBuilder Add<TClient, [DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicParameterlessConstructor)] TOptions>(
        IServiceCollection services,
        string httpClientName,
        Action<OptionsBuilder<TOptions>> configureOptions,
        Func<HttpClient, IServiceProvider, TClient> createClient,
        Action<HttpRequestMessage>? customizeRequest = null,
        string? configurationPath = null)
        where TClient : class
        where TOptions : ExclusionClientOptions
    {
        ArgumentNullException.ThrowIfNull(services);
        var optionsBuilder = services.AddOptions<TOptions>();
        configureOptions(optionsBuilder);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<TOptions>, ClientOptionsValidator<TOptions>>());
        if (configurationPath is not null)
        {
            // Validation messages then name the key the user set (Exclusions:Topo:ApiKey), not TopoOptions.ApiKey.
            services.AddSingleton(new ConfigurationSectionPath<TOptions>(configurationPath));
        }

        optionsBuilder.ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);

        var builder = services.AddHttpClient(httpClientName)
            // The SDK logs every attempt itself (stable event ids, route templates, no query strings);
            // IHttpClientFactory's default request logging would repeat each line and cost every call.
            .RemoveAllLoggers()
            .ConfigureHttpClient((sp, client) =>
            {
                var options = sp.GetRequiredService<IOptionsMonitor<TOptions>>().CurrentValue;
                client.BaseAddress = WithoutTrailingSlash(options.BaseAddress);

                // The resilience pipeline owns every timeout (per attempt and in total).
                client.Timeout = Timeout.InfiniteTimeSpan;
            })
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler
            {
                // Long-lived clients (standalone, singletons) still see DNS changes.
                PooledConnectionLifetime = TimeSpan.FromMinutes(5),
                AutomaticDecompression = System.Net.DecompressionMethods.All,
            });

        // Outermost first: the operation's one Information line, then total timeout → retry → circuit
        // breaker → quota limiter → attempt timeout (one Polly pipeline), then per attempt: logging +
        // replay mark, auth headers, sockets.
        builder.AddHttpMessageHandler(sp => new OperationLoggingHandler(
            httpClientName,
            sp.GetService<ILoggerFactory>()?.CreateLogger(ExclusionsLog.Category) ?? NullLogger.Instance,
            sp.GetService<TimeProvider>() ?? TimeProvider.System));
        builder.AddResilienceHandler(ExclusionsPipeline.PipelineName, (pipeline, context) =>
        {
            ExclusionsPipeline.Configure<TOptions>(pipeline, context, httpClientName);
            QuietPollyTelemetry(pipeline, context.ServiceProvider);
        });
        builder
            .AddHttpMessageHandler(sp => new AttemptLoggingHandler(
                httpClientName,
                sp.GetService<ILoggerFactory>()?.CreateLogger(ExclusionsLog.Category) ?? NullLogger.Instance,
                sp.GetService<TimeProvider>() ?? TimeProvider.System))
            .AddHttpMessageHandler(sp =>
            {
                var monitor = sp.GetRequiredService<IOptionsMonitor<TOptions>>();
                return new ClientHeadersHandler(() => monitor.CurrentValue.ApiKey, customizeRequest);
            });

        builder.AddTypedClient(createClient);
        return builder;
    }

    /// <summary>
    /// Polly's own events for the SDK's pipelines (an "Execution attempt" line per attempt, "Resilience
    /// event" per retry) at Debug: the SDK already writes one Information line per operation and its own
    /// Debug lines per attempt and retry. The app's other telemetry settings (enrichers, listeners, metrics) stay.
    /// </summary>
    private static void QuietPollyTelemetry(ResiliencePipelineBuilder<HttpResponseMessage> pipeline, IServiceProvider services)
    {
        var telemetry = new TelemetryOptions(services.GetService<IOptions<TelemetryOptions>>()?.Value ?? new TelemetryOptions());
        telemetry.LoggerFactory = services.GetService<ILoggerFactory>() ?? telemetry.LoggerFactory;
        var severity = telemetry.SeverityProvider;
        telemetry.SeverityProvider = args =>
        {
            var chosen = severity?.Invoke(args) ?? args.Event.Severity;
            return chosen is ResilienceEventSeverity.None ? chosen : ResilienceEventSeverity.Debug;
        };
        pipeline.ConfigureTelemetry(telemetry);
    }

    /// <summary>Refit appends "/path" to the base address's path; a trailing slash would double it.</summary>
    internal static Uri WithoutTrailingSlash(Uri uri)
        => uri.AbsolutePath.Length > 1 && uri.AbsoluteUri.EndsWith('/') ? new Uri(uri.AbsoluteUri.TrimEnd('/')) : uri;

    /// <summary>Builds a private service provider holding one vendor registration, for clients created without DI.</summary>
    public static HttpClient CreateStandaloneHttpClient(string httpClientName, Action<IServiceCollection> register)
    {
        var services = new ServiceCollection();
        register(services);

        // The provider is kept alive by the handler chain it created; the client is meant to be long-lived.
        var provider = services.BuildServiceProvider();
        return provider.GetRequiredService<IHttpClientFactory>().CreateClient(httpClientName);
    }

    /// <summary>The configuration section a vendor's options were bound from (the last registration wins, as its binding does).</summary>
    internal sealed record ConfigurationSectionPath<TOptions>(string Path)
        where TOptions : ExclusionClientOptions;

    private sealed class ClientOptionsValidator<TOptions>(IEnumerable<ConfigurationSectionPath<TOptions>> sections) : IValidateOptions<TOptions>
        where TOptions : ExclusionClientOptions
    {
        private readonly string? _section = sections.LastOrDefault()?.Path;

        public ValidateOptionsResult Validate(string? name, TOptions options)
        {
            var errors = _section is null
                ? options.Validate()
                : options.Validate(setting => $"{_section}:{setting}");
            return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
        }
    }
}
