namespace Exclusions.Client;

/// <summary>What a vendor can do, so callers can ask before they act.</summary>
public sealed class ExclusionCapabilities
{
    /// <summary>Creates a capability set.</summary>
    /// <param name="targetTypes">The target types the vendor stores.</param>
    public ExclusionCapabilities(IEnumerable<ExclusionTargetType> targetTypes)
    {
        ArgumentNullException.ThrowIfNull(targetTypes);
        TargetTypes = targetTypes.Distinct().ToArray();
    }

    /// <summary>The target types the vendor stores.</summary>
    public IReadOnlyList<ExclusionTargetType> TargetTypes { get; }

    /// <summary>Whether exclusions can expire (<see cref="ExclusionRequest.Until"/>).</summary>
    public bool SupportsExpiry { get; init; }

    /// <summary>Whether reasons are stored.</summary>
    public bool SupportsReasons { get; init; }

    /// <summary>Whether notes are stored.</summary>
    public bool SupportsMessages { get; init; }

    /// <summary>Whether records have vendor ids (<see cref="Exclusion.Id"/>).</summary>
    public bool HasIds { get; init; }

    /// <summary>Whether list filters run on the server (otherwise the SDK filters a full listing locally).</summary>
    public bool SupportsServerSideFilters { get; init; }

    /// <summary>Whether the vendor has bulk write endpoints (otherwise a bulk call is many single calls).</summary>
    public bool SupportsBulkWrites { get; init; }

    /// <summary>Whether LinkedIn URLs can be excluded.</summary>
    public bool SupportsLinkedInUrls => Supports(ExclusionTargetType.LinkedInUrl);

    /// <summary>Whether a target type can be excluded.</summary>
    /// <param name="type">The type.</param>
    /// <returns><see langword="true"/> when supported.</returns>
    public bool Supports(ExclusionTargetType type) => TargetTypes.Contains(type);
}
