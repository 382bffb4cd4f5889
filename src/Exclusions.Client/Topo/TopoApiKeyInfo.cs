namespace Exclusions.Client.Topo;

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
