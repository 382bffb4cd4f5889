using System.Net;

namespace Exclusions.Client;

/// <summary>Everything the SDK learnt from a failed response, in one vendor-neutral shape.</summary>
public sealed class ExclusionApiErrorDetails
{
    private static readonly IReadOnlyDictionary<string, IReadOnlyList<string>> NoFieldErrors =
        new Dictionary<string, IReadOnlyList<string>>();

    /// <summary>Creates error details; see <see cref="ExclusionsModelFactory"/> for tests.</summary>
    /// <param name="provider">The vendor.</param>
    /// <param name="statusCode">The HTTP status code.</param>
    public ExclusionApiErrorDetails(ExclusionProvider provider, HttpStatusCode statusCode)
    {
        Provider = provider;
        StatusCode = statusCode;
    }

    /// <summary>The vendor that returned the error.</summary>
    public ExclusionProvider Provider { get; }

    /// <summary>The HTTP status code.</summary>
    public HttpStatusCode StatusCode { get; }

    /// <summary>The vendor's error type or code.</summary>
    public string? ErrorCode { get; init; }

    /// <summary>The vendor's human-readable message (Topo <c>message</c>, Amplemarket <c>title: detail</c>).</summary>
    public string? Message { get; init; }

    /// <summary>The vendor's request id, if any.</summary>
    public string? RequestId { get; init; }

    /// <summary>The response body with secrets removed.</summary>
    public string? ResponseBody { get; init; }

    /// <summary>For 403: the scope the key lacks, when named.</summary>
    public string? MissingScope { get; init; }

    /// <summary>For 429: the delay the vendor asked for.</summary>
    public TimeSpan? RetryAfter { get; init; }

    /// <summary>Problems per field or JSON pointer.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> FieldErrors { get; init; } = NoFieldErrors;

    /// <summary>
    /// The call that failed, as its method and route template (<c>GET /contact-exclusions/{id}</c>), never with
    /// its query string (which may hold an e-mail); <see langword="null"/> when unknown.
    /// </summary>
    public string? Operation { get; init; }

    /// <summary>
    /// How many attempts the SDK sent for the call, retries included; 0 when none was sent (the circuit was
    /// open, or the limiter refused).
    /// </summary>
    public int Attempts { get; init; }

    /// <summary>For a failure without a response (<see cref="ExclusionTransportException"/>): what went wrong on the connection.</summary>
    public HttpRequestError? TransportError { get; init; }

    /// <summary>Each error entry the vendor listed (Amplemarket returns several; Topo one).</summary>
    public IReadOnlyList<ExclusionApiErrorEntry> Errors { get; init; } = [];
}
