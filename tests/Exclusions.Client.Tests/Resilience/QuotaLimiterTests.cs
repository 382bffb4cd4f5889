using System.Net;
using Exclusions.Client.Amplemarket;
using Exclusions.Client.Resilience;
using Exclusions.Client.Topo;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Exclusions.Client.Tests.Resilience;

/// <summary>The sliding-log limiter keeps "at most N in any window", serves waiters in order and lets them cancel.</summary>
public sealed class QuotaLimiterTests
{
    private static readonly TimeSpan Minute = TimeSpan.FromMinutes(1);

    [Fact]
    public async Task A_burst_of_1000_is_admitted_at_most_N_per_sliding_window_in_arrival_order()
    {
        var time = new FakeTimeProvider();
        var limiter = new SlidingLogQuotaLimiter(100, Minute, time);
        var admitted = new List<(int Index, DateTimeOffset At)>();
        var tasks = Enumerable.Range(0, 1000).Select(async i =>
        {
            var lease = await limiter.AcquireAsync(CancellationToken.None);
            lock (admitted)
            {
                admitted.Add((i, time.GetUtcNow()));
            }

            return lease;
        }).ToList();

        // Advance only once every granted caller has recorded its time, so each records its admission instant.
        await AdvanceWhenSettledAsync(time, () => admitted.Count + limiter.QueueLength == 1000, () => admitted.Count == 1000);

        Assert.Equal(1000, admitted.Count);
        AssertAtMostPerWindow(admitted.Select(a => a.At).ToList(), 100, Minute);
        Assert.Equal(Enumerable.Range(0, 1000), admitted.OrderBy(a => a.At).ThenBy(a => a.Index).Select(a => a.Index));
        Assert.Equal(100, tasks.Count(t => !t.Result.HadToWait));
    }

    [Fact]
    public async Task A_permit_frees_exactly_one_window_after_the_oldest_admission()
    {
        var time = new FakeTimeProvider();
        var limiter = new SlidingLogQuotaLimiter(2, Minute, time);
        await limiter.AcquireAsync(CancellationToken.None);
        time.Advance(TimeSpan.FromSeconds(10));
        await limiter.AcquireAsync(CancellationToken.None);

        var third = limiter.AcquireAsync(CancellationToken.None).AsTask();
        time.Advance(TimeSpan.FromSeconds(49));
        await Task.Delay(20);
        Assert.False(third.IsCompleted);

        time.Advance(TimeSpan.FromSeconds(1));
        var lease = await third.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal(TimeSpan.FromSeconds(50), lease.WaitTime);

        // The next frees 60 s after the second admission (t = 10 s), i.e. at t = 70 s.
        var fourth = limiter.AcquireAsync(CancellationToken.None).AsTask();
        time.Advance(TimeSpan.FromSeconds(9));
        await Task.Delay(20);
        Assert.False(fourth.IsCompleted);
        time.Advance(TimeSpan.FromSeconds(1));
        await fourth.WaitAsync(TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task A_cancelled_waiter_leaves_the_queue_and_its_turn_goes_to_the_next()
    {
        var time = new FakeTimeProvider();
        var limiter = new SlidingLogQuotaLimiter(1, Minute, time);
        await limiter.AcquireAsync(CancellationToken.None);
        using var cts = new CancellationTokenSource();

        var cancelled = limiter.AcquireAsync(cts.Token).AsTask();
        var next = limiter.AcquireAsync(CancellationToken.None).AsTask();
        Assert.Equal(2, limiter.QueueLength);

        await cts.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled.WaitAsync(TimeSpan.FromSeconds(5)));
        Assert.Equal(1, limiter.QueueLength);

        time.Advance(Minute);
        await next.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal(0, limiter.QueueLength);
    }

    [Fact]
    public async Task A_newcomer_does_not_overtake_a_waiter()
    {
        var time = new FakeTimeProvider();
        var limiter = new SlidingLogQuotaLimiter(1, Minute, time);
        await limiter.AcquireAsync(CancellationToken.None);
        var first = limiter.AcquireAsync(CancellationToken.None).AsTask();

        time.Advance(Minute);
        await first.WaitAsync(TimeSpan.FromSeconds(5));
        var second = limiter.AcquireAsync(CancellationToken.None).AsTask();

        Assert.False(second.IsCompleted);
    }

    [Fact]
    public void An_already_cancelled_token_is_refused_without_taking_a_permit()
    {
        var limiter = new SlidingLogQuotaLimiter(1, Minute, new FakeTimeProvider());

        Assert.True(limiter.AcquireAsync(new CancellationToken(canceled: true)).IsCanceled);
        Assert.True(limiter.AcquireAsync(CancellationToken.None).IsCompletedSuccessfully);
    }

    [Fact]
    public void Limiters_are_shared_per_vendor_and_key_and_keys_are_held_only_as_hashes()
    {
        var key = "topo_" + Guid.NewGuid().ToString("N");
        var limiters = new QuotaLimiters(TimeProvider.System);
        var hash = QuotaLimiters.HashKey(key);
        var a = limiters.Get("vendor-a", hash, 10, Minute);

        Assert.Same(a, limiters.Get("vendor-a", hash, 10, Minute));
        Assert.NotSame(a, limiters.Get("vendor-b", hash, 10, Minute));
        Assert.NotSame(a, limiters.Get("vendor-a", QuotaLimiters.HashKey(key + "x"), 10, Minute));
        Assert.DoesNotContain(key, hash, StringComparison.Ordinal);
    }

    [Fact]
    public void Amplemarket_is_limited_to_its_documented_500_per_minute_and_Topo_is_not_limited_by_default()
    {
        Assert.Equal(500, QuotaLimiters.RequestsPerMinute(new AmplemarketOptions()));
        Assert.Null(QuotaLimiters.RequestsPerMinute(new TopoOptions()));
        Assert.Equal(42, QuotaLimiters.RequestsPerMinute(new TopoOptions { RequestsPerMinute = 42 }));
    }

    [Fact]
    public async Task A_burst_of_1000_calls_through_two_registrations_with_one_key_gets_zero_429s_from_a_strict_vendor()
    {
        // Two registrations (the unkeyed one and a keyed one) of one key: the vendor counts per key, so they share one budget.
        var key = "topo_" + Guid.NewGuid().ToString("N");
        var time = new RecordingTimeProvider();
        var vendor = new StrictVendorHandler(time, 500, Minute);
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(time);
        void Configure(TopoOptions o)
        {
            o.ApiKey = key;
            o.BaseAddress = new Uri("https://topo.test/v1");
            o.RequestsPerMinute = 500;
        }

        services.AddTopoExclusions(Configure).ConfigurePrimaryHttpMessageHandler(() => vendor);
        services.AddTopoExclusions("second", Configure).ConfigurePrimaryHttpMessageHandler(() => vendor);
        using var provider = services.BuildServiceProvider();
        var clients = new[] { provider.GetRequiredService<TopoExclusionsClient>(), provider.GetRequiredKeyedService<TopoExclusionsClient>("second") };

        var calls = Task.WhenAll(Enumerable.Range(0, 1000).Select(i => clients[i % 2].GetApiKeyInfoAsync()));
        var limiter = (SlidingLogQuotaLimiter)provider.GetRequiredService<QuotaLimiters>().Get(TopoServiceCollectionExtensions.HttpClientName, QuotaLimiters.HashKey(key), 500, QuotaResolver.Spaced(Minute));

        // Advance only once every admitted request has reached the vendor (arrival time = admission time).
        await AdvanceWhenSettledAsync(time, () => vendor.Arrivals.Count + limiter.QueueLength == 1000, () => calls.IsCompleted);
        await calls;

        Assert.Equal(1000, vendor.Arrivals.Count);
        Assert.Equal(0, vendor.Rejected);
        AssertAtMostPerWindow(vendor.Arrivals.ToList(), 500, Minute);
    }

    private static async Task AdvanceWhenSettledAsync(FakeTimeProvider time, Func<bool> settled, Func<bool> done)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!done() && DateTime.UtcNow < deadline)
        {
            while (!settled() && DateTime.UtcNow < deadline)
            {
                await Task.Delay(1);
            }

            if (!done())
            {
                time.Advance(TimeSpan.FromSeconds(1));
                await Task.Yield();
            }
        }

