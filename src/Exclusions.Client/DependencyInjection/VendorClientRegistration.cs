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
    /// <summary>
    /// Registers one vendor client (keyed when <paramref name="serviceKey"/> is given). Idempotent per name:
    /// registering the same vendor (and key) again only adds the new options configuration on top of the
    /// earlier one; it never adds a second pipeline, handler or client.
    /// </summary>
    public static IHttpClientBuilder Add<TClient, [DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicParameterlessConstructor)] TOptions>(
        IServiceCollection services,
        string vendorHttpClientName,
        string? serviceKey,
        Action<OptionsBuilder<TOptions>> configureOptions,
        Func<HttpClient, TOptions, IServiceProvider, TClient> createClient,
        Action<HttpRequestMessage>? customizeRequest = null,
        string? configurationPath = null)
        where TClient : class
        where TOptions : ExclusionClientOptions
    {
        ArgumentNullException.ThrowIfNull(services);
        if (serviceKey is not null)
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(serviceKey);
        }

        var name = new VendorClientName(vendorHttpClientName, serviceKey);
        var optionsBuilder = services.AddOptions<TOptions>(name.Options);
        configureOptions(optionsBuilder);
        optionsBuilder.ValidateOnStart();
        if (configurationPath is not null)
        {
            // Validation messages then name the key the user set (Exclusions:Topo:ApiKey), not TopoOptions.ApiKey.
            services.AddSingleton(new ConfigurationSectionPath<TOptions>(name.Options, configurationPath));
        }

        if (services.Any(d => d.ServiceType == typeof(VendorClientName) && Equals(d.ImplementationInstance, name)))
        {
            // Registered before: the configuration above applies on top; the pipeline and handlers stay single.
            return services.AddHttpClient(name.HttpClient);
        }

        services.AddSingleton(name);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<TOptions>, ClientOptionsValidator<TOptions>>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(sp => new QuotaLimiters(sp.GetService<TimeProvider>() ?? TimeProvider.System));

        var builder = services.AddHttpClient(name.HttpClient)
            // The SDK logs every attempt itself (stable event ids, route templates, no query strings);
            // IHttpClientFactory's default request logging would repeat each line and cost every call.
            .RemoveAllLoggers()
            .ConfigureHttpClient((sp, client) =>
            {
                var options = sp.GetRequiredService<IOptionsMonitor<TOptions>>().Get(name.Options);
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
            name.HttpClient,
            sp.GetService<ILoggerFactory>()?.CreateLogger(ExclusionsLog.Category) ?? NullLogger.Instance,
            sp.GetService<TimeProvider>() ?? TimeProvider.System));
        builder.AddResilienceHandler(ExclusionsPipeline.PipelineName, (pipeline, context) =>
        {
            ExclusionsPipeline.Configure<TOptions>(pipeline, context, name);
            QuietPollyTelemetry(pipeline, context.ServiceProvider);
        });
        builder
            .AddHttpMessageHandler(sp => new AttemptLoggingHandler(
                name.HttpClient,
                sp.GetService<ILoggerFactory>()?.CreateLogger(ExclusionsLog.Category) ?? NullLogger.Instance,
                sp.GetService<TimeProvider>() ?? TimeProvider.System))
            .AddHttpMessageHandler(sp =>
            {
                var monitor = sp.GetRequiredService<IOptionsMonitor<TOptions>>();
                return new ClientHeadersHandler(() => monitor.Get(name.Options).ApiKey, customizeRequest);
            });

        // One client per registration (a singleton: its connections are pooled and recycled by the handler).
        TClient Create(IServiceProvider sp)
            => createClient(
                sp.GetRequiredService<IHttpClientFactory>().CreateClient(name.HttpClient),
                sp.GetRequiredService<IOptionsMonitor<TOptions>>().Get(name.Options),
                sp);
        if (serviceKey is null)
        {
            services.AddSingleton<TClient>(Create);
        }
        else
        {
            services.AddKeyedSingleton(serviceKey, (sp, _) => Create(sp));
        }

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

    /// <summary>The configuration section a vendor's options (of one name) were bound from (the last registration wins, as its binding does).</summary>
    internal sealed record ConfigurationSectionPath<TOptions>(string OptionsName, string Path)
        where TOptions : ExclusionClientOptions;

    private sealed class ClientOptionsValidator<TOptions>(IEnumerable<ConfigurationSectionPath<TOptions>> sections) : IValidateOptions<TOptions>
        where TOptions : ExclusionClientOptions
    {
        private readonly ConfigurationSectionPath<TOptions>[] _sections = sections.ToArray();

        public ValidateOptionsResult Validate(string? name, TOptions options)
        {
            var section = _sections.LastOrDefault(s => s.OptionsName == (name ?? Options.DefaultName))?.Path;
            var errors = section is null
                ? options.Validate()
                : options.Validate(setting => $"{section}:{setting}");
            return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
        }
    }
}
