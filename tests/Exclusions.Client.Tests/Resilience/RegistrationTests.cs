using Exclusions.Client.Amplemarket;
using Exclusions.Client.Resilience;
using Exclusions.Client.Tests.Infrastructure;
using Exclusions.Client.Topo;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using WireMock.RequestBuilders;
using WireMock.Server;

namespace Exclusions.Client.Tests.Resilience;

/// <summary>
/// Registration is idempotent, several accounts of one vendor live side by side (keyed), quota limiters
/// belong to the container (its clock, its options reloads), and standalone clients own and dispose
/// their resources, share one limiter per key and use the options they are given.
/// </summary>
public sealed class RegistrationTests : IDisposable
{
    private static readonly Guid Id = Guid.Parse(TopoJsonBodies.ContactId);
    private readonly WireMockServer _server = WireMockServer.Start();
    private readonly RecordingTimeProvider _time = new();
    private readonly CapturingLoggerProvider _logs = new();

    public void Dispose()
    {
        _server.Stop();
        _server.Dispose();
    }

    private static IRequestBuilder GetContact => Request.Create().WithPath("/v1/contact-exclusions/" + TopoJsonBodies.ContactId).UsingGet();

    private static IRequestBuilder GetMe => Request.Create().WithPath("/v1/me").UsingGet();

    private static string Me => """{"id":"k","organization_id":"o","name":"n","key_prefix":"topo_","scopes":["exclusions:read"],"last_used_at":null,"created_at":"2025-01-01T00:00:00Z"}""";

    private Uri BaseAddress => new(_server.Url! + "/v1");

    [Fact]
    public async Task Registering_a_vendor_twice_does_not_stack_a_second_pipeline()
    {
        _server.Given(GetContact).RespondWith(ResilienceTestContext.Error(503));
        var services = Services();
        services.AddTopoExclusions(o => Topo(o, "topo_twice", maxRetries: 1));
        services.AddTopoExclusions(o => Topo(o, "topo_twice", maxRetries: 1));
        using var provider = services.BuildServiceProvider();

        await Assert.ThrowsAsync<ExclusionServerException>(() => _time.DriveAsync(provider.GetRequiredService<TopoExclusionsClient>().GetContactExclusionAsync(Id)));

        // One pipeline: 1 + 1 retry. Stacked pipelines would retry each other's attempts (2 × 2).
        Assert.Equal(2, _server.LogEntries.Count());
        Assert.Equal(2, _logs.Entries.Count(e => e.EventId.Id == 1001));
    }

    [Fact]
    public async Task A_second_registration_configures_on_top_of_the_first()
    {
        _server.Given(GetContact).RespondWith(ResilienceTestContext.Error(503));
        var services = Services();
        services.AddTopoExclusions(o => Topo(o, "topo_again", maxRetries: 3));
        services.AddTopoExclusions(o => o.Resilience.MaxRetries = 0);
        using var provider = services.BuildServiceProvider();

        await Assert.ThrowsAsync<ExclusionServerException>(() => provider.GetRequiredService<TopoExclusionsClient>().GetContactExclusionAsync(Id));

        Assert.Single(_server.LogEntries);
    }

