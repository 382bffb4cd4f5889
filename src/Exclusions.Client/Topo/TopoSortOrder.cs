namespace Exclusions.Client.Topo;

/// <summary>Sort direction (<c>sort_order</c>).</summary>
public enum TopoSortOrder
{
    /// <summary><c>asc</c>.</summary>
    Ascending,

    /// <summary><c>desc</c>.</summary>
    Descending,
}
