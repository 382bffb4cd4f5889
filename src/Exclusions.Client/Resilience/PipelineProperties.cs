using Polly;

namespace Exclusions.Client.Resilience;

/// <summary>What the resilience strategies tell the per-attempt handler through the <see cref="ResilienceContext"/>.</summary>
internal static class PipelineProperties
{
    /// <summary>Set by the retry strategy when an earlier attempt may have been applied; the handler marks the request.</summary>
    public static readonly ResiliencePropertyKey<bool> PossiblyApplied = new("Exclusions.Client.PossiblyApplied");

    /// <summary>The 1-based number of the attempt in flight, kept by the per-attempt handler.</summary>
    public static readonly ResiliencePropertyKey<int> Attempt = new("Exclusions.Client.Attempt");

    /// <summary>The retries of this call that were not waits for the rate-limit budget (bounded by MaxRetries).</summary>
    public static readonly ResiliencePropertyKey<int> OrdinaryRetries = new("Exclusions.Client.OrdinaryRetries");

    /// <summary>The call's waits for the rate-limit budget so far (bounded by MaxRateLimitWait).</summary>
    public static readonly ResiliencePropertyKey<TimeSpan> RateLimitWaited = new("Exclusions.Client.RateLimitWaited");

    /// <summary>The wait the budget implies for the retry about to be scheduled, set by ShouldHandle for DelayGenerator.</summary>
    public static readonly ResiliencePropertyKey<TimeSpan?> RateLimitDelay = new("Exclusions.Client.RateLimitDelay");
}