    [Fact]
    public async Task Keyed_accounts_of_one_vendor_each_have_their_own_options_key_and_pipeline()
    {
        _server.Given(GetContact).RespondWith(ResilienceTestContext.Error(503));
        var services = Services();
        services.AddTopoExclusions("client-a", o => Topo(o, "topo_client_a", maxRetries: 0));
        services.AddTopoExclusions("client-b", o => Topo(o, "topo_client_b", maxRetries: 2));
        services.AddSingleton<Agency>();
        using var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });
        var agency = provider.GetRequiredService<Agency>();

        await Assert.ThrowsAsync<ExclusionServerException>(() => _time.DriveAsync(agency.ClientA.GetContactExclusionAsync(Id)));
        await Assert.ThrowsAsync<ExclusionServerException>(() => _time.DriveAsync(agency.ClientB.GetContactExclusionAsync(Id)));

        var keys = _server.LogEntries.Select(e => e.RequestMessage!.Headers!["Authorization"].Single()).ToList();
        Assert.Equal(["Bearer topo_client_a", "Bearer topo_client_b", "Bearer topo_client_b", "Bearer topo_client_b"], keys);
        Assert.NotSame(agency.ClientA, agency.ClientB);
        Assert.Null(provider.GetService<TopoExclusionsClient>());
    }

    [Fact]
    public async Task Keyed_accounts_have_their_own_limiter_per_key()
    {
        _server.Given(GetMe).RespondWith(ResilienceTestContext.Json(200, Me));
        var services = Services();
        services.AddTopoExclusions("client-a", o => Topo(o, "topo_limited_a", requestsPerMinute: 1));
        services.AddTopoExclusions("client-b", o => Topo(o, "topo_limited_b", requestsPerMinute: 1));
        using var provider = services.BuildServiceProvider();
        var a = provider.GetRequiredKeyedService<TopoExclusionsClient>("client-a");
        var b = provider.GetRequiredKeyedService<TopoExclusionsClient>("client-b");

        await a.GetApiKeyInfoAsync();
        var secondA = a.GetApiKeyInfoAsync();
        await b.GetApiKeyInfoAsync();

        // client-a's second call waits for its own budget; client-b's first did not wait behind it.
        Assert.False(secondA.IsCompleted);
        Assert.Equal(2, _server.LogEntries.Count());
        await _time.DriveAsync(secondA, TimeSpan.FromSeconds(5));
        Assert.Equal(3, _server.LogEntries.Count());
    }

    [Fact]
    public async Task A_limiter_runs_on_its_own_containers_clock_not_on_the_first_callers()
    {
        // Two containers, one key, each with its own fake clock. With one process-wide limiter, the second
        // container would wait on the first container's clock, which never moves.
        var key = "topo_" + Guid.NewGuid().ToString("N");
        _server.Given(GetMe).RespondWith(ResilienceTestContext.Json(200, Me));
        var first = new RecordingTimeProvider();
        using var one = Services(first).AddTopoExclusions(o => Topo(o, key, requestsPerMinute: 1)).Services.BuildServiceProvider();
        await one.GetRequiredService<TopoExclusionsClient>().GetApiKeyInfoAsync();

        using var two = Services().AddTopoExclusions(o => Topo(o, key, requestsPerMinute: 1)).Services.BuildServiceProvider();
        var client = two.GetRequiredService<TopoExclusionsClient>();
        await client.GetApiKeyInfoAsync();
        await _time.DriveAsync(client.GetApiKeyInfoAsync(), TimeSpan.FromSeconds(5));

        Assert.Equal(3, _server.LogEntries.Count());
        Assert.NotSame(one.GetRequiredService<QuotaLimiters>(), two.GetRequiredService<QuotaLimiters>());
    }

    [Fact]
    public async Task An_options_reload_with_a_new_limit_takes_effect()
    {
        _server.Given(GetMe).RespondWith(ResilienceTestContext.Json(200, Me));
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ApiKey"] = "topo_" + Guid.NewGuid().ToString("N"),
            ["BaseAddress"] = BaseAddress.ToString(),
            ["RequestsPerMinute"] = "1000",
        }).Build();
        var services = Services();
        services.AddTopoExclusions(configuration);
        using var provider = services.BuildServiceProvider();
        var client = provider.GetRequiredService<TopoExclusionsClient>();
        await client.GetApiKeyInfoAsync();
        await client.GetApiKeyInfoAsync();

        configuration["RequestsPerMinute"] = "1";
        configuration.Reload();
        await client.GetApiKeyInfoAsync();
        var limited = client.GetApiKeyInfoAsync();

        Assert.False(limited.IsCompleted);
        Assert.Equal(3, _server.LogEntries.Count());
        await _time.DriveAsync(limited, TimeSpan.FromSeconds(5));
        Assert.Equal(4, _server.LogEntries.Count());
    }

    [Fact]
    public async Task A_standalone_client_disposes_its_provider_and_handler()
    {
        _server.Given(GetMe).RespondWith(ResilienceTestContext.Json(200, Me));
        var client = new TopoExclusionsClient(o =>
        {
            o.ApiKey = "topo_standalone_dispose";
            o.BaseAddress = BaseAddress;
        });
        await client.GetApiKeyInfoAsync();

        client.Dispose();

        await Assert.ThrowsAnyAsync<ObjectDisposedException>(() => client.GetApiKeyInfoAsync());
        client.Dispose();
        await client.DisposeAsync();
    }

    [Fact]
    public async Task A_standalone_client_disposes_asynchronously_too()
    {
        _server.Given(Request.Create().WithPath("/excluded-emails").UsingGet()).RespondWith(ResilienceTestContext.Json(200, """{"excluded_emails":[],"_links":{"self":{"href":"/excluded-emails"}}}"""));
        var client = new AmplemarketExclusionsClient(new AmplemarketOptions { ApiKey = "amp_standalone_dispose", BaseAddress = new Uri(_server.Url!) });
        await client.GetExcludedEmailsPageAsync();

        await client.DisposeAsync();

        await Assert.ThrowsAnyAsync<ObjectDisposedException>(() => client.GetExcludedEmailsPageAsync());
    }

    [Fact]
    public async Task Standalone_clients_with_one_key_share_one_limiter()
    {
        _server.Given(GetMe).RespondWith(ResilienceTestContext.Json(200, Me));
        var key = "topo_" + Guid.NewGuid().ToString("N");
        void Configure(TopoOptions o)
        {
            o.ApiKey = key;
            o.BaseAddress = BaseAddress;
            o.RequestsPerMinute = 1;
        }

        using var first = new TopoExclusionsClient(Configure);
        using var second = new TopoExclusionsClient(Configure);
        await first.GetApiKeyInfoAsync();
        using var cancel = new CancellationTokenSource();

        var waiting = second.GetApiKeyInfoAsync(cancel.Token);
        var limiter = (SlidingLogQuotaLimiter)QuotaLimiters.Standalone.Get(TopoServiceCollectionExtensions.HttpClientName, QuotaLimiters.HashKey(key), 1, QuotaResolver.Spaced(TimeSpan.FromMinutes(1)));
        // Standalone clients run on real time, so this waits in real time for the second call to queue. The bound
        // only matters if it never queues: 50 s (a cold, loaded run took seconds), still under the 60 s the
        // one-per-minute budget would make the second call wait before it could pass.
        var deadline = DateTime.UtcNow.AddSeconds(50);
        while (limiter.QueueLength == 0 && !waiting.IsCompleted && DateTime.UtcNow < deadline)
        {
            await Task.Delay(5);
        }

        Assert.Equal(1, limiter.QueueLength);
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);
        Assert.Single(_server.LogEntries);
    }

    [Fact]
    public void A_standalone_client_uses_the_very_options_instance_it_is_given()
    {
        var options = new TopoOptions { ApiKey = "topo_same_instance", ListConcurrency = 3, BulkConcurrency = 5, Resilience = { MaxRetries = 6 } };

        using var client = new TopoExclusionsClient(options);

        Assert.Same(options, client.Core!.Options);
    }

    [Fact]
    public void A_standalone_client_configured_with_an_action_gets_every_setting_it_sets()
    {
        using var topo = new TopoExclusionsClient(o =>
        {
            o.ApiKey = "topo_action";
            o.ListConcurrency = 3;
            o.BulkConcurrency = 5;
            o.DefaultReason = ExclusionReason.Competitor;
            o.Resilience.MaxRetries = 6;
            o.Resilience.RateLimitWindow = TimeSpan.FromSeconds(30);
        });
        using var amplemarket = new AmplemarketExclusionsClient(o =>
        {
            o.ApiKey = "amp_action";
            o.ListPageSize = 7;
            o.BulkChunkSize = 9;
        });

        var t = (TopoOptions)topo.Core!.Options;
        Assert.Equal((3, 5, ExclusionReason.Competitor, 6, TimeSpan.FromSeconds(30)), (t.ListConcurrency, t.BulkConcurrency, t.DefaultReason, t.Resilience.MaxRetries, t.Resilience.RateLimitWindow));
        var a = (AmplemarketOptions)amplemarket.Core!.Options;
        Assert.Equal((7, 9), (a.ListPageSize, a.BulkChunkSize));
    }

    [Fact]
    public void A_standalone_client_with_invalid_options_is_an_argument_exception()
    {
        Assert.Throws<ArgumentException>(() => new TopoExclusionsClient(o => o.ApiKey = string.Empty));
        Assert.Throws<ArgumentException>(() => new TopoExclusionsClient(new TopoOptions()));
    }

    private ServiceCollection Services(TimeProvider? time = null)
    {
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(time ?? _time);
        services.AddLogging(b => b.SetMinimumLevel(LogLevel.Trace).AddProvider(_logs));
        return services;
    }

    private void Topo(TopoOptions o, string key, int maxRetries = 3, int? requestsPerMinute = null)
    {
        o.ApiKey = key;
        o.BaseAddress = BaseAddress;
        o.RequestsPerMinute = requestsPerMinute;
        o.Resilience.MaxRetries = maxRetries;
        o.Resilience.BaseDelay = TimeSpan.FromSeconds(1);
        o.Resilience.MaxDelay = TimeSpan.FromSeconds(4);
        o.Resilience.AttemptTimeout = TimeSpan.FromMinutes(10);
        o.Resilience.TotalTimeout = TimeSpan.FromHours(1);
    }

    private sealed class Agency([FromKeyedServices("client-a")] TopoExclusionsClient clientA, [FromKeyedServices("client-b")] TopoExclusionsClient clientB)
    {
        public TopoExclusionsClient ClientA { get; } = clientA;

        public TopoExclusionsClient ClientB { get; } = clientB;
    }
}
