using System.Collections.Concurrent;
using Exclusions.Client.Resilience;
using Exclusions.Client.Topo;
using Microsoft.Extensions.Time.Testing;
using WireMock.RequestBuilders;

namespace Exclusions.Client.Tests.Resilience;

/// <summary>
/// A 429 without Retry-After on a client with a per-minute budget (always Amplemarket) is waited out as
/// the budget implies, announced through OnRateLimitWait, within MaxRateLimitWait in total.
/// </summary>
public sealed class RateLimitWaitTests : IDisposable
{
    private static readonly TimeSpan Minute = TimeSpan.FromMinutes(1);

    /// <summary>The client's budget window: the vendor's minute plus the 1 % send-time margin.</summary>
    private static readonly TimeSpan SpacedMinute = QuotaResolver.Spaced(Minute);

    private readonly ConcurrentQueue<RateLimitWait> _waits = new();
    private readonly ResilienceTestContext _ctx;
    private readonly CancellationTokenSource _cancel = new();

    public RateLimitWaitTests()
    {
        _ctx = new ResilienceTestContext(o =>
        {
            o.RequestsPerMinute = 100;
            o.Resilience.MaxRetries = 1;
            o.Resilience.OnRateLimitWait = _waits.Enqueue;
        });
    }

    public void Dispose()
    {
        // A failed test may leave a call waiting on fake time: end it, or disposing the pipeline waits for it.
        _cancel.Cancel();
        _cancel.Dispose();
        _ctx.Dispose();
    }


    private static readonly Guid Id = Guid.Parse(TopoJsonBodies.ContactId);

    private static IRequestBuilder GetContact => Request.Create().WithPath("/v1/contact-exclusions/" + TopoJsonBodies.ContactId).UsingGet();

    [Fact]
    public async Task A_refusal_pauses_the_budget_until_its_oldest_request_in_the_window_leaves_it()
    {
        var time = new FakeTimeProvider();
        var limiter = new SlidingLogQuotaLimiter(10, Minute, time);
        await limiter.AcquireAsync(CancellationToken.None);
        time.Advance(TimeSpan.FromSeconds(19));
        await limiter.AcquireAsync(CancellationToken.None);

        var wait = await limiter.ReportRefusalAsync(CancellationToken.None);

        Assert.Equal(TimeSpan.FromSeconds(41), wait);
        var next = limiter.AcquireAsync(CancellationToken.None).AsTask();
        time.Advance(TimeSpan.FromSeconds(40.9));
        await Task.Delay(20);
        Assert.False(next.IsCompleted);
        time.Advance(TimeSpan.FromSeconds(0.1));
        Assert.Equal(TimeSpan.FromSeconds(41), (await next.WaitAsync(TimeSpan.FromSeconds(5))).WaitTime);
    }

    [Fact]
    public async Task A_refusal_with_no_request_in_the_window_waits_a_whole_window()
    {
        var time = new FakeTimeProvider();
        var limiter = new SlidingLogQuotaLimiter(10, Minute, time);
        await limiter.AcquireAsync(CancellationToken.None);
        time.Advance(TimeSpan.FromMinutes(5));

        Assert.Equal(Minute, await limiter.ReportRefusalAsync(CancellationToken.None));
    }

