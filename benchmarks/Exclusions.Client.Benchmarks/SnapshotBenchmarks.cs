using BenchmarkDotNet.Attributes;
using Exclusions.Client.Benchmarks.Infrastructure;

namespace Exclusions.Client.Benchmarks;

/// <summary>
/// Benchmark 4: 1,000,000 prospect checks, on one thread, against a 100,000-entry
/// <see cref="ExclusionSnapshot"/> (address, domain and parent-domain matching) versus a plain
/// <see cref="HashSet{T}"/> lookup of the whole address. One "operation" is one check
/// (<c>OperationsPerInvoke</c>), so Mean is ns per check and Allocated is bytes per check.
/// </summary>
[MemoryDiagnoser]
public class SnapshotBenchmarks
{
    private static readonly DateTimeOffset SendTime = new(2025, 7, 1, 9, 0, 0, TimeSpan.Zero);

    private SnapshotData _data = null!;
    private ExclusionSnapshot _snapshot = null!;

    /// <summary>How many prospects the last run found excluded (so the loop cannot be optimized away).</summary>
    public int LastExcludedCount { get; private set; }

    [GlobalSetup]
    public void Setup()
    {
        _data = SnapshotData.Create();
        _snapshot = ExclusionSnapshot.Create(_data.Blocklist, SendTime.AddDays(-1));
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = SnapshotData.Prospects)]
    public int HashSetWholeAddress()
    {
        var set = _data.BlockedEmailSet;
        var excluded = 0;
        foreach (var email in _data.ProspectEmails)
        {
            if (set.Contains(email))
            {
                excluded++;
            }
        }

        return LastExcludedCount = excluded;
    }

    [Benchmark(OperationsPerInvoke = SnapshotData.Prospects)]
    public int SnapshotIsExcluded()
    {
        var snapshot = _snapshot;
        var excluded = 0;
        foreach (var email in _data.ProspectEmails)
        {
            if (snapshot.IsExcluded(email, SendTime))
            {
                excluded++;
            }
        }

        return LastExcludedCount = excluded;
    }
}
