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
