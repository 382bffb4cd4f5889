using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;
using Exclusions.Client.Internal;

namespace Exclusions.Client;

/// <summary>
/// A local, read-only copy of one or more vendors' blocklists for checking many prospects fast:
/// load once (each list is streamed once), then ask <see cref="IsExcluded(string, DateTimeOffset)"/> or
/// <see cref="Match(string, DateTimeOffset)"/> millions of times. An address is excluded when an exclusion
/// active at the given moment covers the address itself, its domain, or a parent domain. Addresses and
/// domains compare in the canonical form of docs/normalization.md (case, Unicode NFC, IDN in punycode,
/// surrounding whitespace ignored; a domain record held as <c>www.X</c> covers <c>X</c> and its subdomains).
/// Thread-safe for concurrent lookups.
/// </summary>
public sealed class ExclusionSnapshot
{
    private readonly Dictionary<string, Exclusion[]> _emails;
    private readonly Dictionary<string, Exclusion[]> _domains;
    private readonly Dictionary<string, Exclusion[]> _linkedIn;
#if NET9_0_OR_GREATER
    private readonly Dictionary<string, Exclusion[]>.AlternateLookup<ReadOnlySpan<char>> _emailLookup;
    private readonly Dictionary<string, Exclusion[]>.AlternateLookup<ReadOnlySpan<char>> _domainLookup;
#endif
    private readonly KeyFilter _emailFilter;
    private readonly KeyFilter _domainFilter;

    private readonly TimeProvider _time;

    private ExclusionSnapshot(IEnumerable<Exclusion> exclusions, DateTimeOffset loadedAt, TimeProvider time)
    {
        _time = time;

        // Built in place: a key's array grows by doubling (most keys hold one exclusion, some a few), and only the
        // arrays left with spare room are copied once at the end, so building holds no second map and no list per key.
        _emails = new Dictionary<string, Exclusion[]>(StringComparer.OrdinalIgnoreCase);
        _domains = new Dictionary<string, Exclusion[]>(StringComparer.OrdinalIgnoreCase);
        _linkedIn = new Dictionary<string, Exclusion[]>(StringComparer.OrdinalIgnoreCase);
        var count = 0;
        var partlyFilled = false;
        foreach (var exclusion in exclusions)
        {
            ArgumentNullException.ThrowIfNull(exclusion);
            var map = exclusion.Target.Type switch
            {
                ExclusionTargetType.Email => _emails,
                ExclusionTargetType.Domain => _domains,
                _ => _linkedIn,
            };
            ref var held = ref CollectionsMarshal.GetValueRefOrAddDefault(map, KeyOf(exclusion.Target), out var exists);
            if (!exists)
            {
                held = [exclusion];
            }
            else
            {
                var used = Used(held!);
                if (used == held!.Length)
                {
                    Array.Resize(ref held, used * 2);
                }

                held[used] = exclusion;
                partlyFilled |= used + 1 < held.Length;
            }

            count++;
        }

        if (partlyFilled)
        {
            TrimArrays(_emails);
            TrimArrays(_domains);
            TrimArrays(_linkedIn);
        }

        _emailFilter = KeyFilter.Build(_emails.Keys);
        _domainFilter = KeyFilter.Build(_domains.Keys);
#if NET9_0_OR_GREATER
        _emailLookup = _emails.GetAlternateLookup<ReadOnlySpan<char>>();
        _domainLookup = _domains.GetAlternateLookup<ReadOnlySpan<char>>();
#endif
        Count = count;
        LoadedAt = loadedAt;
    }

    /// <summary>Exclusions held (expired ones included: activity is decided per lookup).</summary>
    public int Count { get; }

    /// <summary>When the snapshot was taken.</summary>
    public DateTimeOffset LoadedAt { get; }

