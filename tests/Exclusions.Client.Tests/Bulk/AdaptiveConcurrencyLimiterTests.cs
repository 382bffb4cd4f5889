using System.Net;
#if NET10_0_OR_GREATER // CsCheck 5 ships net10.0 only: its property tests run on net10.0
using CsCheck;
#endif
using Exclusions.Client.Resilience;
using Microsoft.Extensions.Time.Testing;

namespace Exclusions.Client.Tests.Bulk;

/// <summary>
/// The AIMD limiter against a simulated server (a discrete-event simulation: no real time, no threads,
/// the same answer on every run). The server takes <c>limit</c> requests at once and answers the rest 429
/// at once; accepted requests take a fixed latency.
/// </summary>
public sealed class AdaptiveConcurrencyLimiterTests(Xunit.Abstractions.ITestOutputHelper output)
{
    [Fact]
    public void Against_a_server_that_refuses_past_8_in_flight_it_settles_near_8_and_wastes_little()
    {
        var run = Simulate(items: 10_000, serverLimit: 8, ceiling: 32, latency: 50);
        output.WriteLine($"limit 8: {run.Attempts} attempts, {run.Wasted} answered 429 ({100.0 * run.Wasted / run.Attempts:F2} %), {100 * run.Throughput * 50 / 8:F1} % of the bound, final window {run.FinalLimit}");

        Assert.InRange(run.Wasted / (double)run.Attempts, 0, 0.02);
        Assert.InRange(run.FinalLimit, 7, 9);
        Assert.True(run.Throughput >= 0.9 * 8 / 50.0, $"throughput {run.Throughput * 50:F2} per latency, bound 8");
        Assert.Equal(8, run.PeakServerInFlight);
    }

    [Fact]
    public void Against_a_server_without_a_limit_and_100_ms_latency_it_reaches_at_least_16_in_flight()
    {
        var run = Simulate(items: 2_000, serverLimit: null, ceiling: 32, latency: 100);
        output.WriteLine($"no limit: peak {run.PeakInFlight} in flight, {100 * run.Throughput * 100 / 32:F1} % of the ceiling's bound");

        Assert.True(run.PeakInFlight >= 16, $"peak {run.PeakInFlight}");
        Assert.Equal(32, run.PeakInFlight);
        Assert.Equal(0, run.Wasted);
    }

    [Fact]
    public void Fixed_mode_runs_exactly_the_ceiling()
    {
        var run = Simulate(items: 500, serverLimit: null, ceiling: 6, latency: 10, adaptive: false);

        Assert.Equal(6, run.PeakInFlight);
        Assert.Equal(6, run.FinalLimit);
    }

#if NET10_0_OR_GREATER
    [Fact]
    public void For_any_server_limit_and_ceiling_it_stays_within_bounds_wastes_at_most_10_percent_and_keeps_most_of_the_bound()
    {
        Gen.Select(Gen.Int[1, 24], Gen.Int[1, 48]).Sample(
            (serverLimit, ceiling) =>
            {
                var run = Simulate(items: 3_000, serverLimit, ceiling, latency: 20);
                var bound = Math.Min(serverLimit, ceiling) / 20.0;
                return run.PeakInFlight <= ceiling
                    && run.Wasted <= 0.10 * run.Attempts
                    && run.Throughput >= 0.7 * bound
                    && run.Completed == 3_000;
            },
            iter: 60);
    }
#endif

    [Fact]
    public async Task Retry_After_pauses_new_starts_until_it_passes()
    {
        var time = new FakeTimeProvider();
        var limiter = new AdaptiveConcurrencyLimiter(ceiling: 4, adaptive: true, time);
        await limiter.AcquireAsync(CancellationToken.None);
        var attempt = limiter.OnAttemptStarted();
        limiter.OnAttemptCompleted(attempt, HttpStatusCode.TooManyRequests, TimeSpan.FromSeconds(5));

        var next = limiter.AcquireAsync(CancellationToken.None);
        Assert.False(next.IsCompleted);
        time.Advance(TimeSpan.FromSeconds(4));
        Assert.False(next.IsCompleted);
        time.Advance(TimeSpan.FromSeconds(1));
        await next.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(2, limiter.InFlight);
    }

    [Fact]
    public async Task A_waiter_gets_the_slot_a_release_frees_and_cancellation_leaves_no_slot_taken()
    {
        var limiter = new AdaptiveConcurrencyLimiter(ceiling: 1, adaptive: false);
        await limiter.AcquireAsync(CancellationToken.None);
        using var cts = new CancellationTokenSource();
        var cancelled = limiter.AcquireAsync(cts.Token);
        var waiting = limiter.AcquireAsync(CancellationToken.None);
        cts.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled);
        Assert.False(waiting.IsCompleted);

        limiter.Release();
        await waiting.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(1, limiter.InFlight);
    }

    private sealed record SimRun(int Attempts, int Wasted, int Completed, double Elapsed, int PeakInFlight, int PeakServerInFlight, int FinalLimit)
    {
        public double Throughput => Completed / Elapsed;
    }

    /// <summary>
    /// Runs <paramref name="items"/> writes through the limiter: start while it allows, then take the next
    /// answer in time order. A 429 keeps its item (it is retried, as the pipeline does).
    /// </summary>
    private static SimRun Simulate(int items, int? serverLimit, int ceiling, double latency, bool adaptive = true)
    {
        var limiter = new AdaptiveConcurrencyLimiter(ceiling, adaptive, new FakeTimeProvider());
        var answers = new PriorityQueue<(long Attempt, bool Overload), (double Time, long Order)>();
        double now = 0;
        long order = 0;
        int notStarted = items, retries = 0, completed = 0, attempts = 0, wasted = 0, serverInFlight = 0, peakServer = 0;
        while (completed < items)
        {
            while (limiter.InFlight < limiter.Limit && (retries > 0 || notStarted > 0))
            {
                Assert.True(limiter.AcquireAsync(CancellationToken.None).IsCompletedSuccessfully);
                if (retries > 0)
                {
                    retries--;
                }
                else
                {
                    notStarted--;
                }

                attempts++;
                var attempt = limiter.OnAttemptStarted();
                var overload = serverLimit is { } limit && serverInFlight >= limit;
                if (!overload)
                {
                    serverInFlight++;
                    peakServer = Math.Max(peakServer, serverInFlight);
                }

                answers.Enqueue((attempt, overload), (now + (overload ? latency / 50 : latency), order++));
            }

            answers.TryDequeue(out var answer, out var at);
            now = at.Time;
            if (answer.Overload)
            {
                wasted++;
                retries++;
                limiter.OnAttemptCompleted(answer.Attempt, HttpStatusCode.TooManyRequests, null);
            }
            else
            {
                serverInFlight--;
                completed++;
                limiter.OnAttemptCompleted(answer.Attempt, HttpStatusCode.Created, null);
            }

            limiter.Release();
        }

        return new SimRun(attempts, wasted, completed, now, limiter.PeakInFlight, peakServer, limiter.Limit);
    }
}
