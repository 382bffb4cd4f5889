using System.Net;
using System.Net.Http.Headers;

namespace Exclusions.Client.Benchmarks.Infrastructure;

/// <summary>
/// An in-memory Topo: reads the request body (as a socket handler would have to send it) and answers
/// canned bytes. Shared by both sides of a per-call comparison, so transport costs cancel out.
/// </summary>
internal sealed class CannedTopoHandler : HttpMessageHandler
{
    private static readonly MediaTypeHeaderValue Json = new("application/json") { CharSet = "utf-8" };

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request.Content is { } content)
        {
            await content.CopyToAsync(Stream.Null, cancellationToken).ConfigureAwait(false);
        }

        var (status, body) = TopoCannedResponses.Route(request.Method.Method, request.RequestUri!.AbsolutePath);
        return Respond(request, status, body);
    }

    internal static HttpResponseMessage Respond(HttpRequestMessage request, HttpStatusCode status, ReadOnlyMemory<byte> body)
    {
        var response = new HttpResponseMessage(status)
        {
            RequestMessage = request,
            Content = new ReadOnlyMemoryContent(body),
        };
        response.Content.Headers.ContentType = Json;
        response.Content.Headers.ContentLength = body.Length;
        response.Headers.TryAddWithoutValidation("X-Request-Id", "req_benchmark");
        return response;
    }
}