    /// <summary>Builds a snapshot from exclusions already in memory.</summary>
    /// <param name="exclusions">The exclusions.</param>
    /// <param name="loadedAt">When they were read; now when <see langword="null"/>.</param>
    /// <param name="timeProvider">The clock for "now" (<see cref="IsExcluded(string)"/>); <see cref="TimeProvider.System"/> when <see langword="null"/>.</param>
    /// <returns>The snapshot.</returns>
    public static ExclusionSnapshot Create(IEnumerable<Exclusion> exclusions, DateTimeOffset? loadedAt = null, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(exclusions);
        var time = timeProvider ?? TimeProvider.System;
        return new ExclusionSnapshot(exclusions, loadedAt ?? time.GetUtcNow(), time);
    }

    /// <summary>
    /// Loads a snapshot by streaming every client's full list once (the clients at the same time).
    /// "Now" (<see cref="LoadedAt"/>, <see cref="IsExcluded(string)"/>) comes from the clients'
    /// <see cref="TimeProvider"/> (the one registered in DI), or the system clock for clients that have none.
    /// </summary>
    /// <param name="clients">The vendors to include.</param>
    /// <param name="cancellationToken">Cancels loading.</param>
    /// <returns>The snapshot.</returns>
    public static async Task<ExclusionSnapshot> LoadAsync(IEnumerable<IExclusionClient> clients, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(clients);
        var all = clients.ToArray();
        var time = all.OfType<IClockedExclusionClient>().FirstOrDefault()?.Time ?? TimeProvider.System;
        var loadedAt = time.GetUtcNow();

        // Each vendor's list is read at the same time (they share nothing); within a list, pages may be
        // fetched concurrently too (TopoOptions.ListConcurrency). Exclusions keep the clients' order.
        var lists = await Task.WhenAll(all.Select(client => ReadAllAsync(client, cancellationToken))).ConfigureAwait(false);
        return new ExclusionSnapshot(lists.SelectMany(list => list), loadedAt, time);
    }

    private static async Task<List<Exclusion>> ReadAllAsync(IExclusionClient client, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        var all = new List<Exclusion>();
        await foreach (var exclusion in client.ListAsync(null, cancellationToken).ConfigureAwait(false))
        {
            all.Add(exclusion);
        }

        return all;
    }

    /// <summary>Whether an active exclusion covers <paramref name="email"/> at <paramref name="at"/>.</summary>
    /// <param name="email">The prospect's address (any case, surrounding whitespace ignored).</param>
    /// <param name="at">The moment (e.g. the planned send time).</param>
    /// <returns><see langword="true"/> when excluded.</returns>
    public bool IsExcluded(string email, DateTimeOffset at) => Match(email, at).IsExcluded;

    /// <summary>Whether an active exclusion covers <paramref name="email"/> now (by the snapshot's clock).</summary>
    /// <param name="email">The prospect's address.</param>
    /// <returns><see langword="true"/> when excluded.</returns>
    public bool IsExcluded(string email) => Match(email, _time.GetUtcNow()).IsExcluded;

    /// <summary>
    /// Which active exclusion covers <paramref name="email"/> at <paramref name="at"/>: the address, its
    /// domain, or a parent domain (checked in that order). Allocation-free for ASCII addresses on .NET 9 and later
    /// (on net8.0 each dictionary probe allocates its key string; a per-map filter skips the probes of most levels
    /// that are not held).
    /// An invalid address matches nothing.
    /// </summary>
    /// <param name="email">The prospect's address.</param>
    /// <param name="at">The moment.</param>
    /// <returns>The match, or a match whose <see cref="ExclusionMatch.IsExcluded"/> is <see langword="false"/>.</returns>
    public ExclusionMatch Match(string email, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(email);

        // The common case, without allocating: a plain ASCII address, valid as it is and whose canonical form
        // differs from it only by case (the maps compare case-insensitively). Anything else (internationalized,
        // a trailing dot, punycode, invisible characters, malformed) goes to the policy's normalization.
        return TryMatchPlainAscii(email.AsSpan().Trim(), at, out var match) ? match : MatchByNormalizing(email, at);
    }

    /// <summary>
    /// The reference path: always the policy's normalization, then every map probed (no filter). What
    /// <see cref="Match(string, DateTimeOffset)"/> answers for any input; tests compare the two. Never recurses:
    /// the canonical form of an internationalized local part is still non-ASCII.
    /// </summary>
    internal ExclusionMatch MatchByNormalizing(string email, DateTimeOffset at)
        => ValueNormalizer.TryNormalizeEmail(email, out var normalized, out _) ? MatchNormalized(normalized.AsSpan(), at) : default;

