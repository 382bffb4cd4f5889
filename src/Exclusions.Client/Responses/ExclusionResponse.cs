using System.Globalization;
using System.Net;

namespace Exclusions.Client;

/// <summary>
/// The HTTP response behind a result, reduced to what a vendor support ticket needs: vendor, status, the
/// vendor's request id, the operation and how many attempts the SDK sent (the SDK's counterpart of the Azure
/// SDK's <c>Response</c> returned by <c>GetRawResponse()</c>). Pages carry theirs
/// (<see cref="Topo.TopoPage{T}.GetRawResponse"/>, <see cref="Amplemarket.AmplemarketPage{T}.GetRawResponse"/>), so do
/// bulk items (<see cref="ItemOutcome.GetRawResponse"/>), and <see cref="ExclusionResponseCapture"/> collects
/// those of any call. A failed call's exception carries the same facts in
/// <see cref="ExclusionApiException.Details"/>. Never holds a header value other than the request id, nor a
/// query string (it may hold an e-mail).
/// </summary>
public sealed class ExclusionResponse
{
    /// <summary>Creates a response (for tests and mocks: <see cref="ExclusionResponseCapture.Record"/>).</summary>
    /// <param name="provider">The vendor that answered.</param>
    /// <param name="statusCode">The HTTP status code.</param>
    /// <param name="requestId">The vendor's request id (<c>X-Request-Id</c>), if it sent one.</param>
    /// <param name="operation">The method and route template, e.g. <c>POST /contact-exclusions</c>.</param>
    /// <param name="attempts">Attempts the SDK sent for the call, retries included.</param>
    public ExclusionResponse(ExclusionProvider provider, HttpStatusCode statusCode, string? requestId = null, string? operation = null, int attempts = 1)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(attempts);
        Provider = provider;
        StatusCode = statusCode;
        RequestId = requestId;
        Operation = operation;
        Attempts = attempts;
    }

    /// <summary>The vendor that answered.</summary>
    public ExclusionProvider Provider { get; }

    /// <summary>The HTTP status code of the answer (of the last attempt).</summary>
    public HttpStatusCode StatusCode { get; }

    /// <summary>The vendor's request id (<c>X-Request-Id</c> or a similar header), if it sent one: quote it to the vendor's support.</summary>
    public string? RequestId { get; }

    /// <summary>The call as its method and route template (<c>GET /contact-exclusions/{id}</c>), never its query; <see langword="null"/> when unknown.</summary>
    public string? Operation { get; }

    /// <summary>How many attempts the SDK sent for the call, retries included.</summary>
    public int Attempts { get; }

    /// <summary>Whether the status is a 2xx.</summary>
    public bool IsSuccess => (int)StatusCode is >= 200 and <= 299;

    /// <summary>One line for a log or a support ticket, e.g. <c>Topo 201 POST /contact-exclusions (request id 7f3c…, 1 attempt)</c>.</summary>
    /// <returns>The line.</returns>
    public override string ToString()
        => string.Create(
            CultureInfo.InvariantCulture,
            $"{Provider} {(int)StatusCode}{(Operation is null ? string.Empty : " " + Operation)} (request id {RequestId ?? "none"}, {Attempts} attempt{(Attempts == 1 ? string.Empty : "s")})");
}
