using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Exclusions.Client.Testing;
using Xunit.Abstractions;

namespace Exclusions.Client.Outbox.Tests;

/// <summary>
/// Three worker processes drain 5,000 opt-outs from one PostgreSQL store to an emulated Topo that
/// enforces a request limit. No value is claimed by two workers at once (each reaches the vendor in
/// exactly one request: a second claim would show as a second POST, answered 409), and together they
/// keep the vendor near its limit.
/// </summary>
[Collection(OutboxCollection.Name)]
public sealed partial class ManyInstancesTests(PostgresFixture fixture, ITestOutputHelper output)
{
    private const int Items = 5000;
    private const int Workers = 3;

    // The vendor's limit for the run: 300 requests in any 2 s (150/s, enforced by the emulator with 429s),
    // split evenly: each worker's client budget is a third of it, so together they may use all of it (the
    // clients also space their budget over the window plus 1 %). An earlier split of 98 % / 3 = 98 each
    // could not finish 5,000 in 17 windows (17 x 294 = 4,998), so every run needed an 18th and the slightest
    // loss a 19th (87.7 % of the bound).
    private const int Limit = 300;
    private const int PerWorker = Limit / Workers;
    private static readonly TimeSpan Window = TimeSpan.FromSeconds(2);

    // Each worker claims batches of 25 in 3 loops: at most 75 deliveries held, less than one window of its
    // budget, so when the queue runs dry no worker is left with seconds of sends while the others idle
    // (batches of 100 in 2 loops held up to 200, four seconds of one worker's budget, at the end of a run).
    private const int BatchSize = 25;
    private const int LoopsPerWorker = 3;

    // The floor asserted: the share of the strict bound L x (floor(T / W) + 1) the run achieved (below). With
    // 5,000 requests it moves in steps: 98.0 % when the span T is under 34 s, 92.6 % under 36 s, 87.7 % under
    // 38 s. The issue asks for >= 90 %: reached in 22 of 23 runs on 2 cores (92.6-98.0 % at load average
    // 11-24, mostly 92.6 % at 14-48 with a parallel solution build alongside); one ended at 36.13 s (87.7 %, 159
    // answers 429 after the overloaded machine held requests and delivered them at once). So the floor is the
    // next step, which every run held; it still fails if the workers lose 4 s of the machine's time or hold
    // each other up (one worker alone reaches a third). Figures: benchmarks/results/summary.md, section 7.
    private const double Floor = 0.87;

    [SkippableFact]
    public async Task Three_workers_on_one_postgresql_store_send_each_value_once_at_the_vendors_limit()
    {
        fixture.Server.RequireRunning();
        using var store = await TestStore.CreateAsync("postgresql", fixture.Server);
        await using var emulator = await ExclusionsEmulator.StartAsync(new ExclusionsEmulatorOptions { TopoRequestsPerMinute = Limit, RateLimitWindow = Window });
        await using var outbox = new ExclusionOutbox(store.Options(), [ExclusionProvider.Topo]);
        await outbox.InitializeAsync();

        string[] arguments = [
            .. store.WorkerArguments(),
            "--topo", emulator.TopoBaseAddress.ToString(), emulator.TopoApiKey,
            "--topo-limit", PerWorker.ToString(CultureInfo.InvariantCulture),
            "--window-ms", ((int)Window.TotalMilliseconds).ToString(CultureInfo.InvariantCulture),
            "--batch", BatchSize.ToString(CultureInfo.InvariantCulture), "--concurrency", LoopsPerWorker.ToString(CultureInfo.InvariantCulture),
            "--lease-ms", "60000", "--poll-ms", "100", "--warm-up",
        ];
        var workers = Enumerable.Range(0, Workers).Select(_ => WorkerProcess.Start(arguments)).ToList();
        try
        {
            // All workers are polling an empty store before the items arrive, so they start together, and each
            // has made one vendor read (--warm-up): the span measured is the drain of three running instances,
            // not their processes' first-request JIT compilation and connection set-up (which, on a loaded
            // machine, let the first requests arrive late and the next window's early: 20-36 answers 429).
            foreach (var worker in workers)
            {
                await worker.WaitReadyAsync();
            }

            var emails = Enumerable.Range(0, Items).Select(i => string.Create(CultureInfo.InvariantCulture, $"many{i:D4}@outbox.example")).ToArray();
            var clock = Stopwatch.StartNew();
            var enqueueStarted = DateTimeOffset.UtcNow;
            await outbox.EnqueueAsync(emails.Select(e => OutboxItem.Add(ExclusionTarget.Email(e))).ToArray());
            var enqueued = DateTimeOffset.UtcNow;
            using (var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5)))
            {
                while ((await outbox.GetStatusAsync(timeout.Token)).Pending > 0)
                {
                    Assert.All(workers, w => Assert.False(w.HasExited, "A worker stopped:\n" + w.Output));
                    await Task.Delay(200, timeout.Token);
                }
            }

            var drained = clock.Elapsed;
            foreach (var worker in workers)
            {
                var exit = await worker.StopAsync();
                Assert.True(exit == 0, $"Worker exited with {exit}:\n{worker.Output}");
            }

            var status = await outbox.GetStatusAsync();
            var posts = emulator.Requests.Where(r => r.Vendor == EmulatedVendor.Topo && r.Method == "POST").OrderBy(r => r.Timestamp).ToList();
            var limited = posts.Count(r => r.StatusCode == 429);
            var perValue = posts.Where(r => r.StatusCode != 429)
                .GroupBy(r => Email().Match(r.Body ?? string.Empty).Value, StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);

