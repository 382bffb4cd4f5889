using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace Exclusions.Client.Testing.Hosting;

/// <summary>Writes JSON bodies: buffered, with an exact <c>Content-Length</c> and the vendor's media type.</summary>
internal static class JsonResponses
{
    /// <summary>Names come from explicit <c>[JsonPropertyName]</c> on the wire types; nulls are written, not omitted.</summary>
    private static readonly JsonSerializerOptions Options = new()
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static Task WriteAsync<T>(HttpContext context, int statusCode, T body, string contentType) =>
        WriteUtf8Async(context, statusCode, JsonSerializer.SerializeToUtf8Bytes(body, Options), contentType);

    public static async Task WriteUtf8Async(HttpContext context, int statusCode, ReadOnlyMemory<byte> json, string contentType)
    {
        context.Response.StatusCode = statusCode;
        context.Response.ContentType = contentType;
        context.Response.ContentLength = json.Length;
        await context.Response.Body.WriteAsync(json, context.RequestAborted);
    }

    /// <summary>Reads the bearer token from <c>Authorization</c>, or <see langword="null"/> when absent or not a bearer.</summary>
    public static string? BearerToken(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        const string scheme = "Bearer ";
        if (!header.StartsWith(scheme, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var token = header[scheme.Length..].Trim();
        return token.Length == 0 ? null : token;
    }
}
