namespace Exclusions.Client.Topo;

/// <summary>A Topo contact exclusion: blocks an individual by e-mail and/or LinkedIn URL.</summary>
public sealed class ContactExclusion
{
    internal ContactExclusion()
    {
    }

    /// <summary>The exclusion's UUID.</summary>
    public Guid Id { get; init; }

    /// <summary>The excluded e-mail address, if any.</summary>
    public string? Email { get; init; }

    /// <summary>The excluded LinkedIn profile URL, if any.</summary>
    public string? LinkedInUrl { get; init; }

    /// <summary>The reason code (unknown codes are kept as received).</summary>
    public ExclusionReason Reason { get; init; }

    /// <summary>The operator note, if any.</summary>
    public string? Message { get; init; }

    /// <summary>When the exclusion lifts; <see langword="null"/> means permanent.</summary>
    public DateTimeOffset? Until { get; init; }

    /// <summary>When the exclusion was created.</summary>
    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>When the exclusion was last modified.</summary>
    public DateTimeOffset UpdatedAt { get; init; }

    /// <summary>Whether the exclusion is in force at <paramref name="at"/>: permanent, or <see cref="Until"/> is later.</summary>
    /// <param name="at">The moment to ask about.</param>
    /// <returns><see langword="true"/> when in force.</returns>
    public bool IsActive(DateTimeOffset at) => Until is null || Until.Value > at;

    /// <inheritdoc />
    public override string ToString() => $"ContactExclusion {Id} ({Reason}{(Until is null ? ", permanent" : ", until " + Until.Value.ToString("O", System.Globalization.CultureInfo.InvariantCulture))})";
}

/// <summary>A Topo account exclusion: blocks an entire company domain.</summary>
public sealed class AccountExclusion
{
    internal AccountExclusion()
    {
    }

    /// <summary>The exclusion's UUID.</summary>
    public Guid Id { get; init; }

    /// <summary>The excluded company domain (e.g. <c>acme.com</c>).</summary>
    public string? Domain { get; init; }

    /// <summary>The reason code (unknown codes are kept as received).</summary>
    public ExclusionReason Reason { get; init; }

    /// <summary>The operator note, if any.</summary>
    public string? Message { get; init; }

    /// <summary>When the exclusion lifts; <see langword="null"/> means permanent.</summary>
    public DateTimeOffset? Until { get; init; }

    /// <summary>When the exclusion was created.</summary>
    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>When the exclusion was last modified.</summary>
    public DateTimeOffset UpdatedAt { get; init; }

    /// <summary>Whether the exclusion is in force at <paramref name="at"/>: permanent, or <see cref="Until"/> is later.</summary>
    /// <param name="at">The moment to ask about.</param>
    /// <returns><see langword="true"/> when in force.</returns>
    public bool IsActive(DateTimeOffset at) => Until is null || Until.Value > at;

    /// <inheritdoc />
    public override string ToString() => $"AccountExclusion {Id} {Domain} ({Reason})";
}

/// <summary>The API key Topo sees, from <c>GET /v1/me</c>: who it is and which scopes it carries.</summary>
public sealed class TopoApiKeyInfo
{
    internal TopoApiKeyInfo()
    {
    }

    /// <summary>The key's id.</summary>
    public string? Id { get; init; }

    /// <summary>The organization (workspace) the key belongs to.</summary>
    public string? OrganizationId { get; init; }

    /// <summary>The key's display name.</summary>
    public string? Name { get; init; }

    /// <summary>The first characters of the key as Topo shows them (e.g. <c>topo_xxxx</c>); never the key itself.</summary>
    public string? KeyPrefix { get; init; }

    /// <summary>The scopes the key carries, e.g. <c>exclusions:read</c>.</summary>
    public IReadOnlyList<string> Scopes { get; init; } = [];

    /// <summary>When the key was last used.</summary>
    public DateTimeOffset? LastUsedAt { get; init; }

    /// <summary>When the key was created.</summary>
    public DateTimeOffset? CreatedAt { get; init; }

    /// <summary>Whether the key carries <paramref name="scope"/>.</summary>
    /// <param name="scope">A scope such as <see cref="TopoScopes.ExclusionsWrite"/>.</param>
    /// <returns><see langword="true"/> when present.</returns>
    public bool HasScope(string scope) => Scopes.Contains(scope, StringComparer.OrdinalIgnoreCase);
}

/// <summary>The scopes the exclusion endpoints need.</summary>
public static class TopoScopes
{
    /// <summary>Needed to list and get exclusions.</summary>
    public const string ExclusionsRead = "exclusions:read";

    /// <summary>Needed to create, update and delete exclusions.</summary>
    public const string ExclusionsWrite = "exclusions:write";
}

/// <summary>One page of a Topo list, with the envelope's counts.</summary>
/// <typeparam name="T">The item type.</typeparam>
public sealed class TopoPage<T>
{
    /// <summary>Creates a page (for tests; see <see cref="ExclusionsModelFactory"/>).</summary>
    /// <param name="items">The items.</param>
    /// <param name="pageNumber">The 1-based page number.</param>
    /// <param name="totalCount">Items across all pages.</param>
    /// <param name="totalPages">Pages in all.</param>
    /// <param name="hasMore">Whether a later page exists.</param>
    public TopoPage(IReadOnlyList<T> items, int pageNumber, int totalCount, int totalPages, bool hasMore)
    {
        Items = items;
        PageNumber = pageNumber;
        TotalCount = totalCount;
        TotalPages = totalPages;
        HasMore = hasMore;
    }

    /// <summary>The items on this page.</summary>
    public IReadOnlyList<T> Items { get; }

    /// <summary>The 1-based page number.</summary>
    public int PageNumber { get; }

    /// <summary>Items across all pages (<c>total_count</c>).</summary>
    public int TotalCount { get; }

    /// <summary>Pages in all (<c>total_pages</c>).</summary>
    public int TotalPages { get; }

    /// <summary>Whether a later page exists (<c>has_more</c>).</summary>
    public bool HasMore { get; }
}
