using System.Diagnostics;
using System.Globalization;
using Exclusions.Client.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Exclusions.Client.Benchmarks.Measurements;

/// <summary>
/// Issue 17, wall clock against the emulator on loopback with 50 ms of added latency per Topo request
/// (<see cref="FaultRule.Delay"/>), each figure a ratio to its bound computed in the same run:
/// (a) bulk add of 10,000 contact exclusions through the facade (adaptive concurrency, ceiling 32), no server
/// limit: items/s ÷ (ceiling ÷ latency); (b) snapshot load of 20,000 contact + 20,000 account exclusions:
/// bound = pages ÷ <see cref="Topo.TopoOptions.ListConcurrency"/> × latency, pages = the GETs the emulator saw
/// during the timed load (after one untimed load without latency, so JIT is not timed).
/// </summary>
internal static class TopoThroughputMeasurement
{
    private static readonly TimeSpan Latency = TimeSpan.FromMilliseconds(50);

    public static async Task<string> BulkAsync(int items = 10_000, int ceiling = 32)
    {
        await using var emulator = await ExclusionsEmulator.StartAsync().ConfigureAwait(false);
        emulator.Faults.Add(FaultRule.Delay(Latency) with { Vendor = EmulatedVendor.Topo });
        var services = new ServiceCollection();
        services.AddExclusionsEmulator(emulator, configureTopo: o => o.BulkConcurrency = ceiling);
        await using var provider = services.BuildServiceProvider();
        var topo = provider.GetServices<IExclusionClient>().Single(c => c.Provider == ExclusionProvider.Topo);
        var requests = Enumerable.Range(0, items)
            .Select(i => new ExclusionRequest(ExclusionTarget.Email(string.Create(CultureInfo.InvariantCulture, $"bulk.{i}@acme-{i % 97}.example.com"))))
            .ToList();

        var watch = Stopwatch.StartNew();
        var result = await topo.AddAsync(requests).ConfigureAwait(false);
        watch.Stop();

        var posts = emulator.Requests.Where(r => r.Vendor == EmulatedVendor.Topo && r.Method == "POST").ToList();
        var rate = items / watch.Elapsed.TotalSeconds;
        var bound = ceiling / Latency.TotalSeconds;
        return FormattableString.Invariant(
            $"bulk-no-limit items={items} added={result.Added} posts={posts.Count} status429={posts.Count(r => r.StatusCode == 429)} seconds={watch.Elapsed.TotalSeconds:F2} items_per_s={rate:F1} bound_per_s={bound:F0} share_of_bound={rate / bound:P1}");
    }

    public static async Task<string> SnapshotAsync(int perList = 20_000)
    {
        await using var emulator = await ExclusionsEmulator.StartAsync().ConfigureAwait(false);
        for (var i = 0; i < perList; i++)
        {
            emulator.Topo.SeedContactExclusion(string.Create(CultureInfo.InvariantCulture, $"seed.{i}@contact-{i % 500}.example.com"));
            emulator.Topo.SeedAccountExclusion(string.Create(CultureInfo.InvariantCulture, $"account-{i}.example.org"));
        }

        var services = new ServiceCollection();
        services.AddExclusionsEmulator(emulator);
        await using var provider = services.BuildServiceProvider();
        var topo = provider.GetServices<IExclusionClient>().Single(c => c.Provider == ExclusionProvider.Topo);

        // One untimed load without latency first: the timed one measures paging, not the JIT of the client and the emulator.
        await ExclusionSnapshot.LoadAsync([topo]).ConfigureAwait(false);
        var before = emulator.Requests.Count(r => r.Vendor == EmulatedVendor.Topo && r.Method == "GET");
        emulator.Faults.Add(FaultRule.Delay(Latency) with { Vendor = EmulatedVendor.Topo });

        var watch = Stopwatch.StartNew();
        var snapshot = await ExclusionSnapshot.LoadAsync([topo]).ConfigureAwait(false);
        watch.Stop();

        var pages = emulator.Requests.Count(r => r.Vendor == EmulatedVendor.Topo && r.Method == "GET") - before;
        var bound = pages / (double)Topo.TopoOptions.DefaultListConcurrency * Latency.TotalSeconds;
        return FormattableString.Invariant(
            $"snapshot-load entries={snapshot.Count} pages={pages} seconds={watch.Elapsed.TotalSeconds:F2} bound_seconds={bound:F2} share_of_bound={bound / watch.Elapsed.TotalSeconds:P1}");
    }
}
