using Exclusions.Client.Redis;
using Microsoft.Extensions.Diagnostics.HealthChecks;

#pragma warning disable IDE0130 // Extension methods live in the DI namespace, as ASP.NET Core's do.
namespace Microsoft.Extensions.DependencyInjection;
#pragma warning restore IDE0130

/// <summary>The health check of the Redis-shared rate limit: <c>services.AddHealthChecks().AddExclusionsRedisRateLimiter()</c>.</summary>
public static class RedisRateLimiterHealthChecksBuilderExtensions
{
    /// <summary>
    /// Reports Healthy while every client registered with <c>AddRedisRateLimiter</c> shares its limit and
    /// Redis answers; Degraded while one falls back to the per-process limit or Redis does not answer
    /// within the operation timeout. Never Unhealthy: requests keep flowing either way.
    /// </summary>
    /// <param name="builder">The health checks builder.</param>
    /// <param name="name">The check's name.</param>
    /// <param name="tags">Tags for filtering.</param>
    /// <returns>The builder.</returns>
    public static IHealthChecksBuilder AddExclusionsRedisRateLimiter(this IHealthChecksBuilder builder, string name = "exclusions-redis-rate-limiter", IEnumerable<string>? tags = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.Add(new HealthCheckRegistration(name, sp => new RedisRateLimiterHealthCheck(sp), HealthStatus.Degraded, tags));
    }
}
