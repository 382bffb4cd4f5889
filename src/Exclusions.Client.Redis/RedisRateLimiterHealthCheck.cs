using Exclusions.Client.Resilience;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Exclusions.Client.Redis;

/// <summary>
/// Healthy while every Redis-limited client shares its limit and Redis answers a PING; Degraded while a
/// client falls back (or Redis does not answer): calls still flow, but the limit is per process.
/// </summary>
internal sealed class RedisRateLimiterHealthCheck(IServiceProvider services) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var limiters = services.GetServices<RedisRateLimitedClient>()
            .Select(c => c.Name)
            .Distinct(StringComparer.Ordinal)
            .Select(name => services.GetKeyedService<SharedQuotaLimiter>(name))
            .OfType<RedisQuotaLimiter>()
            .ToList();
        if (limiters.Count == 0)
        {
            return HealthCheckResult.Healthy("No client shares its rate limit through Redis.");
        }

        var data = new Dictionary<string, object>(StringComparer.Ordinal);
        var degraded = new List<string>();
        foreach (var limiter in limiters)
        {
            var problem = limiter.IsFallingBack ? "falling back to the per-process limit" : await limiter.PingAsync(cancellationToken).ConfigureAwait(false);
            data[limiter.ClientName] = problem ?? "shared";
            if (problem is not null)
            {
                degraded.Add(limiter.ClientName + ": " + problem);
            }
        }

        return degraded.Count == 0
            ? HealthCheckResult.Healthy("The rate limit is shared through Redis.", data)
            : HealthCheckResult.Degraded("The rate limit is not shared through Redis now (" + string.Join("; ", degraded) + ").", data: data);
    }
}
