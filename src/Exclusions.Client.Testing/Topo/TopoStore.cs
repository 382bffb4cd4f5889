using Exclusions.Client.Testing.Hosting;

namespace Exclusions.Client.Testing.Topo;

/// <summary>
/// Topo's exclusions and the operations the API performs on them, under one lock. Every method returns
/// immutable snapshots so callers never see a record change under them.
/// </summary>
internal sealed class TopoStore
{
    private readonly object _gate = new();
    private readonly List<Entry> _contacts = [];
    private readonly List<Entry> _accounts = [];
    private readonly TimeProvider _time;
    private readonly EmulatorRandom _random;
    private readonly int _digits;
    private readonly StringComparison _linkedInComparison;
    private long _sequence;

    /// <param name="time">The emulator's clock.</param>
    /// <param name="random">Id generator.</param>
    /// <param name="fractionalDigits">Timestamps are stored at the precision they are written with, so filters agree with what clients saw.</param>
    /// <param name="caseSensitiveLinkedInUrls">Strict default <see langword="false"/>: LinkedIn URLs compare case-insensitively.</param>
    public TopoStore(TimeProvider time, EmulatorRandom random, int fractionalDigits = 7, bool caseSensitiveLinkedInUrls = false)
    {
        _time = time;
        _random = random;
        _digits = fractionalDigits;
        _linkedInComparison = caseSensitiveLinkedInUrls ? StringComparison.Ordinal : StringComparison.OrdinalIgnoreCase;
    }

    /// <summary>How the <c>linkedin_url</c> filter and the duplicate check compare LinkedIn URLs.</summary>
    public StringComparison LinkedInComparison => _linkedInComparison;

    private DateTimeOffset Now() => Timestamps.Truncate(_time.GetUtcNow(), _digits);

    private DateTimeOffset? Truncate(DateTimeOffset? value) => value is { } v ? Timestamps.Truncate(v, _digits) : null;

    public IReadOnlyList<EmulatedTopoExclusion> Snapshot(TopoExclusionKind kind)
    {
        lock (_gate)
        {
            return Entries(kind).Select(e => e.Exclusion).ToArray();
        }
    }

    /// <summary>Inserts without validation or duplicate checks: seeding may build any state the tests need.</summary>
    public EmulatedTopoExclusion Seed(TopoExclusionKind kind, EmulatedTopoExclusion exclusion)
    {
        lock (_gate)
        {
            var withId = (exclusion.Id == Guid.Empty ? exclusion with { Id = _random.NextGuid() } : exclusion) with
            {
                CreatedAt = Timestamps.Truncate(exclusion.CreatedAt, _digits),
                UpdatedAt = Timestamps.Truncate(exclusion.UpdatedAt, _digits),
                Until = Truncate(exclusion.Until),
            };
            Entries(kind).Add(new Entry(++_sequence, withId));
            return withId;
        }
    }

    public TopoPage List(TopoExclusionKind kind, TopoListQuery query)
    {
        lock (_gate)
        {
            IEnumerable<Entry> matching = Entries(kind).Where(e => query.Matches(e.Exclusion, _linkedInComparison));
            var sorted = query.Sort(matching).ToList();
            var totalPages = (int)Math.Ceiling(sorted.Count / (double)query.Size);
            var items = sorted
                .Skip((int)Math.Min(int.MaxValue, (query.Page - 1L) * query.Size))
                .Take(query.Size)
                .Select(e => e.Exclusion)
                .ToArray();
            return new TopoPage(items, sorted.Count, totalPages, query.Page < totalPages);
        }
    }

    /// <summary>
    /// Creates the exclusion unless an active one already blocks the same email, LinkedIn URL or domain.
    /// </summary>
    /// <remarks>
    /// Assumption (undocumented): an exclusion whose <c>until</c> has passed is lifted, so it does not
    /// block a new one (no 409); it is still stored and listed, since only a DELETE removes records.
    /// Emails and domains compare in canonical form (<see cref="CanonicalForm"/>); LinkedIn URLs too unless
    /// <see cref="ExclusionsEmulatorOptions.CaseSensitiveLinkedInUrls"/> (strict choice: a profile URL's case does not name another person).
    /// </remarks>
    public TopoCreateResult Create(TopoExclusionKind kind, TopoNewExclusion fields)
    {
        lock (_gate)
        {
            var now = Now();
            var conflict = Entries(kind).FirstOrDefault(e => IsActive(e.Exclusion, now) && SameTarget(e.Exclusion, fields));
            if (conflict is not null)
            {
                return new TopoCreateResult(null, conflict.Exclusion);
            }

            var created = new EmulatedTopoExclusion
            {
                Id = _random.NextGuid(),
                Email = fields.Email,
                LinkedInUrl = fields.LinkedInUrl,
                Domain = fields.Domain,
                Reason = fields.Reason,
                Message = fields.Message,
                Until = Truncate(fields.Until),
                CreatedAt = now,
                UpdatedAt = now,
            };
            Entries(kind).Add(new Entry(++_sequence, created));
            return new TopoCreateResult(created, null);
        }
    }

