using System.Runtime.InteropServices;
using Exclusions.Client;
using Exclusions.Client.Internal;

namespace Exclusions.Cli.Commands;

/// <summary>
/// Collects, as the vendors' lists stream in, the smallest <see cref="ExclusionSnapshot"/> that answers a
/// <c>check</c> exactly as one holding every record would. A check asks about one moment, and for each target
/// <see cref="ExclusionSnapshot.Match(string, DateTimeOffset)"/> names the first exclusion active then, in the
/// order the providers were given (each list in its own order). So only that one is kept per target (its key as
/// the snapshot's: a domain held as <c>www.X</c> is <c>X</c>), and only what <c>matched_by</c> prints: provider,
/// target, expiry. When both vendors hold the same address (what <c>sync</c> aims for), the second vendor's record
/// is dropped as it arrives instead of doubling the snapshot; a 200,000-record load keeps 100,000 small entries.
/// Thread-safe: each vendor's list is read on its own task.
/// </summary>
internal sealed class CheckSnapshotBuilder
{
    private readonly Lock _lock = new();
    private readonly DateTimeOffset _at;
    private readonly Dictionary<string, Kept> _emails = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, Kept> _domains = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, Kept> _linkedIn = new(StringComparer.OrdinalIgnoreCase);

    /// <param name="at">The moment the check is about: exclusions not active then are not kept.</param>
    public CheckSnapshotBuilder(DateTimeOffset at) => _at = at;

    /// <summary>Offers one record of the provider at <paramref name="rank"/> (0 for the first provider given), in its list's order.</summary>
    public void Add(int rank, Exclusion exclusion)
    {
        ArgumentNullException.ThrowIfNull(exclusion);
        if (!exclusion.IsActive(_at))
        {
            return;
        }

        var target = exclusion.Target;
        var key = target.Type == ExclusionTargetType.Domain ? ValueNormalizer.MatchKeyOfDomain(target.Value) : target.Value;
        lock (_lock)
        {
            var map = target.Type switch
            {
                ExclusionTargetType.Email => _emails,
                ExclusionTargetType.Domain => _domains,
                _ => _linkedIn,
            };
            ref var slot = ref CollectionsMarshal.GetValueRefOrAddDefault(map, key, out var exists);

            // Within one provider the list's order decides (the first stays); across providers the earlier one wins.
            if (!exists || rank < slot.Rank)
            {
                slot = new Kept(rank, ExclusionsModelFactory.Exclusion(exclusion.Provider, target, until: exclusion.Until));
            }
        }
    }

    /// <summary>
    /// Offers every record of <paramref name="records"/> (a vendor's list as it streams in), as <see cref="Add"/> does;
    /// <paramref name="tick"/> counts each one read (a progress display's count). The loop's garbage stays bounded
    /// (<see cref="YoungGarbageCap"/>): each record is garbage once offered.
    /// </summary>
    public async Task AddAllAsync(int rank, IAsyncEnumerable<Exclusion> records, Action? tick, CancellationToken cancellationToken)
    {
        var garbage = YoungGarbageCap.Start();
        await foreach (var exclusion in records.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            garbage.Step();
            Add(rank, exclusion);
            tick?.Invoke();
        }
    }

    /// <summary>The snapshot of what was kept; the builder is empty afterwards.</summary>
    public ExclusionSnapshot Build(DateTimeOffset loadedAt)
    {
        lock (_lock)
        {
            var kept = new Exclusion[_emails.Count + _domains.Count + _linkedIn.Count];
            var i = 0;
            foreach (var map in (Dictionary<string, Kept>[])[_emails, _domains, _linkedIn])
            {
                foreach (var entry in map.Values)
                {
                    kept[i++] = entry.Exclusion;
                }

                map.Clear();
                map.TrimExcess();
            }

            return ExclusionSnapshot.Create(kept, loadedAt);
        }
    }

    private readonly record struct Kept(int Rank, Exclusion Exclusion);
}
