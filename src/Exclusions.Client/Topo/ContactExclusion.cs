namespace Exclusions.Client.Topo;

/// <summary>A Topo contact exclusion: blocks an individual by e-mail and/or LinkedIn URL.</summary>
public sealed class ContactExclusion
{
    internal ContactExclusion()
    {
    }

    /// <summary>The exclusion's UUID.</summary>
    public Guid Id { get; init; }

    /// <summary>The excluded e-mail address, if any.</summary>
    public string? Email { get; init; }

    /// <summary>The excluded LinkedIn profile URL, if any.</summary>
    public string? LinkedInUrl { get; init; }

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
    public override string ToString() => $"ContactExclusion {Id} ({Reason}{(Until is null ? ", permanent" : ", until " + Until.Value.ToString("O", System.Globalization.CultureInfo.InvariantCulture))})";
}