    public EmulatedTopoExclusion? Get(TopoExclusionKind kind, Guid id)
    {
        lock (_gate)
        {
            return Find(kind, id)?.Exclusion;
        }
    }

    /// <summary>Applies only the fields present in the request; <c>updated_at</c> moves on every PATCH.</summary>
    public EmulatedTopoExclusion? Patch(TopoExclusionKind kind, Guid id, TopoPatch patch)
    {
        lock (_gate)
        {
            var entry = Find(kind, id);
            if (entry is null)
            {
                return null;
            }

            var current = entry.Exclusion;
            entry.Exclusion = current with
            {
                Reason = patch.Reason.IsPresent ? patch.Reason.Value! : current.Reason,
                Message = patch.Message.IsPresent ? patch.Message.Value : current.Message,
                Until = patch.Until.IsPresent ? Truncate(patch.Until.Value) : current.Until,
                UpdatedAt = Now(),
            };
            return entry.Exclusion;
        }
    }

    public TopoDeleteResult Delete(TopoExclusionKind kind, Guid id)
    {
        lock (_gate)
        {
            var entry = Find(kind, id);
            if (entry is null)
            {
                return TopoDeleteResult.NotFound;
            }

            if (entry.Exclusion.CrmSynced)
            {
                return TopoDeleteResult.CrmSynced;
            }

            Entries(kind).Remove(entry);
            return TopoDeleteResult.Deleted;
        }
    }

    public void Clear()
    {
        lock (_gate)
        {
            _contacts.Clear();
            _accounts.Clear();
        }
    }

    private static bool IsActive(EmulatedTopoExclusion exclusion, DateTimeOffset now) =>
        exclusion.Until is not { } until || until > now;

    private bool SameTarget(EmulatedTopoExclusion existing, TopoNewExclusion fields) =>
        CanonicalForm.SameEmail(existing.Email, fields.Email)
        || (fields.LinkedInUrl is not null && string.Equals(existing.LinkedInUrl, fields.LinkedInUrl, _linkedInComparison))
        || CanonicalForm.SameDomain(existing.Domain, fields.Domain);

    private List<Entry> Entries(TopoExclusionKind kind) => kind == TopoExclusionKind.Contact ? _contacts : _accounts;

    private Entry? Find(TopoExclusionKind kind, Guid id) => Entries(kind).Find(e => e.Exclusion.Id == id);

    /// <summary>A stored exclusion; <see cref="Sequence"/> is insertion order, the tie-breaker of every sort.</summary>
    internal sealed class Entry(long sequence, EmulatedTopoExclusion exclusion)
    {
        public long Sequence { get; } = sequence;

        public EmulatedTopoExclusion Exclusion { get; set; } = exclusion;
    }
}

internal sealed record TopoNewExclusion(
    string? Email, string? LinkedInUrl, string? Domain, string Reason, string? Message, DateTimeOffset? Until);

internal readonly record struct Optional<T>(bool IsPresent, T Value)
{
    public static Optional<T> Absent => default;

    public static Optional<T> Of(T value) => new(true, value);
}

internal sealed record TopoPatch(Optional<string?> Reason, Optional<string?> Message, Optional<DateTimeOffset?> Until);

internal sealed record TopoCreateResult(EmulatedTopoExclusion? Created, EmulatedTopoExclusion? Conflict);

internal sealed record TopoPage(IReadOnlyList<EmulatedTopoExclusion> Items, int TotalCount, int TotalPages, bool HasMore);

internal enum TopoDeleteResult
{
    Deleted,
    NotFound,
    CrmSynced,
}
