using System.Globalization;
using System.Net;
using Exclusions.Client;
using Exclusions.Client.Amplemarket;
using Exclusions.Cli.Emulator;
using Exclusions.Client.Topo;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Exclusions.Client.Internal;

namespace Exclusions.Cli.Connection;

/// <summary>
/// The one place where the CLI turns its environment into SDK clients: keys, base URLs, rate limits,
/// <c>--emulator</c> and <c>--verbose</c>. Everything is checked before a client exists, so a missing
/// key (exit 3) or a refused URL (exit 2) sends nothing. New connection settings (a shared Redis
/// limiter, say) belong here and nowhere else.
/// </summary>
internal sealed class ProviderConnection : IAsyncDisposable
{
    /// <summary>A StackExchange.Redis configuration string; when set, the rate limit is shared through Redis.</summary>
    public const string SharedRedisVariable = "EXCLUSIONS_REDIS";

    private readonly ServiceProvider _services;
    private readonly EmbeddedEmulator? _emulator;

    private ProviderConnection(ServiceProvider services, EmbeddedEmulator? emulator, IReadOnlyList<ExclusionProvider> providers)
    {
        _services = services;
        _emulator = emulator;
        Providers = providers;
    }

    /// <summary>The providers this connection has clients for, in the order asked.</summary>
    public IReadOnlyList<ExclusionProvider> Providers { get; }

    /// <summary>Whether the clients talk to the embedded emulator.</summary>
    public bool IsEmulator => _emulator is not null;

    /// <summary>Validates the configuration of every provider, then (and only then) builds the clients.</summary>
    /// <exception cref="CliException">A key is missing (exit 3) or a URL or limit is refused (exit 2).</exception>
    public static async Task<ProviderConnection> OpenAsync(IReadOnlyList<ExclusionProvider> providers, CliSettings settings, CliConsole console, CancellationToken cancellationToken)
    {
        if (!settings.UseEmulator)
        {
            var missing = providers.Select(ProviderVariables.For).Where(v => settings.Get(v.ApiKeyVariable) is null).ToArray();
            if (missing.Length > 1)
            {
                throw new CliException(
                    CliFailure.MissingCredentials,
                    $"{string.Join(" and ", missing.Select(v => v.ApiKeyVariable))} are not set: export each API key in its variable (never on the command line), or use --emulator.");
            }
        }

        var configured = settings.UseEmulator ? null : providers.Select(p => Configure(ProviderVariables.For(p), settings)).ToArray();

        // The emulator starts on another thread while the clients are set up (DI, resilience pipelines): its keys and
        // base addresses are known before it runs, and no request is sent before it has started.
        var emulator = settings.UseEmulator ? EmbeddedEmulator.Start(cancellationToken) : null;
        ProviderConnection? connection = null;
        try
        {
            connection = new ProviderConnection(BuildServices(providers, settings, console, configured, emulator), emulator, providers);
            if (emulator is not null)
            {
                foreach (var provider in providers)
                {
                    _ = connection.Client(provider);
                }

                await emulator.WhenStartedAsync().ConfigureAwait(false);
                console.WriteError("Using the embedded emulator (in process, empty; nothing is sent to the real APIs).");
            }

            return connection;
        }
        catch
        {
            if (connection is not null)
            {
                await connection.DisposeAsync().ConfigureAwait(false);
            }
            else if (emulator is not null)
            {
                await emulator.DisposeAsync().ConfigureAwait(false);
            }

            throw;
        }
    }

