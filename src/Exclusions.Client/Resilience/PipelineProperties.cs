using Polly;

namespace Exclusions.Client.Resilience;

/// <summary>What the resilience strategies tell the per-attempt handler through the <see cref="ResilienceContext"/>.</summary>
internal static class PipelineProperties
{
    /// <summary>Set by the retry strategy when an earlier attempt may have been applied; the handler marks the request.</summary>
    public static readonly ResiliencePropertyKey<bool> PossiblyApplied = new("Exclusions.Client.PossiblyApplied");

    /// <summary>The 1-based number of the attempt in flight, kept by the per-attempt handler.</summary>
    public static readonly ResiliencePropertyKey<int> Attempt = new("Exclusions.Client.Attempt");
}
