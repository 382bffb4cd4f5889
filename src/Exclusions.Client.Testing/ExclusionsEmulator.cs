using System.Net;
using Exclusions.Client.Testing.Amplemarket;
using Exclusions.Client.Testing.Hosting;
using Exclusions.Client.Testing.Topo;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Exclusions.Client.Testing;

/// <summary>
/// An in-process emulator of the Topo and Amplemarket exclusion APIs: a Kestrel server on 127.0.0.1
/// serving Topo under <c>/v1</c> and Amplemarket at the root, with seeding, inspection, a request log and
/// fault injection. Start one with <see cref="StartAsync"/> and dispose it when done. With
/// <see cref="ExclusionsEmulatorOptions.InMemory"/> it opens no socket and is called through <see cref="CreateHandler"/>.
/// </summary>
/// <example>
/// <code>
/// await using var emulator = await ExclusionsEmulator.StartAsync();
/// emulator.Topo.SeedContactExclusion("jane@acme.com");
/// // point the code under test at emulator.TopoBaseAddress with emulator.TopoApiKey
/// </code>
/// </example>
public sealed class ExclusionsEmulator : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly TopoApi _topoApi;
    private readonly AmplemarketApi _amplemarketApi;
    private readonly RequestLog _log;
    private readonly FailureLog _failures;
    private readonly bool _throwOnDispose;
    private readonly Action<ExclusionsEmulator>? _onReset;
    private readonly RequestGate _gate;
    private readonly TestServer? _inMemory;
    private int _disposed;

    private ExclusionsEmulator(
        WebApplication app, ExclusionsEmulatorOptions options, TopoApi topoApi, AmplemarketApi amplemarketApi,
        RequestLog log, FailureLog failures, EmulatorFaults faults, RequestGate gate, int port, TestServer? inMemory)
    {
        _app = app;
        _inMemory = inMemory;
        _gate = gate;
        _failures = failures;
        _throwOnDispose = options.ThrowOnDisposeIfFailed;
        _onReset = options.OnReset;
        _topoApi = topoApi;
        _amplemarketApi = amplemarketApi;
        _log = log;
        Faults = faults;
        Port = port;
        TopoApiKey = options.TopoApiKey;
        AmplemarketApiKey = options.AmplemarketApiKey;
        // In memory no host is ever resolved: any loopback name passes the SDK's plain-http rule.
        var root = inMemory is null ? $"http://127.0.0.1:{port}/" : "http://localhost/";
        TopoBaseAddress = new Uri(root + "v1/");
        AmplemarketBaseAddress = new Uri(root);
        Topo = new TopoEmulator(topoApi, options.TimeProvider);
        Amplemarket = new AmplemarketEmulator(amplemarketApi, options.TimeProvider);
    }

    /// <summary>The port the emulator listens on; 0 with <see cref="ExclusionsEmulatorOptions.InMemory"/>.</summary>
    public int Port { get; }

    /// <summary>
    /// Topo's base address, <c>http://127.0.0.1:{port}/v1/</c> (in memory <c>http://localhost/v1/</c>); the trailing
    /// slash lets relative paths resolve.
    /// </summary>
    public Uri TopoBaseAddress { get; }

    /// <summary>Amplemarket's base address, <c>http://127.0.0.1:{port}/</c> (in memory <c>http://localhost/</c>).</summary>
    public Uri AmplemarketBaseAddress { get; }

    /// <summary>The default Topo API key, with scopes <c>exclusions:read</c> and <c>exclusions:write</c>.</summary>
    public string TopoApiKey { get; }

    /// <summary>The default Amplemarket API key.</summary>
    public string AmplemarketApiKey { get; }

    /// <summary>Topo's keys and exclusions.</summary>
    public TopoEmulator Topo { get; }

    /// <summary>Amplemarket's keys and exclusion lists.</summary>
    public AmplemarketEmulator Amplemarket { get; }

    /// <summary>Fault injection rules.</summary>
    public EmulatorFaults Faults { get; }

    /// <summary>
    /// A snapshot of the requests received so far, oldest first (at most the latest 10,000).
    /// <c>Authorization</c> values are never recorded.
    /// </summary>
    public IReadOnlyList<RecordedRequest> Requests => _log.Snapshot();

    /// <summary>
    /// Exceptions the emulator threw while serving requests, oldest first (at most 1,000). Each such request was
    /// answered 500 with an <c>X-Emulator-Failure</c> header. Not cleared by <see cref="Reset"/>: a failure is
    /// a bug to see, not state.
    /// </summary>
    public IReadOnlyList<EmulatorFailure> Failures => _failures.Snapshot();

    /// <summary>
    /// Everything a test asserts on, in one call: the request log (what was sent to which vendor, with bodies),
    /// every vendor's stored exclusions and the emulator's own failures. Each part is a consistent snapshot;
    /// take it when the code under test is idle.
    /// </summary>
    /// <returns>The snapshot.</returns>
    public EmulatorSnapshot Inspect() => new()
    {
        Requests = _log.Snapshot(),
        TopoContactExclusions = Topo.ContactExclusions,
        TopoAccountExclusions = Topo.AccountExclusions,
        AmplemarketExcludedEmails = Amplemarket.ExcludedEmails,
        AmplemarketExcludedDomains = Amplemarket.ExcludedDomains,
        Failures = _failures.Snapshot(),
    };

    /// <summary>
    /// A handler that sends requests to this emulator in process, for an <see cref="HttpClient"/> (or as the
    /// primary handler of an <c>IHttpClientFactory</c> client). Each call returns a new handler; the
    /// emulator outlives them.
    /// </summary>
    /// <returns>The handler.</returns>
    /// <exception cref="InvalidOperationException">The emulator was not started with <see cref="ExclusionsEmulatorOptions.InMemory"/> (call its base addresses instead).</exception>
    public HttpMessageHandler CreateHandler() => _inMemory is null
        ? throw new InvalidOperationException($"{nameof(CreateHandler)} needs an emulator started with {nameof(ExclusionsEmulatorOptions)}.{nameof(ExclusionsEmulatorOptions.InMemory)}; this one listens on {AmplemarketBaseAddress}.")
        : new InMemoryHandler(_inMemory.CreateHandler());

    /// <summary>Whether requests reach this emulator only through <see cref="CreateHandler"/>.</summary>
    internal bool IsInMemory => _inMemory is not null;

    /// <summary>Throws an <see cref="EmulatorFailureException"/> if the emulator failed while serving any request.</summary>
    /// <exception cref="EmulatorFailureException">See <see cref="Failures"/>.</exception>
    public void ThrowIfFailed()
    {
        var failures = _failures.Snapshot();
        if (failures.Count > 0)
        {
            throw new EmulatorFailureException(failures);
        }
    }

    /// <summary>
    /// The vendor routes the emulator serves, as (method, route pattern) such as <c>("GET", "/v1/contact-exclusions/{id}")</c>:
    /// what the OpenAPI documents must describe. The 404/405 fallbacks, <c>/openapi/…</c> and <c>/_emulator/…</c> are not vendor routes.
    /// </summary>
    internal IReadOnlyList<(string Method, string Pattern)> Routes() =>
        ((Microsoft.AspNetCore.Routing.IEndpointRouteBuilder)_app).DataSources
            .SelectMany(source => source.Endpoints)
            .OfType<Microsoft.AspNetCore.Routing.RouteEndpoint>()
            .SelectMany(endpoint => (endpoint.Metadata.GetMetadata<Microsoft.AspNetCore.Routing.IHttpMethodMetadata>()?.HttpMethods ?? [])
                .Select(method => (method, "/" + (endpoint.RoutePattern.RawText ?? "").TrimStart('/'))))
            .ToList();

    /// <summary>The failures recorded for one request id (empty when it did not fail).</summary>
    internal IReadOnlyList<EmulatorFailure> FailuresFor(string requestId) => _failures.For(requestId);

    /// <summary>Starts an emulator on loopback (or, with <see cref="ExclusionsEmulatorOptions.InMemory"/>, in process).</summary>
    /// <param name="options">Settings; <see langword="null"/> for the defaults.</param>
    /// <param name="cancellationToken">Cancels the start.</param>
    /// <returns>The running emulator.</returns>
    public static async Task<ExclusionsEmulator> StartAsync(ExclusionsEmulatorOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new ExclusionsEmulatorOptions();
        Validate(options);

        var random = new EmulatorRandom(options.RandomSeed ?? Random.Shared.Next());
        var topoApi = new TopoApi(options, random);
        var amplemarketApi = new AmplemarketApi(options, random);
        var faults = new EmulatorFaults(random);
        var log = new RequestLog(options.OnRequest);
        var failures = new FailureLog();

        // Closed until OnStarted has run: the port answers nothing before the start-up state is complete.
        var gate = new RequestGate(closed: true);
        var middleware = new EmulatorMiddleware(topoApi, amplemarketApi, faults, log, options.TimeProvider, failures, gate);

        // The empty builder reads no environment variables, appsettings or command line, so the host
        // process's configuration cannot change the emulator; and it has no logging providers.
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions
        {
            ApplicationName = typeof(ExclusionsEmulator).Assembly.GetName().Name,
            EnvironmentName = Environments.Production,
            ContentRootPath = AppContext.BaseDirectory,
        });
        if (options.InMemory)
        {
            builder.WebHost.UseTestServer();
        }
        else
        {
            builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel =>
            {
                kestrel.AddServerHeader = false;
                kestrel.Listen(IPAddress.Loopback, options.Port);
            });
        }

        builder.Services.AddLogging();
        builder.Services.AddRoutingCore();
        builder.Services.AddSingleton<IHostLifetime, NoopHostLifetime>();
        builder.Services.Configure<HostOptions>(host => host.ShutdownTimeout = TimeSpan.FromSeconds(5));

        ExclusionsEmulator? emulator = null;
        if (options.EnableAdminEndpoints)
        {
            middleware.Admin = context => AdminAsync(context, emulator);
        }

        var app = builder.Build();
        app.Use(middleware.InvokeAsync);
        app.UseRouting();
        topoApi.MapEndpoints(app);
        amplemarketApi.MapEndpoints(app);

        try
        {
            await app.StartAsync(cancellationToken);
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }

        var server = app.Services.GetRequiredService<IServer>();
        var inMemory = server as TestServer;
        var port = inMemory is null ? new Uri(server.Features.Get<IServerAddressesFeature>()!.Addresses.First()).Port : 0;
        emulator = new ExclusionsEmulator(app, options, topoApi, amplemarketApi, log, failures, faults, gate, port, inMemory);
        try
        {
            options.OnStarted?.Invoke(emulator);
        }
        catch
        {
            gate.Open();
            await app.StopAsync(CancellationToken.None);
            await app.DisposeAsync();
            throw;
        }

        gate.Open();
        return emulator;
    }

    /// <summary>
    /// Returns the emulator to its just-started state: no exclusions, an empty request log, no fault rules,
    /// fresh rate-limit windows, and only the default API keys; then runs <see cref="ExclusionsEmulatorOptions.OnReset"/>.
    /// Requests that arrive meanwhile wait until it is done (they never see the state half-restored); requests
    /// already being answered are not waited for.
    /// </summary>
    public void Reset()
    {
        _gate.Close();
        try
        {
            Faults.Clear();
            _topoApi.Reset();
            _amplemarketApi.Reset();
            _log.Clear();
            _onReset?.Invoke(this);
        }
        finally
        {
            _gate.Open();
        }
    }

    /// <summary>
    /// Stops the server. Then, if the emulator failed while serving a request and
    /// <see cref="ExclusionsEmulatorOptions.ThrowOnDisposeIfFailed"/> is on (the default), throws.
    /// </summary>
    /// <returns>A task that completes when the server has stopped.</returns>
    /// <exception cref="EmulatorFailureException">The emulator failed while serving a request (see <see cref="Failures"/>).</exception>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        await _app.StopAsync();
        await _app.DisposeAsync();
        if (_throwOnDispose)
        {
            ThrowIfFailed();
        }
    }

    /// <summary><c>GET /_emulator/state</c> and <c>POST /_emulator/reset</c>; anything else is 404.</summary>
    private static Task AdminAsync(Microsoft.AspNetCore.Http.HttpContext context, ExclusionsEmulator? emulator)
    {
        var path = context.Request.Path.Value;
        if (emulator is null)
        {
            context.Response.StatusCode = 503;
            return Task.CompletedTask;
        }

        if (path == "/_emulator/reset" && Microsoft.AspNetCore.Http.HttpMethods.IsPost(context.Request.Method))
        {
            emulator.Reset();
            context.Response.StatusCode = 204;
            return Task.CompletedTask;
        }

        if (path == "/_emulator/state" && Microsoft.AspNetCore.Http.HttpMethods.IsGet(context.Request.Method))
        {
            var run = emulator.Inspect();
            var body = new Dictionary<string, object?>
            {
                ["requests"] = run.Requests.Select(r => new { vendor = r.Vendor.ToString(), method = r.Method, path = r.Path, query = r.Query, body = r.Body, content_type = r.ContentType, status = r.StatusCode, fault = r.Fault?.ToString(), request_id = r.RequestId, timestamp = r.Timestamp }),
                ["topo_contact_exclusions"] = run.TopoContactExclusions,
                ["topo_account_exclusions"] = run.TopoAccountExclusions,
                ["amplemarket_excluded_emails"] = run.AmplemarketExcludedEmails,
                ["amplemarket_excluded_domains"] = run.AmplemarketExcludedDomains,
                ["failures"] = run.Failures.Select(f => f.ToString()),
            };
            return JsonResponses.WriteAsync(context, 200, body, "application/json; charset=utf-8");
        }

        context.Response.StatusCode = 404;
        return Task.CompletedTask;
    }

    private static void Validate(ExclusionsEmulatorOptions options)
    {
        ArgumentNullException.ThrowIfNull(options.TimeProvider, nameof(options.TimeProvider));
        ArgumentException.ThrowIfNullOrEmpty(options.TopoApiKey, nameof(options.TopoApiKey));
        ArgumentException.ThrowIfNullOrEmpty(options.AmplemarketApiKey, nameof(options.AmplemarketApiKey));
        if (options.Port is < 0 or > 65535)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.Port, "Port must be between 0 and 65535.");
        }

        if (options.InMemory && options.Port != 0)
        {
            throw new ArgumentException("An InMemory emulator listens on no port: leave Port at 0.", nameof(options));
        }

        if (options.AmplemarketPageSize is < 1 or > AmplemarketApi.MaxPageSize)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.AmplemarketPageSize, $"AmplemarketPageSize must be between 1 and {AmplemarketApi.MaxPageSize}.");
        }

        if (options.AmplemarketRequestsPerMinute is < 0 || options.TopoRequestsPerMinute is < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(options), "Rate limits cannot be negative.");
        }

        if (options.TopoTimestampFractionalDigits is < 0 or > 7)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.TopoTimestampFractionalDigits, "TopoTimestampFractionalDigits must be between 0 and 7.");
        }

        if (options.RateLimitWindow <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.RateLimitWindow, "RateLimitWindow must be positive.");
        }
    }
}
