using System.Diagnostics.Metrics;
using Exclusions.Client.Amplemarket;
using Exclusions.Client.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using StackExchange.Redis;

namespace Exclusions.Client.Redis.Tests;

/// <summary>The limiter inside one process: what it writes to Redis, and what it does while Redis is down.</summary>
[Collection(RedisCollection.Name)]
public sealed class RedisRateLimiterTests(RedisFixture fixture)
{
    private readonly RedisServer _redis = fixture.Server;

    [SkippableFact]
    public async Task Redis_holds_only_a_hash_of_the_key_and_every_key_expires()
    {
        _redis.RequireRunning();
        await using var emulator = await ExclusionsEmulator.StartAsync();
        var prefix = "test:" + Guid.NewGuid().ToString("N")[..8] + ":";
        await using var provider = Build(emulator, b => b.AddRedisRateLimiter(_redis.Configuration, o => o.KeyPrefix = prefix));
        var client = provider.GetRequiredService<AmplemarketExclusionsClient>();

        var result = await client.AddExcludedEmailsAsync(Enumerable.Range(0, 5).Select(i => $"hash{i}@example.com"));
        Assert.True(result.AllSucceeded);

        await using var connection = await _redis.ConnectAsync();
        var server = connection.GetServer(connection.GetEndPoints()[0]);
        var keys = server.Keys(pattern: prefix + "*").ToList();
        var key = Assert.Single(keys);
        var members = await connection.GetDatabase().SortedSetRangeByRankAsync(key);
        Assert.Equal(emulator.Requests.Count, members.Length);

        var apiKey = emulator.AmplemarketApiKey;
        foreach (var text in server.Keys(pattern: "*").Select(k => (string)k!).Concat(members.Select(m => (string)m!)))
        {
            for (var start = 0; start + 6 <= apiKey.Length; start++)
            {
                Assert.DoesNotContain(apiKey.Substring(start, 6), text, StringComparison.OrdinalIgnoreCase);
            }
        }

        foreach (var any in server.Keys(pattern: "*"))
        {
            var ttl = await connection.GetDatabase().KeyTimeToLiveAsync(any);
            Assert.True(ttl > TimeSpan.Zero, $"a key without TTL: {any}");
        }
    }

    [SkippableFact]
    public async Task While_Redis_is_down_calls_fall_back_with_one_warning_and_share_again_when_it_is_back()
    {
        _redis.RequireRunning();
        await using var redis = await RedisServer.StartAsync();
        redis.RequireRunning();
        await redis.StopAsync();

        await using var emulator = await ExclusionsEmulator.StartAsync();
        var prefix = "test:" + Guid.NewGuid().ToString("N")[..8] + ":";
        await using var provider = Build(emulator, b => b.AddRedisRateLimiter(redis.Configuration, o =>
        {
            o.KeyPrefix = prefix;
            o.RetryAfterFailure = TimeSpan.FromMilliseconds(300);
        }));
        var client = provider.GetRequiredService<AmplemarketExclusionsClient>();
        var logs = provider.GetFakeLogCollector();
        var health = provider.GetRequiredService<HealthCheckService>();
        using var fallbacks = new PermitCounter("exclusions.client.shared_quota.fallback_permits");

        for (var i = 0; i < 4; i++)
        {
            var result = await client.AddExcludedEmailsAsync([$"down{i}@example.com"]);
            Assert.True(result.AllSucceeded);
            await Task.Delay(150);
        }

        var warning = Assert.Single(logs.GetSnapshot(), r => r.Level == LogLevel.Warning && r.Id.Id == 1301);
        Assert.DoesNotContain(emulator.AmplemarketApiKey, warning.Message, StringComparison.Ordinal);
        Assert.Equal(4, fallbacks.Total);
        Assert.Equal(HealthStatus.Degraded, (await health.CheckHealthAsync()).Status);

        await redis.StartAgainAsync();

        // Calls until the limiter has noticed Redis is back (it probes every 300 ms); the bound only matters if
        // it never does, so it is generous for a loaded machine where reconnecting takes seconds.
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (!logs.GetSnapshot().Any(r => r.Id.Id == 1302) && DateTime.UtcNow < deadline)
        {
            Assert.True((await client.AddExcludedEmailsAsync([$"back{Guid.NewGuid():N}@example.com"])).AllSucceeded);
            await Task.Delay(200);
        }

        Assert.Single(logs.GetSnapshot(), r => r.Id.Id == 1302);
        Assert.Single(logs.GetSnapshot(), r => r.Id.Id == 1301);
        await using var connection = await redis.ConnectAsync();
        Assert.NotEmpty(connection.GetServer(connection.GetEndPoints()[0]).Keys(pattern: prefix + "*"));
        Assert.Equal(HealthStatus.Healthy, (await health.CheckHealthAsync()).Status);
    }

