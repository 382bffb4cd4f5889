using Microsoft.Extensions.Logging;

namespace Exclusions.Client.Redis;

/// <summary>The shared rate limiter's log lines (event ids 1301–1399). They name the client, never the API key.</summary>
internal static partial class RedisLog
{
    /// <summary>The logger category.</summary>
    public const string Category = "Exclusions.Client.Redis";

    [LoggerMessage(EventId = 1301, Level = LogLevel.Warning, Message = "{Client}: the shared rate limit in Redis is unavailable ({Reason}); {Fallback}. Redis is tried again every {RetrySeconds:0.#} s.")]
    public static partial void Unavailable(ILogger logger, string client, string reason, string fallback, double retrySeconds);

    [LoggerMessage(EventId = 1302, Level = LogLevel.Information, Message = "{Client}: Redis answers again; the rate limit is shared again after {OutageSeconds:0.#} s of fallback")]
    public static partial void Recovered(ILogger logger, string client, double outageSeconds);
}
