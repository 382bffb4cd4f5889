namespace Exclusions.Client.Testing.Amplemarket;

/// <summary>
/// Both exclusion lists under one lock. Entries keep insertion order (the list order and the cursor)
/// and are keyed by their canonical value (case, IDN, NFC), because matching is case-insensitive. An index by
/// key makes a lookup O(1) (seeding 100,000 entries used to take a minute of linear searches), and pages are
/// found by binary search on the sequence, which only grows along each list.
/// </summary>
internal sealed class AmplemarketStore
{
    public const string Success = "success";
    public const string Duplicated = "duplicated";
    public const string NotFound = "not_found";
    public const string Unsupported = "unsupported";

    private readonly object _gate = new();
    private readonly Dictionary<AmplemarketList, List<Entry>> _lists = new()
    {
        [AmplemarketList.Emails] = [],
        [AmplemarketList.Domains] = [],
    };

    private readonly Dictionary<AmplemarketList, Dictionary<string, Entry>> _index = new()
    {
        [AmplemarketList.Emails] = new(StringComparer.Ordinal),
        [AmplemarketList.Domains] = new(StringComparer.Ordinal),
    };

    private long _sequence;

    public IReadOnlyList<EmulatedAmplemarketExclusion> Snapshot(AmplemarketList list)
    {
        lock (_gate)
        {
            return _lists[list].Select(e => e.Exclusion).ToArray();
        }
    }

    public EmulatedAmplemarketExclusion Seed(AmplemarketList list, EmulatedAmplemarketExclusion exclusion)
    {
        lock (_gate)
        {
            if (Find(list, exclusion.Value) is not null)
            {
                throw new InvalidOperationException($"'{exclusion.Value}' is already in {list.CollectionName}.");
            }

            Append(list, new Entry(++_sequence, exclusion, Key(list, exclusion.Value)));
            return exclusion;
        }
    }

    /// <summary>Up to <paramref name="size"/> entries added after the cursor <paramref name="after"/>, and whether more follow.</summary>
    public (IReadOnlyList<EmulatedAmplemarketExclusion> Items, long? NextCursor) Page(AmplemarketList list, long after, int size)
    {
        lock (_gate)
        {
            var entries = _lists[list];
            var start = FirstAfter(entries, after);
            var count = Math.Min(size, entries.Count - start);
            var page = new EmulatedAmplemarketExclusion[count];
            for (var i = 0; i < count; i++)
            {
                page[i] = entries[start + i].Exclusion;
            }

            long? next = start + count < entries.Count ? entries[start + count - 1].Sequence : null;
            return (page, next);
        }
    }

    /// <summary>Adds each value not yet listed: <c>success</c>, or <c>duplicated</c> (also for a repeat within the request).</summary>
    public IReadOnlyList<string> Add(AmplemarketList list, IReadOnlyList<string> values, Func<string, EmulatedAmplemarketExclusion> create)
    {
        lock (_gate)
        {
            var outcomes = new List<string>(values.Count);
            foreach (var value in values)
            {
                if (Find(list, value) is not null)
                {
                    outcomes.Add(Duplicated);
                    continue;
                }

                Append(list, new Entry(++_sequence, create(Normalize(value)), Key(list, value)));
                outcomes.Add(Success);
            }

            return outcomes;
        }
    }

    /// <summary>Removes each value: <c>success</c>, <c>not_found</c>, or <c>unsupported</c> for entries managed by a CRM.</summary>
    public IReadOnlyList<string> Remove(AmplemarketList list, IReadOnlyList<string> values)
    {
        lock (_gate)
        {
            var outcomes = new List<string>(values.Count);
            foreach (var value in values)
            {
                var entry = Find(list, value);
                if (entry is null)
                {
                    outcomes.Add(NotFound);
                }
                else if (!entry.Exclusion.IsRemovableThroughApi)
                {
                    outcomes.Add(Unsupported);
                }
                else
                {
                    var entries = _lists[list];
                    entries.RemoveAt(FirstAfter(entries, entry.Sequence - 1));
                    _index[list].Remove(entry.Key);
                    outcomes.Add(Success);
                }
            }

            return outcomes;
        }
    }

    public void Clear()
    {
        lock (_gate)
        {
            foreach (var entries in _lists.Values)
            {
                entries.Clear();
            }

            foreach (var index in _index.Values)
            {
                index.Clear();
            }
        }
    }

    public static string Normalize(string value) => value.ToLowerInvariant();

    /// <summary>Values compare in canonical form (IDN, case, NFC; <see cref="Hosting.CanonicalForm"/>).</summary>
    private static string Key(AmplemarketList list, string value)
        => list == AmplemarketList.Emails ? Hosting.CanonicalForm.Email(value) : Hosting.CanonicalForm.Domain(value);

    private Entry? Find(AmplemarketList list, string value)
        => _index[list].TryGetValue(Key(list, value), out var entry) ? entry : null;

    private void Append(AmplemarketList list, Entry entry)
    {
        _lists[list].Add(entry);
        _index[list].Add(entry.Key, entry);
    }

    /// <summary>The position of the first entry whose sequence is greater than <paramref name="after"/> (the list's length if none).</summary>
    private static int FirstAfter(List<Entry> entries, long after)
    {
        int low = 0, high = entries.Count;
        while (low < high)
        {
            var middle = low + ((high - low) / 2);
            if (entries[middle].Sequence > after)
            {
                high = middle;
            }
            else
            {
                low = middle + 1;
            }
        }

        return low;
    }

    private sealed record Entry(long Sequence, EmulatedAmplemarketExclusion Exclusion, string Key);
}
