using System.Runtime.CompilerServices;
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

    private readonly TimeProvider _time;

    private ExclusionSnapshot(IEnumerable<Exclusion> exclusions, DateTimeOffset loadedAt, TimeProvider time)
    {
        _time = time;
        var emails = new Dictionary<string, List<Exclusion>>(StringComparer.OrdinalIgnoreCase);
        var domains = new Dictionary<string, List<Exclusion>>(StringComparer.OrdinalIgnoreCase);
        var linkedIn = new Dictionary<string, List<Exclusion>>(StringComparer.OrdinalIgnoreCase);
        var count = 0;
        foreach (var exclusion in exclusions)
        {
            ArgumentNullException.ThrowIfNull(exclusion);
            var map = exclusion.Target.Type switch
            {
                ExclusionTargetType.Email => emails,
                ExclusionTargetType.Domain => domains,
                _ => linkedIn,
            };
            var key = KeyOf(exclusion.Target);
            if (!map.TryGetValue(key, out var list))
            {
                map[key] = list = new List<Exclusion>(1);
            }

            list.Add(exclusion);
            count++;
        }

        _emails = Freeze(emails);
        _domains = Freeze(domains);
        _linkedIn = Freeze(linkedIn);
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
    /// domain, or a parent domain (checked in that order). Allocation-free for ASCII addresses on .NET 9 and later (on net8.0 each dictionary lookup allocates its key string).
    /// An invalid address matches nothing.
    /// </summary>
    /// <param name="email">The prospect's address.</param>
    /// <param name="at">The moment.</param>
    /// <returns>The match, or a match whose <see cref="ExclusionMatch.IsExcluded"/> is <see langword="false"/>.</returns>
    public ExclusionMatch Match(string email, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(email);
        var span = email.AsSpan().Trim();
        if (IsPlainAsciiAddress(span))
        {
            // The common case, without allocating: an ASCII address that is valid as it is and whose
            // canonical form differs from it only by case (the maps compare case-insensitively).
            return MatchNormalized(span, at);
        }

        // Anything else (internationalized, a trailing dot, punycode, invisible characters, malformed):
        // the policy's normalization decides, then the canonical form is looked up. Never recurse: the
        // canonical form of an internationalized local part is still non-ASCII.
        return ValueNormalizer.TryNormalizeEmail(email, out var normalized, out _) ? MatchNormalized(normalized.AsSpan(), at) : default;
    }

    /// <summary>
    /// A conservative, allocation-free test: when <see langword="true"/>, the address is valid under the
    /// normalization policy and its canonical form equals it up to ASCII case. When <see langword="false"/>,
    /// the full normalization decides.
    /// </summary>
    private static bool IsPlainAsciiAddress(ReadOnlySpan<char> address)
    {
        var atSign = address.IndexOf('@');
        if (atSign <= 0 || atSign > 64 || address.Length > 254 || address.LastIndexOf('@') != atSign)
        {
            return false;
        }

        var local = address[..atSign];
        if (local[0] == '.' || local[^1] == '.' || local.Contains("..", StringComparison.Ordinal))
        {
            return false;
        }

        foreach (var c in local)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-' or '+' or '%' or '\'' or '!' or '#' or '$' or '&' or '*' or '/' or '=' or '?' or '^' or '`' or '{' or '|' or '}' or '~'))
            {
                return false;
            }
        }

        var domain = address[(atSign + 1)..];
        if (domain.Length is 0 or > 253)
        {
            return false;
        }

        var labels = 0;
        while (true)
        {
            var dot = domain.IndexOf('.');
            var label = dot < 0 ? domain : domain[..dot];
            if (label.Length is 0 or > 63 || label[0] == '-' || label[^1] == '-' || label.Contains("--", StringComparison.Ordinal))
            {
                return false;
            }

            foreach (var c in label)
            {
                if (!(char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
                {
                    return false;
                }
            }

            labels++;
            if (dot < 0)
            {
                return labels >= 2;
            }

            domain = domain[(dot + 1)..];
        }
    }

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

    private static Dictionary<string, Exclusion[]> Freeze(Dictionary<string, List<Exclusion>> source)
    {
        var frozen = new Dictionary<string, Exclusion[]>(source.Count, StringComparer.OrdinalIgnoreCase);
        foreach (var (key, list) in source)
        {
            frozen[key] = [.. list];
        }

        return frozen;
    }
}
