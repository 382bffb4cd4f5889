namespace Exclusions.Client.Redis;

/// <summary>Marks a vendor client (by HttpClient name) whose rate limit is shared through Redis, for the health check.</summary>
internal sealed record RedisRateLimitedClient(string Name);