    /// <summary>
    /// The fast path, one pass from the last character to the first. It checks, conservatively, that the address
    /// is valid under the normalization policy and that its canonical form equals it up to ASCII case (returning
    /// <see langword="false"/> for anything else, which the full normalization then decides); and it hashes, as it
    /// goes, every domain suffix (each parent domain) and then the whole address, so that the maps' filters rule
    /// out most levels before any dictionary probe. The levels left are looked up in <see cref="MatchNormalized"/>'s
    /// order: address, domain, parents.
    /// </summary>
    /// <remarks>
    /// Accepted: a local part of 1 to 64 characters out of letters, digits and <c>.!#$%&amp;'*+/=?^_`{|}~-</c>,
    /// neither starting nor ending with a dot nor holding two in a row; one <c>@</c>; at least two domain labels
    /// of 1 to 63 letters, digits, <c>-</c> or <c>_</c>, none starting or ending with <c>-</c> nor holding
    /// <c>--</c> (so never punycode); 254 characters in all.
    /// </remarks>
    private bool TryMatchPlainAscii(ReadOnlySpan<char> address, DateTimeOffset at, out ExclusionMatch match)
    {
        match = default;
        if (address.Length > 254)
        {
            return false;
        }

        // Start indexes of the domain suffixes that may be held, from the shortest (a parent) to the whole
        // domain. A domain of 252 characters has at most 126 labels; past 32 candidates, the slow path decides.
        Span<int> candidates = stackalloc int[32];
        var count = 0;
        var hash = KeyFilter.Start;
        var labelLength = 0;
        var seenDot = false;
        var next = '\0';
        var i = address.Length - 1;
        for (; ; i--)
        {
            if (i < 0)
            {
                return false;
            }

            var c = address[i];
            if (c is '.' or '@')
            {
                if (labelLength == 0 || next == '-')
                {
                    return false;
                }

                // address[(i + 1)..] is a suffix of whole labels; with a dot in it, it is a domain that can be held.
                if (seenDot && _domainFilter.MayContain(hash))
                {
                    if (count == candidates.Length)
                    {
                        return false;
                    }

                    candidates[count++] = i + 1;
                }

                if (c == '@')
                {
                    break;
                }

                seenDot = true;
                labelLength = 0;
            }
            else if (c >= 128 || (AsciiClasses[c] & DomainChar) == 0 || (c == '-' && (labelLength == 0 || next == '-')) || ++labelLength > 63)
            {
                return false;
            }

            hash = KeyFilter.Step(hash, KeyFilter.FoldAscii(c));
            next = c;
        }

        var atSign = i;
        if (!seenDot || atSign is 0 or > 64)
        {
            return false;
        }

        // The address's hash goes on from its domain's, through the '@' and the local part.
        hash = KeyFilter.Step(hash, '@');
        next = '@';
        for (i--; i >= 0; i--)
        {
            var c = address[i];
            if (c >= 128 || (AsciiClasses[c] & LocalChar) == 0 || (c == '.' && (next is '.' or '@' || i == 0)))
            {
                return false;
            }

            hash = KeyFilter.Step(hash, KeyFilter.FoldAscii(c));
            next = c;
        }

        if (_emailFilter.MayContain(hash) && FindActive(LookupEmail(address), at) is { } byEmail)
        {
            match = new ExclusionMatch(ExclusionMatchKind.Email, byEmail);
            return true;
        }

        while (count > 0)
        {
            var start = candidates[--count];
            if (FindActive(LookupDomain(address[start..]), at) is { } byDomain)
            {
                match = new ExclusionMatch(start == atSign + 1 ? ExclusionMatchKind.Domain : ExclusionMatchKind.ParentDomain, byDomain);
                return true;
            }
        }

        return true;
    }

    private const byte DomainChar = 1;
    private const byte LocalChar = 2;