            // The bound from this run's own timestamps: a limit of L in any window W admits at most
            // L x (floor(T / W) + 1) requests in a span T (first to last request).
            var span = posts[^1].Timestamp - posts[0].Timestamp;
            var bound = Limit * (Math.Floor(span / Window) + 1);
            var share = posts.Count(r => r.StatusCode != 429) / bound;
            var rate = (posts.Count - 1) / span.TotalSeconds;
            output.WriteLine($"{Workers} workers, PostgreSQL, {Items} opt-outs, Topo limit {Limit} per {Window.TotalSeconds} s ({Limit / Window.TotalSeconds:F0}/s), each worker's budget {PerWorker}, batches of {BatchSize} in {LoopsPerWorker} loops");
            output.WriteLine($"  drained in {drained.TotalSeconds:F1} s (enqueue to nothing pending); vendor span {span.TotalSeconds:F2} s, {rate:F1} req/s = {rate / (Limit / Window.TotalSeconds):P1} of the limit");
            output.WriteLine($"  accepted requests {posts.Count - limited} of a bound of {bound:F0} for that span: {share:P1}; 429 answers: {limited}");
            output.WriteLine($"  requests per value (excluding 429s): {CrashTests.Histogram(perValue)}; statuses: {CrashTests.Statuses(posts, EmulatedVendor.Topo)}");
            output.WriteLine($"  final: pending {status.Pending}, delivered {status.Delivered}, dead-lettered {status.DeadLettered}");
            WritePhases(posts, enqueueStarted, enqueued, workers);

            Assert.Equal(Items, status.Delivered);
            Assert.Equal(Items, emulator.Topo.ContactExclusions.Select(e => e.Email).Distinct(StringComparer.Ordinal).Count());
            Assert.Equal(Items, emulator.Topo.ContactExclusions.Count);

            // No value was claimed by two workers at once: each reached the vendor in exactly one request.
            Assert.Equal(Items, perValue.Count);
            Assert.All(perValue, p => Assert.True(p.Value == 1, $"{p.Key} reached the vendor {p.Value} times"));
            Assert.True(share >= Floor, $"Throughput {share:P1} of the vendor's bound, below the floor {Floor:P0}.");

            // The issue's measure: throughput (accepted requests per second from the first to the last) at least 90 % of
            // the vendor limit configured for the run (150/s). The clients space their budgets over the window, so no
            // opening burst inflates it. Every run recorded held it (92.3 % at the slowest, the 87.7 % step above).
            var accepted = (posts.Count - limited - 1) / span.TotalSeconds / (Limit / Window.TotalSeconds);
            output.WriteLine($"  accepted throughput {accepted:P1} of the limit's {Limit / Window.TotalSeconds:F0}/s");
            Assert.True(accepted >= 0.90, $"Accepted throughput {accepted:P1} of the vendor limit, below 90 %.");
        }
        finally
        {
            foreach (var worker in workers)
            {
                worker.Dispose();
            }
        }
    }

    /// <summary>Where the span went (diagnostics only, never asserted): start, each window's accepted requests, the tail, each worker.</summary>
    private void WritePhases(List<RecordedRequest> posts, DateTimeOffset enqueueStarted, DateTimeOffset enqueued, List<WorkerProcess> workers)
    {
        var first = posts[0].Timestamp;
        string At(DateTimeOffset t) => ((t - first).TotalSeconds).ToString("F2", CultureInfo.InvariantCulture);
        var accepted = posts.Where(r => r.StatusCode != 429).ToList();
        output.WriteLine($"  phases (s from the first request): enqueue {At(enqueueStarted)}..{At(enqueued)}; 50 % accepted at {At(accepted[accepted.Count / 2].Timestamp)}, 90 % at {At(accepted[accepted.Count * 9 / 10].Timestamp)}, 99 % at {At(accepted[accepted.Count * 99 / 100].Timestamp)}, last {At(accepted[^1].Timestamp)}");
        var perWindow = accepted.GroupBy(r => (int)((r.Timestamp - first) / Window)).OrderBy(g => g.Key).Select(g => g.Count().ToString(CultureInfo.InvariantCulture));
        output.WriteLine($"  accepted per {Window.TotalSeconds} s window: {string.Join(" ", perWindow)}");
        var refused = posts.Where(r => r.StatusCode == 429).Select(r => At(r.Timestamp));
        output.WriteLine($"  429 at: {string.Join(" ", refused)}");
        foreach (var worker in workers)
        {
            foreach (var line in worker.Output.Split('\n').Where(l => l.StartsWith("stored ", StringComparison.Ordinal)))
            {
                var parts = line.Trim().Split(' ');
                var from = DateTimeOffset.FromUnixTimeMilliseconds(long.Parse(parts[4], CultureInfo.InvariantCulture));
                var to = DateTimeOffset.FromUnixTimeMilliseconds(long.Parse(parts[6], CultureInfo.InvariantCulture));
                output.WriteLine($"  worker {worker.Id}: {parts[1]} {parts[2]}, batches stored {At(from)}..{At(to)}");
            }
        }
    }

    [GeneratedRegex(@"many\d{4}@outbox\.example")]
    private static partial Regex Email();
}