    private static ServiceProvider BuildServices(
        IReadOnlyList<ExclusionProvider> providers, CliSettings settings, CliConsole console, VendorSettings[]? configured, EmbeddedEmulator? emulator)
    {
        var services = new ServiceCollection();
        services.AddLogging(logging =>
        {
            logging.ClearProviders();
            logging.SetMinimumLevel(CliLoggerProvider.MinimumLevel);
            logging.AddProvider(new CliLoggerProvider(console, settings.Verbose));
        });

        var redis = settings.Get(SharedRedisVariable);
        var rateLimitWait = settings.RateLimitWait ?? new ExclusionResilienceOptions().MaxRateLimitWait;

        // A 429 without Retry-After is also logged as a retry (CliLoggerProvider notes it); the console
        // merges notes of one wait. A wait for the budget shared with other runs is noted only here.
        void Announce(RateLimitWait wait) => console.ReportWait(VendorOf(wait.ClientName), wait.Delay, "rate limit reached (429)");
        void AnnounceShared(RateLimitWait wait) => console.ReportWait(VendorOf(wait.ClientName), wait.Delay, "rate limit reached");
        void Waits(ExclusionResilienceOptions resilience)
        {
            resilience.MaxRateLimitWait = rateLimitWait;
            resilience.OnRateLimitWait = Announce;
            resilience.TotalTimeout = TimeSpan.FromTicks(Math.Max(resilience.TotalTimeout.Ticks, (rateLimitWait + TimeSpan.FromMinutes(1)).Ticks));
        }

        // Without Redis, runs on this machine share each budget through a state file in the user's cache
        // directory; not with --emulator, whose server (and budget) lives only as long as the run.
        var stateDirectory = redis is null && emulator is null ? FileQuotaLimiter.DefaultDirectory(settings) : null;
        foreach (var provider in providers)
        {
            var vendor = configured?.First(c => c.Variables.Provider == provider);
            IHttpClientBuilder builder;
            if (provider == ExclusionProvider.Topo)
            {
                builder = services.AddTopoExclusions(o =>
                {
                    o.ApiKey = emulator?.TopoApiKey ?? vendor!.ApiKey;
                    o.BaseAddress = emulator?.TopoBaseAddress ?? vendor!.BaseAddress;
                    o.RequestsPerMinute = vendor?.RequestsPerMinute;
                    o.BulkConcurrency = settings.Concurrency ?? TopoOptions.DefaultBulkConcurrency;
                    Waits(o.Resilience);
                });
            }
            else
            {
                builder = services.AddAmplemarketExclusions(o =>
                {
                    o.ApiKey = emulator?.AmplemarketApiKey ?? vendor!.ApiKey;
                    o.BaseAddress = emulator?.AmplemarketBaseAddress ?? vendor!.BaseAddress;
                    o.RequestsPerMinute = vendor?.RequestsPerMinute ?? AmplemarketOptions.DocumentedRequestsPerMinute;
                    Waits(o.Resilience);
                });
            }

            if (emulator is not null)
            {
                // A new handler each time: the factory disposes a primary handler when it recycles it.
                builder.ConfigurePrimaryHttpMessageHandler(emulator.CreateHandler);
            }

            if (redis is not null)
            {
                // Every process (and app) using this Redis and key shares one budget. When Redis is
                // unreachable the SDK warns once and falls back to the per-process limit; the command completes.
                // The deadlines are short (a CLI must not hang on a dead Redis) unless the configuration
                // string sets connectTimeout / asyncTimeout (milliseconds), which are then used as given.
                builder.AddRedisRateLimiter(redis, o =>
                {
                    o.ConnectTimeout = RedisMilliseconds(redis, "connectTimeout") ?? TimeSpan.FromSeconds(1);
                    o.OperationTimeout = RedisMilliseconds(redis, "asyncTimeout") ?? o.OperationTimeout;
                });
            }
            else if (stateDirectory is not null)
            {
                builder.AddSharedQuotaLimiter(sp => new FileQuotaLimiter(
                    stateDirectory, sp.GetService<TimeProvider>() ?? TimeProvider.System, rateLimitWait, AnnounceShared, console.WriteError));
            }
        }

        return services.BuildServiceProvider();
    }

    /// <summary>A positive <c>name=milliseconds</c> option of a StackExchange.Redis configuration string (at most a minute).</summary>
    private static TimeSpan? RedisMilliseconds(string configuration, string name)
    {
        foreach (var part in configuration.Split(','))
        {
            var pair = part.Split('=', 2);
            if (pair.Length == 2 && string.Equals(pair[0].Trim(), name, StringComparison.OrdinalIgnoreCase)
                && int.TryParse(pair[1].Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var ms) && ms > 0)
            {
                return TimeSpan.FromMilliseconds(Math.Min(ms, 60_000));
            }
        }

        return null;
    }

