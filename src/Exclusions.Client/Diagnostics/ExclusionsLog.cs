using Microsoft.Extensions.Logging;

namespace Exclusions.Client.Diagnostics;

/// <summary>
/// The HTTP pipeline's log lines, with stable event ids (1001–1099). Messages carry the route
/// template or the path without its query; the full URL (which may hold an e-mail) only at Debug.
/// Headers and bodies are never logged. One Information line per logical operation (1008 or 1009,
/// retries included); each attempt, retry and client-side wait is Debug; a circuit opening is a Warning.
/// </summary>
internal static partial class ExclusionsLog
{
    /// <summary>The logger category for the HTTP pipeline.</summary>
    public const string Category = "Exclusions.Client.Http";

    [LoggerMessage(EventId = 1001, Level = LogLevel.Debug, Message = "{Client} attempt {Attempt}: {Method} {Url}")]
    public static partial void RequestStarting(ILogger logger, string client, int attempt, string method, string? url);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Debug, Message = "{Client} {Method} {Path} returned {StatusCode} in {ElapsedMs:0.#} ms (attempt {Attempt}, request id {RequestId})")]
    public static partial void RequestCompleted(ILogger logger, string client, string method, string path, int statusCode, double elapsedMs, int attempt, string? requestId);

    [LoggerMessage(EventId = 1003, Level = LogLevel.Debug, Message = "{Client} {Method} {Path} failed without a response after {ElapsedMs:0.#} ms (attempt {Attempt}): {Reason}")]
    public static partial void RequestFailed(ILogger logger, string client, string method, string path, double elapsedMs, int attempt, string reason);

    [LoggerMessage(EventId = 1004, Level = LogLevel.Debug, Message = "{Client} {Method} {Path}: retry {Retry} of {MaxRetries} in {DelayMs:0} ms after {Reason}{ReplayNote}")]
    public static partial void Retrying(ILogger logger, string client, string method, string path, int retry, int maxRetries, double delayMs, string reason, string replayNote);

    [LoggerMessage(EventId = 1005, Level = LogLevel.Debug, Message = "{Client}: waited {WaitMs:0} ms for a client-side rate-limit permit ({PermitLimit} per {WindowSeconds:0.###} s for this API key)")]
    public static partial void ThrottledWait(ILogger logger, string client, double waitMs, int permitLimit, double windowSeconds);

    [LoggerMessage(EventId = 1006, Level = LogLevel.Warning, Message = "{Client}: circuit opened for {BreakMs:0} ms after repeated failures (last: {Reason})")]
    public static partial void CircuitOpened(ILogger logger, string client, double breakMs, string reason);

    [LoggerMessage(EventId = 1007, Level = LogLevel.Information, Message = "{Client}: circuit closed; calls flow again")]
    public static partial void CircuitClosed(ILogger logger, string client);

    [LoggerMessage(EventId = 1008, Level = LogLevel.Information, Message = "{Client} {Method} {Path} returned {StatusCode} in {ElapsedMs:0.#} ms ({Attempts} attempt(s), request id {RequestId})")]
    public static partial void OperationCompleted(ILogger logger, string client, string method, string path, int statusCode, double elapsedMs, int attempts, string? requestId);

    [LoggerMessage(EventId = 1009, Level = LogLevel.Information, Message = "{Client} {Method} {Path} failed without a response after {ElapsedMs:0.#} ms ({Attempts} attempt(s)): {Reason}")]
    public static partial void OperationFailed(ILogger logger, string client, string method, string path, double elapsedMs, int attempts, string reason);
}