    [SkippableFact]
    public async Task A_dead_Redis_costs_a_call_at_most_the_short_timeout()
    {
        _redis.RequireRunning();
        await using var emulator = await ExclusionsEmulator.StartAsync();

        // A listener that accepts connections and never answers: the worst kind of dead Redis.
        using var silent = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        silent.Start();
        var port = ((System.Net.IPEndPoint)silent.LocalEndpoint).Port;
        await using var provider = Build(emulator, b => b.AddRedisRateLimiter($"127.0.0.1:{port}", o =>
        {
            o.ConnectTimeout = TimeSpan.FromMilliseconds(400);
            o.OperationTimeout = TimeSpan.FromMilliseconds(200);
        }));
        var client = provider.GetRequiredService<AmplemarketExclusionsClient>();

        // A silent Redis must not hold calls: the first pays at most the 400 ms connect deadline, the second
        // nothing (Redis is not asked again before RetryAfterFailure, 10 s). Wall-clock bounds, so they are wide
        // (4.5 s: well under StackExchange.Redis's 5 s default) for a loaded machine never to miss them.
        var started = System.Diagnostics.Stopwatch.StartNew();
        Assert.True((await client.AddExcludedEmailsAsync(["slow@example.com"])).AllSucceeded);
        Assert.InRange(started.Elapsed, TimeSpan.Zero, TimeSpan.FromSeconds(4.5));

        started.Restart();
        Assert.True((await client.AddExcludedEmailsAsync(["fast@example.com"])).AllSucceeded);
        Assert.InRange(started.Elapsed, TimeSpan.Zero, TimeSpan.FromSeconds(4.5));
    }

    [SkippableFact]
    public async Task WaitForRedis_never_sends_without_a_shared_permit()
    {
        _redis.RequireRunning();
        await using var redis = await RedisServer.StartAsync();
        await redis.StopAsync();
        await using var emulator = await ExclusionsEmulator.StartAsync();
        await using var provider = Build(emulator, b => b.AddRedisRateLimiter(redis.Configuration, o => o.Fallback = RedisRateLimiterFallback.WaitForRedis));
        var client = provider.GetRequiredService<AmplemarketExclusionsClient>();

        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(1.5));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => client.GetExcludedEmailsPageAsync(cancellationToken: cancel.Token));
        Assert.Empty(emulator.Requests);
    }

    [SkippableFact]
    public async Task Uses_the_connection_from_dependency_injection()
    {
        _redis.RequireRunning();
        await using var emulator = await ExclusionsEmulator.StartAsync();
        await using var connection = await _redis.ConnectAsync();
        var prefix = "test:" + Guid.NewGuid().ToString("N")[..8] + ":";
        await using var provider = Build(
            emulator,
            b => b.AddRedisRateLimiter(o => o.KeyPrefix = prefix),
            s => s.AddSingleton<IConnectionMultiplexer>(connection));

        await provider.GetRequiredService<AmplemarketExclusionsClient>().GetExcludedEmailsPageAsync();

        Assert.Single(connection.GetServer(connection.GetEndPoints()[0]).Keys(pattern: prefix + "*"));
    }

    [Fact]
    public async Task Without_a_connection_string_or_a_multiplexer_the_first_call_says_what_is_missing()
    {
        await using var emulator = await ExclusionsEmulator.StartAsync();
        await using var provider = Build(emulator, b => b.AddRedisRateLimiter());

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => provider.GetRequiredService<AmplemarketExclusionsClient>().GetExcludedEmailsPageAsync());
        Assert.Contains("IConnectionMultiplexer", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Options_are_validated()
    {
        Assert.Empty(new RedisRateLimiterOptions().Validate());
        var errors = new RedisRateLimiterOptions { KeyPrefix = " ", OperationTimeout = TimeSpan.Zero, RetryAfterFailure = TimeSpan.FromSeconds(-1), Fallback = (RedisRateLimiterFallback)7 }.Validate();
        Assert.Equal(4, errors.Count);
    }

    private static ServiceProvider Build(ExclusionsEmulator emulator, Action<IHttpClientBuilder> addLimiter, Action<IServiceCollection>? more = null)
    {
        var services = new ServiceCollection();
        services.AddFakeLogging();
        services.AddHealthChecks().AddExclusionsRedisRateLimiter();
        more?.Invoke(services);
        var builder = services.AddAmplemarketExclusions(o =>
        {
            o.ApiKey = emulator.AmplemarketApiKey;
            o.BaseAddress = emulator.AmplemarketBaseAddress;
            o.Resilience.MaxRetries = 0;
        });
        addLimiter(builder);
        return services.BuildServiceProvider();
    }

    /// <summary>Sums one counter of the <c>Exclusions.Client</c> meters while it lives.</summary>
    private sealed class PermitCounter : IDisposable
    {
        private readonly MeterListener _listener = new();
        private long _total;

        public PermitCounter(string instrument)
        {
            _listener.InstrumentPublished = (i, l) =>
            {
                if (i.Meter.Name == "Exclusions.Client" && i.Name == instrument)
                {
                    l.EnableMeasurementEvents(i);
                }
            };
            _listener.SetMeasurementEventCallback<long>((_, value, _, _) => Interlocked.Add(ref _total, value));
            _listener.Start();
        }

        public long Total => Interlocked.Read(ref _total);

        public void Dispose() => _listener.Dispose();
    }
}
