using System.Diagnostics;
using Exclusions.Client.Benchmarks.Infrastructure;

namespace Exclusions.Client.Benchmarks.Measurements;

/// <summary>
/// Benchmark 2 (memory): how far the managed heap grows while 100,000 exclusions stream through an SDK
/// enumerator. Two runs per stream: one samples <see cref="GC.GetTotalMemory(bool)"/> without forcing
/// collections (the high-water mark, uncollected garbage included: what the process really holds), one
/// forces a full collection every 5,000 items (what the enumerator keeps alive). A control run keeps
/// every item in a list, to show the method does see growth when there is some.
/// </summary>
internal static class StreamingMemoryMeasurement
{
    private const int HeapSampleEvery = 250;
    private const int LiveSampleEvery = 5_000;

    public static async Task<IReadOnlyList<StreamingMemoryResult>> RunAsync()
    {
        var results = new List<StreamingMemoryResult>();
        var benchmarks = new StreamingBenchmarks();
        benchmarks.Setup();
        try
        {
            // Warm-up: JIT, connection-less handler chains, the quota limiter's log.
            await benchmarks.Amplemarket_Sdk().ConfigureAwait(false);
            await benchmarks.Topo_Sdk().ConfigureAwait(false);

            results.Add(await MeasureAsync("Amplemarket SDK (`_links.next`)", Counter(benchmarks.AmplemarketStream), keep: false).ConfigureAwait(false));
            results.Add(await MeasureAsync("Topo SDK (pages of 100)", Counter(benchmarks.TopoStream), keep: false).ConfigureAwait(false));
            results.Add(await MeasureAsync("Control: Amplemarket SDK, every item kept in a List", Counter(benchmarks.AmplemarketStream), keep: true).ConfigureAwait(false));
        }
        finally
        {
            benchmarks.Cleanup();
        }

        return results;
    }

    /// <summary>Enumerates a fresh stream, calling back after each item with the running count.</summary>
    private static Func<bool, Action<int>, Task<int>> Counter<T>(Func<IAsyncEnumerable<T>> stream) => async (keep, onItem) =>
    {
        var kept = keep ? new List<T>() : null;
        var count = 0;
        await foreach (var item in stream().ConfigureAwait(false))
        {
            kept?.Add(item);
            onItem(++count);
        }

        GC.KeepAlive(kept);
        return count;
    };

    private static async Task<StreamingMemoryResult> MeasureAsync(string name, Func<bool, Action<int>, Task<int>> run, bool keep)
    {
        // Run 1: the high-water mark of the heap, garbage included, plus allocations and time.
        var baseline = SettledHeap();
        var peak = baseline;
        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        var watch = Stopwatch.StartNew();
        var items = await run(keep, count =>
        {
            if (count % HeapSampleEvery == 0)
            {
                peak = Math.Max(peak, GC.GetTotalMemory(forceFullCollection: false));
            }
        }).ConfigureAwait(false);
        watch.Stop();
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
        peak = Math.Max(peak, GC.GetTotalMemory(forceFullCollection: false));

        // Run 2: what the enumeration keeps alive, sampled after full collections.
        var liveBaseline = SettledHeap();
        var livePeak = liveBaseline;
        await run(keep, count =>
        {
            if (count % LiveSampleEvery == 0)
            {
                livePeak = Math.Max(livePeak, GC.GetTotalMemory(forceFullCollection: true));
            }
        }).ConfigureAwait(false);

        return new StreamingMemoryResult(name, items, allocated, peak - baseline, livePeak - liveBaseline, watch.Elapsed, keep);
    }

    private static long SettledHeap()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        return GC.GetTotalMemory(forceFullCollection: true);
    }
}

internal sealed record StreamingMemoryResult(string Name, int Items, long AllocatedBytes, long PeakHeapGrowthBytes, long PeakLiveGrowthBytes, TimeSpan Elapsed, bool IsControl)
{
    public double AllocatedBytesPerItem => (double)AllocatedBytes / Items;
}
