namespace Exclusions.Client.Redis;

/// <summary>What the shared rate limiter does while Redis cannot be reached.</summary>
public enum RedisRateLimiterFallback
{
    /// <summary>
    /// The default: take permits from the process's own limiter (the same limit, per process) and try
    /// Redis again after <see cref="RedisRateLimiterOptions.RetryAfterFailure"/>. Calls keep flowing;
    /// several processes together may then exceed the limit and meet 429s, which the SDK retries.
    /// </summary>
    InProcessLimit = 0,

    /// <summary>
    /// Wait for Redis to answer again, trying it at most every second, until the call's timeout or
    /// cancellation. The shared limit is never exceeded, at the price of stalling while Redis is down.
    /// </summary>
    WaitForRedis = 1,
}
