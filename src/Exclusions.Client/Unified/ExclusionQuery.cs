namespace Exclusions.Client;

/// <summary>Which exclusions <see cref="IExclusionClient.ListAsync"/> returns. Every filter is optional.</summary>
public sealed class ExclusionQuery
{
    /// <summary>Only targets of this type.</summary>
    public ExclusionTargetType? TargetType { get; set; }

    /// <summary>
    /// Only this target (implies its type). A domain also finds a record a vendor holds as <c>www.</c> + the
    /// domain, which covers the same addresses (docs/normalization.md), so a lookup or a remove meets it too.
    /// </summary>
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
           && (Target is null || SameTarget(Target, exclusion.Target))
           && (Reason is null || exclusion.Reason == Reason)
           && (CreatedAfter is null || (exclusion.CreatedAt is { } c1 && c1 > CreatedAfter))
           && (CreatedBefore is null || (exclusion.CreatedAt is { } c2 && c2 < CreatedBefore));

    /// <summary>The target itself, or for a domain any record that covers the same addresses (<c>www.X</c> is <c>X</c>).</summary>
    internal static bool SameTarget(ExclusionTarget wanted, ExclusionTarget held)
        => wanted.Equals(held)
           || (wanted.Type == ExclusionTargetType.Domain && held.Type == ExclusionTargetType.Domain
               && string.Equals(Internal.ValueNormalizer.MatchKeyOfDomain(wanted.Value), Internal.ValueNormalizer.MatchKeyOfDomain(held.Value), StringComparison.Ordinal));
}
