namespace Exclusions.Client;

/// <summary>A request to exclude a target, with the optional details some vendors keep.</summary>
public sealed class ExclusionRequest
{
    /// <summary>Creates a request.</summary>
    /// <param name="target">What to exclude.</param>
    /// <param name="reason">Why; vendors without reasons ignore it (see <see cref="ExclusionCapabilities.SupportsReasons"/>).</param>
    /// <param name="message">A note; vendors without notes ignore it.</param>
    /// <param name="until">When the exclusion lifts; vendors whose exclusions cannot expire report such a request <see cref="ItemOutcomeKind.Unsupported"/>.</param>
    public ExclusionRequest(ExclusionTarget target, ExclusionReason? reason = null, string? message = null, DateTimeOffset? until = null)
    {
        ArgumentNullException.ThrowIfNull(target);
        Target = target;
        Reason = reason;
        Message = message;
        Until = until;
    }

    /// <summary>What to exclude.</summary>
    public ExclusionTarget Target { get; }

    /// <summary>Why, when the vendor keeps reasons.</summary>
    public ExclusionReason? Reason { get; }

    /// <summary>A note, when the vendor keeps notes.</summary>
    public string? Message { get; }

    /// <summary>When the exclusion lifts; <see langword="null"/> for permanent.</summary>
    public DateTimeOffset? Until { get; }

    /// <inheritdoc />
    public override string ToString() => Target.ToString();
}

/// <summary>An exclusion as any vendor stores it, in one vendor-neutral shape.</summary>
public sealed class Exclusion
{
    internal Exclusion(ExclusionProvider provider, ExclusionTarget target)
    {
        Provider = provider;
        Target = target;
    }

    /// <summary>The vendor holding the exclusion.</summary>
    public ExclusionProvider Provider { get; }

    /// <summary>What is excluded.</summary>
    public ExclusionTarget Target { get; }

    /// <summary>The reason: Topo's reason code, or Amplemarket's <c>excluded_reason</c> (e.g. <c>api</c>, <c>manual</c>).</summary>
    public ExclusionReason? Reason { get; init; }

    /// <summary>The note (Topo only).</summary>
    public string? Message { get; init; }

    /// <summary>When the exclusion lifts; <see langword="null"/> for permanent.</summary>
    public DateTimeOffset? Until { get; init; }

    /// <summary>Where the exclusion came from (Amplemarket <c>source</c>, e.g. <c>amplemarket</c>, <c>salesforce</c>).</summary>
    public string? Source { get; init; }

    /// <summary>The vendor's id for the record (Topo's UUID); <see langword="null"/> when the vendor has none.</summary>
    public string? Id { get; init; }

    /// <summary>When the exclusion was created (Amplemarket <c>date_added</c>).</summary>
    public DateTimeOffset? CreatedAt { get; init; }

    /// <summary>When the exclusion was last modified, when known.</summary>
    public DateTimeOffset? UpdatedAt { get; init; }

    /// <summary>Whether the exclusion is in force at <paramref name="at"/>: permanent, or its expiry is later.</summary>
    /// <param name="at">The moment to ask about.</param>
    /// <returns><see langword="true"/> when in force.</returns>
    public bool IsActive(DateTimeOffset at) => Until is null || Until.Value > at;

    /// <inheritdoc />
    public override string ToString() => $"{Provider.Name}:{Target}";
}

/// <summary>Which exclusions <see cref="IExclusionClient.ListAsync"/> returns. Every filter is optional.</summary>
public sealed class ExclusionQuery
{
    /// <summary>Only targets of this type.</summary>
    public ExclusionTargetType? TargetType { get; set; }

    /// <summary>Only this exact target (implies its type).</summary>
    public ExclusionTarget? Target { get; set; }

    /// <summary>Only exclusions with this reason.</summary>
    public ExclusionReason? Reason { get; set; }

    /// <summary>Only exclusions created strictly after this moment.</summary>
    public DateTimeOffset? CreatedAfter { get; set; }

    /// <summary>Only exclusions created strictly before this moment.</summary>
    public DateTimeOffset? CreatedBefore { get; set; }

    internal bool Includes(ExclusionTargetType type)
        => (TargetType is null || TargetType == type) && (Target is null || Target.Type == type);

    internal void Validate()
    {
        if (Target is not null && TargetType is not null && Target.Type != TargetType)
        {
            throw new ArgumentException($"Target is a {Target.Type} but TargetType is {TargetType}.", nameof(TargetType));
        }

        if (CreatedAfter is { } after && CreatedBefore is { } before && after >= before)
        {
            throw new ArgumentException("CreatedAfter must be earlier than CreatedBefore (both bounds are exclusive).", nameof(CreatedAfter));
        }
    }

    /// <summary>Whether an exclusion passes every filter (for vendors that cannot filter server-side).</summary>
    internal bool Matches(Exclusion exclusion)
        => Includes(exclusion.Target.Type)
           && (Target is null || Target.Equals(exclusion.Target))
           && (Reason is null || exclusion.Reason == Reason)
           && (CreatedAfter is null || (exclusion.CreatedAt is { } c1 && c1 > CreatedAfter))
           && (CreatedBefore is null || (exclusion.CreatedAt is { } c2 && c2 < CreatedBefore));
}

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
