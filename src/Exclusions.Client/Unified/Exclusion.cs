namespace Exclusions.Client;

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

    /// <summary>The reason code (Topo only); <see langword="null"/> for a vendor without reason codes.</summary>
    public ExclusionReason? Reason { get; init; }

    /// <summary>
    /// The vendor's own free text on why or how the item was excluded, kept verbatim: Amplemarket's
    /// <c>excluded_reason</c> (e.g. <c>api</c>, <c>manual</c>). Not a reason code; <see langword="null"/> for Topo.
    /// </summary>
    public string? VendorReason { get; init; }

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
