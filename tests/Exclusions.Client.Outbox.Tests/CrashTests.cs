using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Exclusions.Client.Testing;
using Xunit.Abstractions;

namespace Exclusions.Client.Outbox.Tests;

/// <summary>
/// A worker process draining 2,000 opt-outs (to both emulated vendors) is killed with SIGKILL at random
/// moments (0.1-1 s after its first vendor request), six times, and started again each time; a last run drains the rest. Every delivery ends
/// delivered or dead-lettered, none is lost, and each vendor holds each value exactly once: a resend after
/// a kill between the vendor call and the store update is answered 409 (Topo) or <c>duplicated</c>
/// (Amplemarket), which the drain stores as done (docs/outbox.md, "Delivery guarantee").
/// </summary>
[Collection(OutboxCollection.Name)]
public sealed partial class CrashTests(PostgresFixture fixture, ITestOutputHelper output)
{
    private const int Items = 2000;
    private const int Kills = 6;

    // Topo adds are one request per value: a client budget of 150 per second makes the drain last
    // >= 13 s, so the kills (each at most 1 s after the worker's first vendor request, so at most
    // 6 x (150 burst + 150) = 1,800 values) all land while values are still pending.
    private const int TopoPerSecond = 150;

    public static TheoryData<string> Stores => new() { "sqlite", "postgresql" };

    [SkippableTheory]
    [MemberData(nameof(Stores))]
    public async Task A_worker_killed_at_random_moments_loses_nothing_and_the_vendor_holds_each_value_once(string kind)
    {
        if (kind == "postgresql")
        {
            fixture.Server.RequireRunning();
        }

        using var store = await TestStore.CreateAsync(kind, fixture.Server);
        await using var emulator = await ExclusionsEmulator.StartAsync(new ExclusionsEmulatorOptions { AmplemarketRequestsPerMinute = null });
        var emails = Enumerable.Range(0, Items).Select(i => string.Create(CultureInfo.InvariantCulture, $"crash{i:D4}@outbox.example")).ToArray();
        await using (var outbox = new ExclusionOutbox(store.Options(), [ExclusionProvider.Topo, ExclusionProvider.Amplemarket]))
        {
            await outbox.EnqueueAsync(emails.Select(e => OutboxItem.Add(new ExclusionRequest(ExclusionTarget.Email(e), ExclusionReason.Unsubscribed, null))).ToArray());
        }

        string[] arguments = [
            .. store.WorkerArguments(),
            "--topo", emulator.TopoBaseAddress.ToString(), emulator.TopoApiKey,
            "--amplemarket", emulator.AmplemarketBaseAddress.ToString(), emulator.AmplemarketApiKey,
            "--topo-limit", TopoPerSecond.ToString(CultureInfo.InvariantCulture), "--window-ms", "1000",
            "--batch", "20", "--concurrency", "2", "--lease-ms", "3000", "--poll-ms", "100",
        ];

        var random = new Random();
        var clock = Stopwatch.StartNew();
        var killedAt = new List<(double At, int Delay, long Pending)>();
        await using var inspector = new ExclusionOutbox(store.Options(o => o.CreateStoreIfMissing = false), [ExclusionProvider.Topo, ExclusionProvider.Amplemarket]);
        for (var kill = 0; kill < Kills; kill++)
        {
            var before = emulator.Requests.Count;
            using var worker = WorkerProcess.Start(arguments);
            await worker.WaitReadyAsync();

            // A random moment within the drain: after this worker's first vendor request.
            using (var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120)))
            {
                while (emulator.Requests.Count == before)
                {
                    await Task.Delay(10, timeout.Token);
                }
            }

