using System.Net;

namespace Exclusions.Client;

/// <summary>
/// The root of every error a vendor API returns through this SDK. Catch this type to handle any
/// API failure; catch a subtype to handle one kind. Never carries the API key or the
/// <c>Authorization</c> header: <see cref="ResponseBody"/> has secrets removed.
/// </summary>
public class ExclusionApiException : Exception
{
    /// <summary>Creates an exception for a failed API call.</summary>
    /// <param name="message">A message for humans.</param>
    /// <param name="details">What the vendor said.</param>
    /// <param name="innerException">The underlying exception, if any.</param>
    public ExclusionApiException(string message, ExclusionApiErrorDetails details, Exception? innerException = null)
        : base(message, innerException)
    {
        ArgumentNullException.ThrowIfNull(details);
        Details = details;
    }

    /// <summary>The full detail of the failed response.</summary>
    public ExclusionApiErrorDetails Details { get; }

    /// <summary>The vendor that returned the error.</summary>
    public ExclusionProvider Provider => Details.Provider;

    /// <summary>The HTTP status code of the response.</summary>
    public HttpStatusCode StatusCode => Details.StatusCode;

    /// <summary>The vendor's error type or code (Topo <c>type</c>, e.g. <c>CommitIssue</c>; Amplemarket <c>code</c>).</summary>
    public string? ErrorCode => Details.ErrorCode;

    /// <summary>The request id the vendor assigned (body <c>request_id</c> or a request-id header), for support tickets.</summary>
    public string? RequestId => Details.RequestId;

    /// <summary>The raw response body with any secret removed; <see langword="null"/> when empty.</summary>
    public string? ResponseBody => Details.ResponseBody;
}

/// <summary>The API key is missing, malformed, revoked or unknown (HTTP 401).</summary>
public class ExclusionAuthenticationException : ExclusionApiException
{
    /// <inheritdoc cref="ExclusionApiException(string, ExclusionApiErrorDetails, Exception)" />
    public ExclusionAuthenticationException(string message, ExclusionApiErrorDetails details, Exception? innerException = null)
        : base(message, details, innerException)
    {
    }
}

/// <summary>The API key is valid but lacks a permission or scope (HTTP 403).</summary>
public class ExclusionPermissionException : ExclusionApiException
{
    /// <inheritdoc cref="ExclusionApiException(string, ExclusionApiErrorDetails, Exception)" />
    public ExclusionPermissionException(string message, ExclusionApiErrorDetails details, Exception? innerException = null)
        : base(message, details, innerException)
    {
    }

    /// <summary>The missing scope when the vendor names it (e.g. <c>exclusions:write</c>), otherwise <see langword="null"/>.</summary>
    public string? MissingScope => Details.MissingScope;
}

/// <summary>The resource does not exist (HTTP 404).</summary>
public class ExclusionNotFoundException : ExclusionApiException
{
    /// <inheritdoc cref="ExclusionApiException(string, ExclusionApiErrorDetails, Exception)" />
    public ExclusionNotFoundException(string message, ExclusionApiErrorDetails details, Exception? innerException = null)
        : base(message, details, innerException)
    {
    }
}

/// <summary>The vendor rejected the request's content (HTTP 400 or 422).</summary>
public class ExclusionValidationException : ExclusionApiException
{
    /// <inheritdoc cref="ExclusionApiException(string, ExclusionApiErrorDetails, Exception)" />
    public ExclusionValidationException(string message, ExclusionApiErrorDetails details, Exception? innerException = null)
        : base(message, details, innerException)
    {
    }

    /// <summary>Problems per field (field name or JSON pointer → messages), when the vendor lists them.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> FieldErrors => Details.FieldErrors;
}

/// <summary>The request conflicts with the current state, e.g. a duplicate exclusion (HTTP 409).</summary>
public class ExclusionConflictException : ExclusionApiException
{
    /// <inheritdoc cref="ExclusionApiException(string, ExclusionApiErrorDetails, Exception)" />
    public ExclusionConflictException(string message, ExclusionApiErrorDetails details, Exception? innerException = null)
        : base(message, details, innerException)
    {
    }
}

/// <summary>The vendor throttled the request (HTTP 429) and the SDK's retries, if any, are spent.</summary>
public class ExclusionRateLimitedException : ExclusionApiException
{
    /// <inheritdoc cref="ExclusionApiException(string, ExclusionApiErrorDetails, Exception)" />
    public ExclusionRateLimitedException(string message, ExclusionApiErrorDetails details, Exception? innerException = null)
        : base(message, details, innerException)
    {
    }

    /// <summary>How long to wait before trying again, from <c>Retry-After</c>; <see langword="null"/> when the vendor sent none.</summary>
    public TimeSpan? RetryAfter => Details.RetryAfter;
}

/// <summary>The vendor failed to process the request (HTTP 5xx).</summary>
public class ExclusionServerException : ExclusionApiException
{
    /// <inheritdoc cref="ExclusionApiException(string, ExclusionApiErrorDetails, Exception)" />
    public ExclusionServerException(string message, ExclusionApiErrorDetails details, Exception? innerException = null)
        : base(message, details, innerException)
    {
    }
}
