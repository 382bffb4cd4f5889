using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using Exclusions.Client.Http;
using Exclusions.Client.Internal;

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
        Exception? innerException = null)
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
        };

        return CreateTyped(BuildMessage(details), details, innerException);
    }

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

        if (d.RequestId is not null)
        {
            text += " [request id: " + d.RequestId + "]";
        }

        return text;
    }
}
