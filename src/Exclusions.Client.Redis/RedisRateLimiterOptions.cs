using System.Globalization;

namespace Exclusions.Client.Redis;

/// <summary>
/// Settings of the Redis-backed rate limiter that one vendor client shares with every process using the
/// same Redis and API key. The limit and window themselves come from the vendor's options
/// (<c>RequestsPerMinute</c> and <c>Resilience.RateLimitWindow</c>), so every process must configure
/// the same values.
/// </summary>
public sealed class RedisRateLimiterOptions
{
    /// <summary>The default <see cref="KeyPrefix"/>.</summary>
    public const string DefaultKeyPrefix = "exclusions:quota:";

    /// <summary>
    /// A StackExchange.Redis configuration string, e.g. <c>127.0.0.1:6379</c> or
    /// <c>redis.internal:6380,ssl=true,password=…</c>. When <see langword="null"/> (the default), the
    /// <c>IConnectionMultiplexer</c> registered in dependency injection is used.
    /// </summary>
    public string? Configuration { get; set; }

    /// <summary>
    /// The start of every Redis key the limiter writes. Default <see cref="DefaultKeyPrefix"/>. Keys are
    /// <c>{prefix}{client}:{SHA-256 of the API key}</c>: the key itself never reaches Redis.
    /// </summary>
    public string KeyPrefix { get; set; } = DefaultKeyPrefix;

    /// <summary>What to do while Redis cannot be reached. Default <see cref="RedisRateLimiterFallback.InProcessLimit"/>.</summary>
    public RedisRateLimiterFallback Fallback { get; set; } = RedisRateLimiterFallback.InProcessLimit;

    /// <summary>
    /// The longest a call waits for Redis to answer (connecting included) before it falls back. Default
    /// 500 ms. The wait for the caller's turn in the shared budget is not part of it.
    /// </summary>
    public TimeSpan OperationTimeout { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>
    /// The longest the first call waits for the connection to Redis (and for its first answer) before it
    /// falls back. Default 2 s. Later calls use <see cref="OperationTimeout"/>.
    /// </summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// After Redis failed, how long calls use the fallback before Redis is tried again. Default 10 s.
    /// </summary>
    public TimeSpan RetryAfterFailure { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Returns the problems with these options; empty when they are valid.</summary>
    /// <returns>One message per problem.</returns>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(KeyPrefix))
        {
            errors.Add($"{nameof(RedisRateLimiterOptions)}.{nameof(KeyPrefix)} must not be empty.");
        }

        if (!Enum.IsDefined(Fallback))
        {
            errors.Add($"{nameof(RedisRateLimiterOptions)}.{nameof(Fallback)} has an unknown value.");
        }

        if (OperationTimeout <= TimeSpan.Zero || OperationTimeout > TimeSpan.FromMinutes(1))
        {
            errors.Add(string.Create(CultureInfo.InvariantCulture, $"{nameof(RedisRateLimiterOptions)}.{nameof(OperationTimeout)} must be positive and at most one minute; got {OperationTimeout}."));
        }

        if (ConnectTimeout <= TimeSpan.Zero || ConnectTimeout > TimeSpan.FromMinutes(1))
        {
            errors.Add(string.Create(CultureInfo.InvariantCulture, $"{nameof(RedisRateLimiterOptions)}.{nameof(ConnectTimeout)} must be positive and at most one minute; got {ConnectTimeout}."));
        }

        if (RetryAfterFailure <= TimeSpan.Zero)
        {
            errors.Add(string.Create(CultureInfo.InvariantCulture, $"{nameof(RedisRateLimiterOptions)}.{nameof(RetryAfterFailure)} must be positive; got {RetryAfterFailure}."));
        }

        return errors;
    }
}
