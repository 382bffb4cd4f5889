namespace Exclusions.Client.Topo;

/// <summary>A new account (domain) exclusion.</summary>
public sealed class CreateAccountExclusionRequest
{
    /// <summary>The company domain to exclude (a URL is reduced to its host). Required.</summary>
    public string? Domain { get; set; }

    /// <summary>The reason code. Required.</summary>
    public ExclusionReason Reason { get; set; }

    /// <summary>An optional note for your team.</summary>
    public string? Message { get; set; }

    /// <summary>When the exclusion lifts; <see langword="null"/> (the default) creates a permanent exclusion.</summary>
    public DateTimeOffset? Until { get; set; }
}
