namespace Exclusions.Client.Topo;

/// <summary>A Topo account exclusion: blocks an entire company domain.</summary>
public sealed class AccountExclusion
{
    internal AccountExclusion()
    {
    }

    /// <summary>The exclusion's UUID.</summary>
    public Guid Id { get; init; }

    /// <summary>The excluded company domain (e.g. <c>acme.com</c>).</summary>
    public string? Domain { get; init; }

    /// <summary>The reason code (unknown codes are kept as received).</summary>
    public ExclusionReason Reason { get; init; }

    /// <summary>The operator note, if any.</summary>
    public string? Message { get; init; }

    /// <summary>When the exclusion lifts; <see langword="null"/> means permanent.</summary>
    public DateTimeOffset? Until { get; init; }

    /// <summary>When the exclusion was created.</summary>
    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>When the exclusion was last modified.</summary>
    public DateTimeOffset UpdatedAt { get; init; }

    /// <summary>Whether the exclusion is in force at <paramref name="at"/>: permanent, or <see cref="Until"/> is later.</summary>
    /// <param name="at">The moment to ask about.</param>
    /// <returns><see langword="true"/> when in force.</returns>
    public bool IsActive(DateTimeOffset at) => Until is null || Until.Value > at;

    /// <inheritdoc />
    public override string ToString() => $"AccountExclusion {Id} {Domain} ({Reason})";
}
