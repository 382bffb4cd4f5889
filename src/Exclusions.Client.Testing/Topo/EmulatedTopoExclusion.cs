namespace Exclusions.Client.Testing;

/// <summary>
/// A snapshot of one Topo exclusion held by the emulator: a contact exclusion (<see cref="Email"/> and/or
/// <see cref="LinkedInUrl"/>) or an account exclusion (<see cref="Domain"/>).
/// </summary>
public sealed record EmulatedTopoExclusion
{
    /// <summary>The exclusion's UUID, as sent on the wire.</summary>
    public required Guid Id { get; init; }

    /// <summary>The excluded email address as it was sent (contact exclusions).</summary>
    public string? Email { get; init; }

    /// <summary>The excluded LinkedIn profile URL (contact exclusions).</summary>
    public string? LinkedInUrl { get; init; }

    /// <summary>The excluded company domain as it was sent (account exclusions).</summary>
    public string? Domain { get; init; }

    /// <summary>The reason code, e.g. <c>UNSUBSCRIBED</c>.</summary>
    public required string Reason { get; init; }

    /// <summary>The operator note.</summary>
    public string? Message { get; init; }

    /// <summary>When the exclusion lapses; <see langword="null"/> when it is permanent.</summary>
    public DateTimeOffset? Until { get; init; }

    /// <summary>When the exclusion was created.</summary>
    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>When the exclusion was last modified.</summary>
    public required DateTimeOffset UpdatedAt { get; init; }

    /// <summary>Whether the exclusion is synced from a CRM; Topo refuses to delete such exclusions (422).</summary>
    public bool CrmSynced { get; init; }
}
