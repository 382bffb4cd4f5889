using System.Diagnostics;
using Exclusions.Client.Benchmarks.Infrastructure;

namespace Exclusions.Client.Benchmarks.Measurements;

/// <summary>
/// Issue 17: <see cref="ExclusionSnapshot.IsExcluded(string, DateTimeOffset)"/> as a ratio to one
/// case-insensitive <see cref="HashSet{T}"/> lookup of the whole address, measured side by side in the same
/// process: rounds of 1,000,000 checks each, the two alternating (order rotating), the ratio taken per round
/// (HashSet time ÷ snapshot time, so 1.0× = as fast as one HashSet lookup) and its median quoted. Bytes per check
/// from <see cref="GC.GetAllocatedBytesForCurrentThread"/> (exact). Run it several times for the spread.
/// </summary>
internal static class SnapshotRatioMeasurement
{
    private static readonly DateTimeOffset SendTime = new(2025, 7, 1, 9, 0, 0, TimeSpan.Zero);

    public static string Run(int rounds = 15)
    {
        var data = SnapshotData.Create();
        var snapshot = ExclusionSnapshot.Create(data.Blocklist, SendTime.AddDays(-1));
        var set = data.BlockedEmailSet;
        var prospects = data.ProspectEmails;

        for (var i = 0; i < 3; i++)
        {
            HashSetPass(set, prospects);
            SnapshotPass(snapshot, prospects);
        }

        var ratios = new List<double>();
        var setNs = new List<double>();
        var snapNs = new List<double>();
        long snapshotBytes = 0;
        var excluded = 0;
        for (var round = 0; round < rounds; round++)
        {
            double a, b;
            if (round % 2 == 0)
            {
                a = Time(() => HashSetPass(set, prospects));
                b = Time(() => excluded = SnapshotPass(snapshot, prospects));
            }
            else
            {
                b = Time(() => excluded = SnapshotPass(snapshot, prospects));
                a = Time(() => HashSetPass(set, prospects));
            }

            setNs.Add(a * 1e9 / prospects.Length);
            snapNs.Add(b * 1e9 / prospects.Length);
            ratios.Add(a / b);
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        SnapshotPass(snapshot, prospects);
        snapshotBytes = GC.GetAllocatedBytesForCurrentThread() - before;

        return FormattableString.Invariant(
            $"snapshot-ratio rounds={rounds} hashset_ns={Median(setNs):F1} snapshot_ns={Median(snapNs):F1} snapshot_checks_per_s={1e9 / Median(snapNs) / 1e6:F2}M ratio_median={Median(ratios):F3} ratio_min={ratios.Min():F3} ratio_max={ratios.Max():F3} bytes_per_check={(double)snapshotBytes / prospects.Length:F3} excluded={excluded}");
    }

    private static double Time(Action action)
    {
        var watch = Stopwatch.StartNew();
        action();
        return watch.Elapsed.TotalSeconds;
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
    }

    private static int HashSetPass(HashSet<string> set, string[] prospects)
    {
        var excluded = 0;
        foreach (var email in prospects)
        {
            if (set.Contains(email))
            {
                excluded++;
            }
        }

        return excluded;
    }

    private static int SnapshotPass(ExclusionSnapshot snapshot, string[] prospects)
    {
        var excluded = 0;
        foreach (var email in prospects)
        {
            if (snapshot.IsExcluded(email, SendTime))
            {
                excluded++;
            }
        }

        return excluded;
    }
}
