namespace Exclusions.Client.Topo;

/// <summary>The field a Topo list is sorted by (<c>sort_by</c>).</summary>
public enum TopoSortField
{
    /// <summary><c>created_at</c>.</summary>
    CreatedAt,

    /// <summary><c>updated_at</c>.</summary>
    UpdatedAt,

    /// <summary><c>email</c> (contact exclusions only).</summary>
    Email,

    /// <summary><c>domain</c> (account exclusions only).</summary>
    Domain,

    /// <summary><c>reason</c>.</summary>
    Reason,
}

/// <summary>Sort direction (<c>sort_order</c>).</summary>
public enum TopoSortOrder
{
    /// <summary><c>asc</c>.</summary>
    Ascending,

    /// <summary><c>desc</c>.</summary>
    Descending,
}

/// <summary>Filters, sorting and page size shared by both Topo lists.</summary>
public abstract class TopoListQuery
{
    /// <summary>The largest page size Topo accepts.</summary>
    public const int MaxPageSize = 100;

    /// <summary>Only exclusions with this reason.</summary>
    public ExclusionReason? Reason { get; set; }

    /// <summary>Only exclusions created strictly after this moment (<c>created_at_after</c>).</summary>
    public DateTimeOffset? CreatedAfter { get; set; }

    /// <summary>Only exclusions created strictly before this moment (<c>created_at_before</c>).</summary>
    public DateTimeOffset? CreatedBefore { get; set; }

    /// <summary>The sort field; the server's default when <see langword="null"/>.</summary>
    public TopoSortField? SortBy { get; set; }

    /// <summary>The sort direction; the server's default when <see langword="null"/>.</summary>
    public TopoSortOrder? SortOrder { get; set; }

    /// <summary>
    /// Items per page, 1..100. <see langword="null"/>: the server's default (10) for a single page,
    /// 100 when auto-paging (fewer round trips).
    /// </summary>
    public int? PageSize { get; set; }
}

/// <summary>Filters for <see cref="TopoExclusionsClient.ListContactExclusionsAsync"/>.</summary>
public sealed class ContactExclusionQuery : TopoListQuery
{
    /// <summary>Exact-match filter on the e-mail address (normalized: trimmed, lower-cased).</summary>
    public string? Email { get; set; }

    /// <summary>Exact-match filter on the LinkedIn URL (normalized).</summary>
    public string? LinkedInUrl { get; set; }
}

/// <summary>Filters for <see cref="TopoExclusionsClient.ListAccountExclusionsAsync"/>.</summary>
public sealed class AccountExclusionQuery : TopoListQuery
{
    /// <summary>Exact-match filter on the domain (normalized: a URL becomes its host, lower-cased).</summary>
    public string? Domain { get; set; }
}

/// <summary>A new contact exclusion. At least one of <see cref="Email"/> and <see cref="LinkedInUrl"/> is required.</summary>
public sealed class CreateContactExclusionRequest
{
    /// <summary>The e-mail address to exclude.</summary>
    public string? Email { get; set; }

    /// <summary>The LinkedIn profile URL to exclude.</summary>
    public string? LinkedInUrl { get; set; }

    /// <summary>The reason code. Required.</summary>
    public ExclusionReason Reason { get; set; }

    /// <summary>An optional note for your team.</summary>
    public string? Message { get; set; }

    /// <summary>When the exclusion lifts; <see langword="null"/> (the default) creates a permanent exclusion.</summary>
    public DateTimeOffset? Until { get; set; }
}

/// <summary>A new account (domain) exclusion.</summary>
public sealed class CreateAccountExclusionRequest
{
    /// <summary>The company domain to exclude (a URL is reduced to its host). Required.</summary>
    public string? Domain { get; set; }

    /// <summary>The reason code. Required.</summary>
    public ExclusionReason Reason { get; set; }

    /// <summary>An optional note for your team.</summary>
    public string? Message { get; set; }

    /// <summary>When the exclusion lifts; <see langword="null"/> (the default) creates a permanent exclusion.</summary>
    public DateTimeOffset? Until { get; set; }
}

/// <summary>
/// A PATCH of a contact or account exclusion: only what is set is sent, and only what is sent changes.
/// </summary>
public sealed class UpdateExclusionRequest
{
    /// <summary>A new reason; unchanged when <see langword="null"/>.</summary>
    public ExclusionReason? Reason { get; set; }

    /// <summary>A new note; unchanged when <see langword="null"/>.</summary>
    public string? Message { get; set; }

    /// <summary>
    /// The expiry change: <see cref="UntilUpdate.Unchanged"/> (default, <c>until</c> not sent),
    /// <see cref="UntilUpdate.Permanent"/> (<c>"until": null</c> sent) or <see cref="UntilUpdate.At"/>.
    /// </summary>
    public UntilUpdate Until { get; set; }
}

/// <summary>
/// The three things a PATCH can do to an exclusion's expiry: leave it, make the exclusion permanent,
/// or set a new moment. The default value is <see cref="Unchanged"/>.
/// </summary>
public readonly struct UntilUpdate : IEquatable<UntilUpdate>
{
    private UntilUpdate(bool isSet, DateTimeOffset? value)
    {
        IsSet = isSet;
        Value = value;
    }

    /// <summary>Leave the expiry as it is: <c>until</c> is omitted from the body.</summary>
    public static UntilUpdate Unchanged => default;

    /// <summary>Make the exclusion permanent: <c>"until": null</c> is sent.</summary>
    public static UntilUpdate Permanent => new(true, null);

    /// <summary>Whether <c>until</c> is sent at all.</summary>
    public bool IsSet { get; }

    /// <summary>Whether this makes the exclusion permanent.</summary>
    public bool IsPermanent => IsSet && Value is null;

    /// <summary>The new expiry, when one is set.</summary>
    public DateTimeOffset? Value { get; }

    /// <summary>Set a new expiry.</summary>
    /// <param name="until">When the exclusion lifts.</param>
    /// <returns>The update.</returns>
    public static UntilUpdate At(DateTimeOffset until) => new(true, until);

    /// <summary>Set a new expiry.</summary>
    /// <param name="until">When the exclusion lifts.</param>
    public static implicit operator UntilUpdate(DateTimeOffset until) => At(until);

    /// <summary>Compares two updates.</summary>
    public static bool operator ==(UntilUpdate left, UntilUpdate right) => left.Equals(right);

    /// <summary>Compares two updates.</summary>
    public static bool operator !=(UntilUpdate left, UntilUpdate right) => !left.Equals(right);

    /// <inheritdoc />
    public bool Equals(UntilUpdate other) => IsSet == other.IsSet && Nullable.Equals(Value, other.Value);

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is UntilUpdate other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(IsSet, Value);

    /// <inheritdoc />
    public override string ToString() => !IsSet ? "Unchanged" : Value is null ? "Permanent" : Value.Value.ToString("O", System.Globalization.CultureInfo.InvariantCulture);
}
