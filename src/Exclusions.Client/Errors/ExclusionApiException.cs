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
