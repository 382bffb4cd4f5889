namespace Exclusions.Client.Topo;

/// <summary>The scopes the exclusion endpoints need.</summary>
public static class TopoScopes
{
    /// <summary>Needed to list and get exclusions.</summary>
    public const string ExclusionsRead = "exclusions:read";

    /// <summary>Needed to create, update and delete exclusions.</summary>
    public const string ExclusionsWrite = "exclusions:write";
}
