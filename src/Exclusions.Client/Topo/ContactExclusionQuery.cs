namespace Exclusions.Client.Topo;

/// <summary>Filters for <see cref="TopoExclusionsClient.ListContactExclusionsAsync"/>.</summary>
public sealed class ContactExclusionQuery : TopoListQuery
{
    /// <summary>Exact-match filter on the e-mail address (normalized: trimmed, lower-cased).</summary>
    public string? Email { get; set; }

    /// <summary>Exact-match filter on the LinkedIn URL (normalized).</summary>
    public string? LinkedInUrl { get; set; }
}
