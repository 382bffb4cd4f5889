using System.Net;
using Polly;
using Polly.Timeout;

namespace Exclusions.Client.Resilience;

/// <summary>Which attempt outcomes are worth another attempt, and which may have changed server state.</summary>
internal static class TransientFailures
{
    /// <summary>408, 429, 500, 502, 503, 504, network failures and attempt timeouts.</summary>
    public static bool IsRetryable(Outcome<HttpResponseMessage> outcome) => outcome switch
    {
        { Result: { } response } => IsRetryableStatus(response.StatusCode),
        { Exception: TimeoutRejectedException } => true,
        { Exception: HttpRequestException e } => IsTransient(e),
        _ => false,
    };

    /// <summary>
    /// What the circuit breaker counts as the service failing: the retryable outcomes except 429,
    /// which is the vendor pacing us (handled by Retry-After and the quota limiter), not an outage.
    /// </summary>
    public static bool IsServiceFailure(Outcome<HttpResponseMessage> outcome)
        => IsRetryable(outcome) && outcome.Result?.StatusCode != HttpStatusCode.TooManyRequests;

    /// <summary>
    /// Whether the failed attempt may have been applied by the server, so that a retry of a write
    /// may meet its own effect (a Topo 409, an Amplemarket <c>duplicated</c>). False only when the
    /// server certainly did not act: it answered 408/429, or no connection was ever established.
    /// When unsure, true.
    /// </summary>
    public static bool MayHaveBeenApplied(Outcome<HttpResponseMessage> outcome) => outcome switch
    {
        { Result: { StatusCode: HttpStatusCode.TooManyRequests or HttpStatusCode.RequestTimeout } } => false,
        { Result: { } response } => (int)response.StatusCode >= 500,
        { Exception: HttpRequestException { HttpRequestError: HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError } } => false,
        _ => true,
    };

    /// <summary>A short, secret-free reason for logs and metrics: a status code or an error kind.</summary>
    public static string Describe(Outcome<HttpResponseMessage> outcome) => outcome switch
    {
        { Result: { } response } => ((int)response.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture),
        { Exception: TimeoutRejectedException } => "attempt_timeout",
        { Exception: HttpRequestException e } => "network_" + e.HttpRequestError,
        { Exception: { } e } => e.GetType().Name,
        _ => "unknown",
    };

    private static bool IsRetryableStatus(HttpStatusCode status) => (int)status is 408 or 429 or 500 or 502 or 503 or 504;

    private static bool IsTransient(HttpRequestException exception) => exception.HttpRequestError switch
    {
        // Misconfiguration, not a passing fault: another attempt cannot succeed.
        HttpRequestError.SecureConnectionError
            or HttpRequestError.UserAuthenticationError
            or HttpRequestError.ConfigurationLimitExceeded
            or HttpRequestError.VersionNegotiationError
            or HttpRequestError.ProxyTunnelError => false,
        _ => true,
    };
}