    [Fact]
    public async Task A_429_without_Retry_After_waits_as_the_budget_implies_says_so_and_then_succeeds()
    {
        _ctx.Sequence(
            GetContact,
            ResilienceTestContext.Json(200, TopoJsonBodies.Contact()),
            ResilienceTestContext.Error(429),
            ResilienceTestContext.Error(429),
            ResilienceTestContext.Json(200, TopoJsonBodies.Contact()));
        await _ctx.Client.GetContactExclusionAsync(Id, _cancel.Token).WaitAsync(TimeSpan.FromSeconds(10));
        _ctx.Time.Advance(TimeSpan.FromSeconds(19));

        // Two 429s: budget waits, which MaxRetries = 1 does not limit. The first lasts until the request
        // at t = 0 leaves the (spaced) window; the second until the refused one at t = 19 s does.
        var call = _ctx.Client.GetContactExclusionAsync(Id, _cancel.Token);
        var firstWait = SpacedMinute - TimeSpan.FromSeconds(19);
        await _ctx.Time.WaitForTimerAsync(d => d == firstWait);
        Assert.Equal(2, _ctx.Requests.Count);
        var announced = Assert.Single(_waits);
        Assert.Equal(firstWait, announced.Delay);
        Assert.Equal(TimeSpan.FromMinutes(2), announced.MaxWait);
        Assert.Equal("Exclusions.Client.Topo: rate limit reached, waiting 42 s", announced.ToString());

        _ctx.Time.Advance(firstWait - TimeSpan.FromSeconds(0.5));
        await Task.Delay(50);
        Assert.Equal(2, _ctx.Requests.Count);
        _ctx.Time.Advance(TimeSpan.FromSeconds(0.5));

        await _ctx.Time.WaitForTimerAsync(d => d == TimeSpan.FromSeconds(19));
        _ctx.Time.Advance(TimeSpan.FromSeconds(19));
        await call.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal(4, _ctx.Requests.Count);
        Assert.Equal(2, _waits.Count);
        Assert.Equal(SpacedMinute, _waits.Last().TotalWait);
    }

    [Fact]
    public async Task Waits_stop_at_MaxRateLimitWait_in_total_and_the_429_is_thrown()
    {
        using var ctx = new ResilienceTestContext(o =>
        {
            o.RequestsPerMinute = 100;
            o.Resilience.MaxRateLimitWait = TimeSpan.FromSeconds(90);
            o.Resilience.OnRateLimitWait = _waits.Enqueue;
        });
        ctx.Sequence(GetContact, ResilienceTestContext.Error(429));

        var call = ctx.Client.GetContactExclusionAsync(Id, _cancel.Token);

        // The refused request is the only one in the window: a whole (spaced) minute; then the retry is
        // the only one, so again a minute, which would exceed 90 s in total.
        await ctx.Time.WaitForTimerAsync(d => d == SpacedMinute);
        ctx.Time.Advance(SpacedMinute);

        await Assert.ThrowsAsync<ExclusionRateLimitedException>(() => call.WaitAsync(TimeSpan.FromSeconds(5)));
        Assert.Equal(2, ctx.Requests.Count);
        Assert.Equal(SpacedMinute, Assert.Single(_waits).Delay);
    }

    [Fact]
    public async Task MaxRateLimitWait_zero_treats_the_429_as_an_ordinary_retry()
    {
        using var ctx = new ResilienceTestContext(o =>
        {
            o.RequestsPerMinute = 100;
            o.Resilience.MaxRateLimitWait = TimeSpan.Zero;
            o.Resilience.OnRateLimitWait = _waits.Enqueue;
        });
        ctx.Sequence(GetContact, ResilienceTestContext.Error(429), ResilienceTestContext.Json(200, TopoJsonBodies.Contact()));

        var call = ctx.Client.GetContactExclusionAsync(Id, _cancel.Token);
        var backOff = await ctx.Time.WaitForTimerAsync(d => d >= TimeSpan.FromSeconds(0.8) && d <= TimeSpan.FromSeconds(1.2));
        ctx.Time.Advance(backOff);

        await call.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Empty(_waits);
    }

    [Fact]
    public void MaxRateLimitWait_is_validated()
    {
        Assert.Contains(new TopoOptions { ApiKey = "k", Resilience = { MaxRateLimitWait = TimeSpan.FromSeconds(-1) } }.Validate(), e => e.Contains("MaxRateLimitWait", StringComparison.Ordinal));
        Assert.DoesNotContain(new TopoOptions { ApiKey = "k" }.Validate(), e => e.Contains("MaxRateLimitWait", StringComparison.Ordinal));
    }
}