    /// <summary>
    /// Per ASCII character: <see cref="DomainChar"/> when it may stand in a plain domain label (letters, digits,
    /// <c>-</c>, <c>_</c>), <see cref="LocalChar"/> when in a plain local part.
    /// </summary>
    private static ReadOnlySpan<byte> AsciiClasses =>
    [
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        0, 2, 0, 2, 2, 2, 2, 2, 0, 0, 2, 2, 0, 3, 2, 2, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 0, 0, 0, 2, 0, 2,
        0, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 0, 0, 0, 2, 3,
        2, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 2, 2, 2, 2, 0,
    ];

    private ExclusionMatch MatchNormalized(ReadOnlySpan<char> span, DateTimeOffset at)
    {
        var atSign = span.LastIndexOf('@');
        if (atSign <= 0 || atSign == span.Length - 1)
        {
            return default;
        }

        if (FindActive(LookupEmail(span), at) is { } byEmail)
        {
            return new ExclusionMatch(ExclusionMatchKind.Email, byEmail);
        }

        var domain = span[(atSign + 1)..];
        var kind = ExclusionMatchKind.Domain;
        while (domain.Length > 0)
        {
            // A parent that is only a top-level domain ("com") is never an excludable domain: skip the lookup.
            if (kind == ExclusionMatchKind.ParentDomain && !domain.Contains('.'))
            {
                break;
            }

            if (FindActive(LookupDomain(domain), at) is { } byDomain)
            {
                return new ExclusionMatch(kind, byDomain);
            }

            var dot = domain.IndexOf('.');
            if (dot < 0)
            {
                break;
            }

            domain = domain[(dot + 1)..];
            kind = ExclusionMatchKind.ParentDomain;
        }

        return default;
    }

    /// <summary>Whether an active exclusion of exactly this target exists (no domain inheritance).</summary>
    /// <param name="target">The target.</param>
    /// <param name="at">The moment.</param>
    /// <returns><see langword="true"/> when present and active.</returns>
    public bool Contains(ExclusionTarget target, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(target);
        var map = target.Type switch
        {
            ExclusionTargetType.Email => _emails,
            ExclusionTargetType.Domain => _domains,
            _ => _linkedIn,
        };
        return map.TryGetValue(KeyOf(target), out var list) && FindActive(list, at) is not null;
    }

    /// <summary>The key a target is held and looked up under: a domain record <c>www.X</c> covers what <c>X</c> covers.</summary>
    private static string KeyOf(ExclusionTarget target)
        => target.Type == ExclusionTargetType.Domain ? ValueNormalizer.MatchKeyOfDomain(target.Value) : target.Value;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Exclusion? FindActive(Exclusion[]? candidates, DateTimeOffset at)
    {
        if (candidates is null)
        {
            return null;
        }

        foreach (var candidate in candidates)
        {
            if (candidate.IsActive(at))
            {
                return candidate;
            }
        }

        return null;
    }

    private Exclusion[]? LookupEmail(ReadOnlySpan<char> email)
    {
#if NET9_0_OR_GREATER
        return _emailLookup.TryGetValue(email, out var list) ? list : null;
#else
        return _emails.TryGetValue(email.ToString(), out var list) ? list : null;
#endif
    }

    private Exclusion[]? LookupDomain(ReadOnlySpan<char> domain)
    {
#if NET9_0_OR_GREATER
        return _domainLookup.TryGetValue(domain, out var list) ? list : null;
#else
        return _domains.TryGetValue(domain.ToString(), out var list) ? list : null;
#endif
    }

    /// <summary>How many slots of a key's array hold an exclusion (the rest, at the end, are spare room while building).</summary>
    private static int Used(Exclusion?[] held)
    {
        // The filled slots are a prefix: binary search for the first empty one (a key held thousands of times stays cheap).
        int low = 0, high = held.Length;
        while (low < high)
        {
            var middle = (low + high) >>> 1;
            if (held[middle] is null)
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

    /// <summary>Cuts every array to its exclusions, so a lookup never meets an empty slot.</summary>
    private static void TrimArrays(Dictionary<string, Exclusion[]> map)
    {
        foreach (var (key, held) in map)
        {
            var used = Used(held);
            if (used < held.Length)
            {
                map[key] = held[..used];
            }
        }
    }
}
