namespace Exclusions.Client.Topo;

/// <summary>Filters for <see cref="TopoExclusionsClient.ListAccountExclusionsAsync"/>.</summary>
public sealed class AccountExclusionQuery : TopoListQuery
{
    /// <summary>Exact-match filter on the domain (normalized: a URL becomes its host, lower-cased).</summary>
    public string? Domain { get; set; }
}
