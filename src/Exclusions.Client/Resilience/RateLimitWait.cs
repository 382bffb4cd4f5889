#pragma warning disable IDE0130 // Passed to ExclusionResilienceOptions.OnRateLimitWait, in the root namespace with it.
namespace Exclusions.Client;
#pragma warning restore IDE0130

/// <summary>
/// A wait for a vendor's per-minute budget after a 429 without <c>Retry-After</c>, as
/// <see cref="ExclusionResilienceOptions.OnRateLimitWait"/> receives it.
/// </summary>
public sealed class RateLimitWait
{
    /// <summary>Creates a description of one wait.</summary>
    /// <param name="clientName">The vendor client's <see cref="HttpClient"/> name, e.g. <c>Exclusions.Client.Amplemarket</c>.</param>
    /// <param name="delay">How long the call waits now before it retries.</param>
    /// <param name="totalWait">The call's waits for the budget so far, this one included.</param>
    /// <param name="maxWait">The most the call will wait in total (<see cref="ExclusionResilienceOptions.MaxRateLimitWait"/>).</param>
    public RateLimitWait(string clientName, TimeSpan delay, TimeSpan totalWait, TimeSpan maxWait)
    {
        ArgumentException.ThrowIfNullOrEmpty(clientName);
        ClientName = clientName;
        Delay = delay;
        TotalWait = totalWait;
        MaxWait = maxWait;
    }

    /// <summary>The vendor client's <see cref="HttpClient"/> name, e.g. <c>Exclusions.Client.Amplemarket</c>.</summary>
    public string ClientName { get; }

    /// <summary>How long the call waits now before it retries.</summary>
    public TimeSpan Delay { get; }

    /// <summary>The call's waits for the budget so far, this one included.</summary>
    public TimeSpan TotalWait { get; }

    /// <summary>The most the call will wait in total.</summary>
    public TimeSpan MaxWait { get; }

    /// <summary>Describes the wait, e.g. <c>Exclusions.Client.Amplemarket: rate limit reached, waiting 41 s</c>.</summary>
    /// <returns>A description safe to log (no key, no address).</returns>
    public override string ToString()
        => $"{ClientName}: rate limit reached, waiting {Math.Ceiling(Delay.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture)} s";
}
