using System.Diagnostics.Metrics;

namespace Exclusions.Client.Redis;

/// <summary>
/// The shared limiter's instruments, on a <see cref="Meter"/> named <c>Exclusions.Client</c> like the
/// core package's, so one subscription sees both. Tagged with the client name only.
/// </summary>
internal static class RedisTelemetry
{
    public static readonly Meter Meter = new("Exclusions.Client", typeof(RedisTelemetry).Assembly.GetName().Version?.ToString() ?? "0.0.0");

    /// <summary>Times the shared limiter lost Redis and began to fall back.</summary>
    public static readonly Counter<long> Outages = Meter.CreateCounter<long>(
        "exclusions.client.shared_quota.outages", unit: "{outage}", description: "Times the Redis-backed rate limiter lost Redis and began to fall back.");

    /// <summary>Permits taken from the fallback instead of Redis.</summary>
    public static readonly Counter<long> FallbackPermits = Meter.CreateCounter<long>(
        "exclusions.client.shared_quota.fallback_permits", unit: "{request}", description: "Requests whose rate-limit permit came from the in-process fallback because Redis was unavailable.");

    public static KeyValuePair<string, object?> ClientTag(string client) => new("exclusions.client", client);
}
