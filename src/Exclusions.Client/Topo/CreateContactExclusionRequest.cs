namespace Exclusions.Client.Topo;

/// <summary>A new contact exclusion. At least one of <see cref="Email"/> and <see cref="LinkedInUrl"/> is required.</summary>
public sealed class CreateContactExclusionRequest
{
    /// <summary>The e-mail address to exclude.</summary>
    public string? Email { get; set; }

    /// <summary>The LinkedIn profile URL to exclude.</summary>
    public string? LinkedInUrl { get; set; }

    /// <summary>The reason code. Required.</summary>
    public ExclusionReason Reason { get; set; }

    /// <summary>An optional note for your team.</summary>
    public string? Message { get; set; }

    /// <summary>When the exclusion lifts; <see langword="null"/> (the default) creates a permanent exclusion.</summary>
    public DateTimeOffset? Until { get; set; }
}