            var delay = random.Next(100, 1000);
            await Task.Delay(delay);
            Assert.False(worker.HasExited, "The worker stopped on its own:\n" + worker.Output);
            await worker.KillAsync();
            var pending = (await inspector.GetStatusAsync()).Pending;
            killedAt.Add((clock.Elapsed.TotalSeconds, delay, pending));
            Assert.True(pending > 0, $"Kill {kill + 1} came after the drain had finished; the test would prove nothing (slow the drain down).");
        }

        using (var last = WorkerProcess.Start([.. arguments, "--exit-when-drained"]))
        {
            var exit = await last.WaitForExitAsync(TimeSpan.FromMinutes(5));
            Assert.True(exit == 0, $"The last worker exited with {exit}:\n{last.Output}");
        }

        var duration = clock.Elapsed;
        var status = await inspector.GetStatusAsync();
        var deadLetters = await inspector.GetDeadLettersAsync();

        // The vendors' request logs: how many requests carried each value, and how many were accepted.
        var requests = emulator.Requests.Where(r => r.Method == "POST").ToList();
        Dictionary<string, int> PerValue(EmulatedVendor vendor) => requests
            .Where(r => r.Vendor == vendor)
            .SelectMany(r => Email().Matches(r.Body ?? string.Empty).Select(m => m.Value).Distinct())
            .GroupBy(e => e, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        var topoRequests = PerValue(EmulatedVendor.Topo);
        var amplemarketRequests = PerValue(EmulatedVendor.Amplemarket);

        output.WriteLine($"store {kind}: {Items} opt-outs x 2 vendors, {Kills} SIGKILLs, duration {duration.TotalSeconds:F1} s");
        foreach (var (at, delay, pending) in killedAt)
        {
            output.WriteLine($"  kill at {at,6:F1} s ({delay} ms after its first request), {pending} deliveries pending");
        }

        output.WriteLine($"  final: pending {status.Pending}, delivered {status.Delivered}, dead-lettered {status.DeadLettered}");
        output.WriteLine($"  Topo requests per value: {Histogram(topoRequests)}; Topo POST statuses: {Statuses(requests, EmulatedVendor.Topo)}");
        output.WriteLine($"  Amplemarket requests per value: {Histogram(amplemarketRequests)}; Amplemarket POSTs {requests.Count(r => r.Vendor == EmulatedVendor.Amplemarket)}, statuses: {Statuses(requests, EmulatedVendor.Amplemarket)}");
        foreach (var letter in deadLetters.Take(5))
        {
            output.WriteLine($"  dead letter: {letter.Provider} {letter.Reason}");
        }

        // None lost: every delivery ended, delivered or dead-lettered.
        Assert.Equal(0, status.Pending);
        Assert.Equal(2 * Items, status.Delivered + status.DeadLettered);

        // The vendors hold each value exactly once, and every value that was not dead-lettered is there.
        var deadTargets = deadLetters.Select(l => (l.Provider, l.Target)).ToHashSet();
        AssertHeldOnce(emulator.Topo.ContactExclusions.Select(e => e.Email!), ExclusionProvider.Topo);
        AssertHeldOnce(emulator.Amplemarket.ExcludedEmails.Select(e => e.Value), ExclusionProvider.Amplemarket);
        Assert.Equal(0, status.DeadLettered);
        Assert.True(killedAt.Count >= 5);

        void AssertHeldOnce(IEnumerable<string> held, ExclusionProvider provider)
        {
            var counts = held.GroupBy(e => e, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
            Assert.All(counts, c => Assert.True(c.Value == 1, $"{provider} holds {c.Key} {c.Value} times"));
            var missing = emails.Where(e => !counts.ContainsKey(e) && !deadTargets.Contains((provider, "email:" + e))).ToList();
            Assert.True(missing.Count == 0, $"{provider} lacks {missing.Count} delivered values, e.g. {string.Join(", ", missing.Take(3))}");
        }
    }

    internal static string Histogram(Dictionary<string, int> perValue) =>
        perValue.Count == 0
            ? "none"
            : string.Join(", ", perValue.Values.GroupBy(c => c).OrderBy(g => g.Key).Select(g => $"{g.Count()} values x {g.Key}"));

    internal static string Statuses(IEnumerable<RecordedRequest> requests, EmulatedVendor vendor) =>
        string.Join(", ", requests.Where(r => r.Vendor == vendor).GroupBy(r => r.StatusCode?.ToString(CultureInfo.InvariantCulture) ?? "dropped").OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => $"{g.Key}: {g.Count()}"));

    [GeneratedRegex(@"crash\d{4}@outbox\.example")]
    private static partial Regex Email();
}