        Assert.True(done(), "Not every caller got a permit.");
    }

    private static void AssertAtMostPerWindow(IReadOnlyList<DateTimeOffset> times, int limit, TimeSpan window)
    {
        var sorted = times.OrderBy(t => t).ToList();
        for (var i = limit; i < sorted.Count; i++)
        {
            // The (limit+1)-th admission counted back from i must be at least a window earlier.
            Assert.True(sorted[i] - sorted[i - limit] >= window, $"Admissions {i - limit} and {i} are only {sorted[i] - sorted[i - limit]} apart.");
        }
    }

    /// <summary>A vendor that answers 429 to any request beyond N in the trailing window (on fake time).</summary>
    private sealed class StrictVendorHandler(TimeProvider time, int limit, TimeSpan window) : HttpMessageHandler
    {
        private readonly List<DateTimeOffset> _accepted = [];

        public System.Collections.Concurrent.ConcurrentQueue<DateTimeOffset> Arrivals { get; } = new();

        public int Rejected { get; private set; }

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var now = time.GetUtcNow();
            Arrivals.Enqueue(now);
            lock (_accepted)
            {
                if (_accepted.Count(t => now - t < window) >= limit)
                {
                    Rejected++;
                    return Task.FromResult(new HttpResponseMessage(HttpStatusCode.TooManyRequests) { Content = new StringContent("{}") });
                }

                _accepted.Add(now);
            }

            return Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK)
            {
                Content = new StringContent("""{"id":"k","organization_id":"o","name":"n","key_prefix":"topo_","scopes":["exclusions:read"],"last_used_at":null,"created_at":"2025-01-01T00:00:00Z"}""", System.Text.Encoding.UTF8, "application/json"),
            });
        }

        protected override void Dispose(bool disposing)
        {
            // Shared by two clients in this test; nothing to release.
        }
    }
}