    /// <summary>The vendor's name for a client's <see cref="HttpClient"/> name, as wait notes show it.</summary>
    private static string VendorOf(string clientName) => clientName switch
    {
        AmplemarketServiceCollectionExtensions.HttpClientName => "Amplemarket",
        TopoServiceCollectionExtensions.HttpClientName => "Topo",
        _ => clientName,
    };

    /// <summary>The vendor-neutral client of one provider.</summary>
    public IExclusionClient Client(ExclusionProvider provider) => _services.GetRequiredKeyedService<IExclusionClient>(provider.Name);

    /// <summary>The typed Topo client (for Topo-only operations such as PATCH).</summary>
    public TopoExclusionsClient Topo => _services.GetRequiredService<TopoExclusionsClient>();

    /// <summary>What to tell an operator after a 401/403: which variable holds the refused key.</summary>
    public static string CredentialHint(CliSettings settings, ExclusionProvider provider)
        => settings.UseEmulator ? "the embedded emulator refused the request" : $"check the key in {ProviderVariables.For(provider).ApiKeyVariable}";

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync().ConfigureAwait(false);
        if (_emulator is not null)
        {
            await _emulator.DisposeAsync().ConfigureAwait(false);
        }
    }

    private static VendorSettings Configure(ProviderVariables variables, CliSettings settings)
    {
        var apiKey = settings.Get(variables.ApiKeyVariable)
            ?? throw new CliException(
                CliFailure.MissingCredentials,
                $"{variables.ApiKeyVariable} is not set: export the {variables.Provider} API key in {variables.ApiKeyVariable} (never on the command line), or use --emulator.");

        var baseAddress = variables.DefaultBaseAddress;
        if (settings.Get(variables.BaseUrlVariable) is { } baseUrl)
        {
            if (!Uri.TryCreate(baseUrl, UriKind.Absolute, out var parsed) || (parsed.Scheme != Uri.UriSchemeHttps && parsed.Scheme != Uri.UriSchemeHttp))
            {
                throw CliException.Usage($"{variables.BaseUrlVariable} must be an absolute http(s) URL; got {ValueNormalizer.Quote(baseUrl)}. Nothing was sent.");
            }

            if (parsed.Scheme == Uri.UriSchemeHttp && !IsLoopback(parsed))
            {
                throw CliException.Usage(
                    $"{variables.BaseUrlVariable} uses plain http to {ValueNormalizer.Quote(parsed.Host)}, which is not loopback: refused, nothing was sent. Use https (plain http is allowed only for localhost, 127.0.0.0/8 and [::1]).");
            }

            baseAddress = parsed;
        }

        int? requestsPerMinute = null;
        if (settings.Get(variables.RateLimitVariable) is { } limit)
        {
            if (!int.TryParse(limit, NumberStyles.None, CultureInfo.InvariantCulture, out var perMinute) || perMinute < 1)
            {
                throw CliException.Usage($"{variables.RateLimitVariable} must be a positive whole number of requests per minute; got {ValueNormalizer.Quote(limit)}.");
            }

            requestsPerMinute = perMinute;
        }

        ExclusionClientOptions options = variables.Provider == ExclusionProvider.Topo
            ? new TopoOptions { ApiKey = apiKey, BaseAddress = baseAddress, RequestsPerMinute = requestsPerMinute }
            : new AmplemarketOptions { ApiKey = apiKey, BaseAddress = baseAddress, RequestsPerMinute = requestsPerMinute ?? AmplemarketOptions.DocumentedRequestsPerMinute };
        // The SDK's messages name settings (never the key's value): here, the variables the user set.
        var errors = options.Validate(setting => variables.SettingName(setting));
        if (errors.Count > 0)
        {
            throw new CliException(CliFailure.InvalidInput, errors.Select(e => $"error: {e}").ToArray());
        }

        return new VendorSettings(variables, apiKey, baseAddress, requestsPerMinute);
    }

    private static bool IsLoopback(Uri uri)
        => uri.IsLoopback || (IPAddress.TryParse(uri.DnsSafeHost, out var address) && IPAddress.IsLoopback(address));

    private sealed record VendorSettings(ProviderVariables Variables, string ApiKey, Uri BaseAddress, int? RequestsPerMinute);
}
