namespace Exclusions.Client.Topo;

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
