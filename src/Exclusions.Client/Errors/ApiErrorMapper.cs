using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using Exclusions.Client.Http;
using Exclusions.Client.Internal;
using Polly.CircuitBreaker;
using Polly.RateLimiting;
using Polly.Timeout;

namespace Exclusions.Client.Errors;

/// <summary>
/// The single choke point where a non-success HTTP response becomes a typed
/// <see cref="ExclusionApiException"/>, for every vendor. The vendor-specific part (reading the error
/// body) is delegated to an <see cref="IVendorErrorParser"/>; the status → exception type mapping, the
/// request id, <c>Retry-After</c> and secret removal are shared.
/// </summary>
internal static class ApiErrorMapper
{
    public static ExclusionApiException Create(
        ExclusionProvider provider,
        HttpStatusCode status,
        HttpResponseHeaders? headers,
        string? body,
        IVendorErrorParser parser,
        string? apiKey,
        DateTimeOffset now,
        Exception? innerException = null,
        HttpRequestMessage? request = null)
    {
        var parsed = string.IsNullOrWhiteSpace(body) ? VendorError.Empty : SafeParse(parser, body);
        var redactedBody = string.IsNullOrEmpty(body) ? null : SecretRedactor.Redact(body, apiKey);
        var requestId = parsed.RequestId ?? RequestDescription.RequestId(headers);
        var message = parsed.Message is null ? null : SecretRedactor.Redact(parsed.Message, apiKey);
        var details = new ExclusionApiErrorDetails(provider, status)
        {
            ErrorCode = parsed.Code,
            Message = message,
            RequestId = requestId,
            ResponseBody = redactedBody,
            MissingScope = parsed.MissingScope,
            RetryAfter = RetryAfter.Parse(headers, now),
            FieldErrors = parsed.FieldErrors ?? new Dictionary<string, IReadOnlyList<string>>(),
            Errors = parsed.Entries,
            Operation = AttemptCount.Operation(request),
            Attempts = AttemptCount.Of(request),
        };

        return CreateTyped(BuildMessage(details), details, innerException);
    }

    /// <summary>
    /// A call that got no response at all becomes a typed exception too, with the original as its inner
    /// exception: no connection, DNS or TLS (<see cref="ExclusionTransportException"/>), a timeout
    /// (<see cref="ExclusionTimeoutException"/>), an open circuit (<see cref="ExclusionCircuitOpenException"/>),
    /// a client-side limiter refusing (<see cref="ExclusionRateLimitedException"/> with status 0).
    /// The caller's own cancellation is not a failure and is never passed here.
    /// </summary>
    public static ExclusionApiException CreateWithoutResponse(ExclusionProvider provider, HttpRequestMessage? request, Exception failure, string? apiKey)
    {
        var operation = AttemptCount.Operation(request);
        var attempts = AttemptCount.Of(request);
        var tried = string.Create(CultureInfo.InvariantCulture, $"{provider} {operation ?? "call"} failed after {attempts} attempt{(attempts == 1 ? string.Empty : "s")}");
        ExclusionApiErrorDetails Details(string code, TimeSpan? retryAfter = null, HttpRequestError? transport = null)
            => new(provider, 0) { ErrorCode = code, Operation = operation, Attempts = attempts, RetryAfter = retryAfter, TransportError = transport };

        switch (failure)
        {
            case TimeoutRejectedException timeout:
                return new ExclusionTimeoutException(
                    string.Create(CultureInfo.InvariantCulture, $"{tried}: no response within {timeout.Timeout.TotalSeconds:0.###} s (Resilience.TotalTimeout, or AttemptTimeout on the last attempt). It may have been applied."),
                    Details("timeout"),
                    failure);
            case BrokenCircuitException:
                return new ExclusionCircuitOpenException(
                    $"{tried}: the circuit breaker is open after repeated failures, so the call was not sent (Resilience.CircuitBreakerBreakDuration).",
                    Details("circuit_open"),
                    failure);
            case RateLimiterRejectedException rejected:
                return new ExclusionRateLimitedException(
                    $"{tried}: a client-side rate limiter refused the call, so it was not sent.",
                    Details("client_rate_limited", rejected.RetryAfter),
                    failure);
            case HttpRequestException http:
                return new ExclusionTransportException(
                    $"{tried}: no response ({Describe(http.HttpRequestError)}): {SecretRedactor.Redact(http.Message, apiKey)}",
                    Details("transport_" + http.HttpRequestError, transport: http.HttpRequestError),
                    failure);
            default:
                return new ExclusionTransportException(
                    $"{tried}: no response ({failure.GetType().Name}): {SecretRedactor.Redact(failure.Message, apiKey)}",
                    Details("transport_" + failure.GetType().Name),
                    failure);
        }
    }

    private static string Describe(HttpRequestError error) => error switch
    {
        HttpRequestError.ConnectionError => "connection refused or lost",
        HttpRequestError.NameResolutionError => "the host name did not resolve",
        HttpRequestError.SecureConnectionError => "TLS failed",
        HttpRequestError.ResponseEnded => "the connection closed before a response",
        _ => error.ToString(),
    };

    /// <summary>The status code → exception type table, used for every response and by <see cref="ExclusionsModelFactory"/>.</summary>
    public static ExclusionApiException CreateTyped(string message, ExclusionApiErrorDetails details, Exception? innerException = null)
        => (int)details.StatusCode switch
        {
            401 => new ExclusionAuthenticationException(message, details, innerException),
            403 => new ExclusionPermissionException(message, details, innerException),
            404 => new ExclusionNotFoundException(message, details, innerException),
            400 or 422 => new ExclusionValidationException(message, details, innerException),
            409 => new ExclusionConflictException(message, details, innerException),
            429 => new ExclusionRateLimitedException(message, details, innerException),
            >= 500 and <= 599 => new ExclusionServerException(message, details, innerException),
            _ => new ExclusionApiException(message, details, innerException),
        };

    private static VendorError SafeParse(IVendorErrorParser parser, string body)
    {
        try
        {
            return parser.Parse(body);
        }
#pragma warning disable CA1031 // An unparseable error body must still produce the right exception type.
        catch (Exception)
#pragma warning restore CA1031
        {
            return VendorError.Empty;
        }
    }

    private static string BuildMessage(ExclusionApiErrorDetails d)
    {
        var text = string.Create(CultureInfo.InvariantCulture, $"{d.Provider} API returned {(int)d.StatusCode} ({d.StatusCode})");
        if (d.ErrorCode is not null)
        {
            text += " " + d.ErrorCode;
        }

        if (!string.IsNullOrWhiteSpace(d.Message))
        {
            text += ": " + d.Message;
        }

        if (d.MissingScope is not null)
        {
            text += " (missing scope: " + d.MissingScope + ")";
        }

        if (d.RetryAfter is { } retryAfter)
        {
            text += string.Create(CultureInfo.InvariantCulture, $" (retry after {retryAfter.TotalSeconds:0.###} s)");
        }

        if (d.Operation is not null)
        {
            text += string.Create(CultureInfo.InvariantCulture, $" ({d.Operation}, {d.Attempts} attempt{(d.Attempts == 1 ? string.Empty : "s")})");
        }

        if (d.RequestId is not null)
        {
            text += " [request id: " + d.RequestId + "]";
        }

        return text;
    }
}
