using System.Collections.Concurrent;
using Microsoft.AspNetCore.Http;

namespace Exclusions.Client.Testing.Hosting;

/// <summary>
/// Serves the OpenAPI 3.1 documents of both APIs at <c>/openapi/topo.json</c> and <c>/openapi/amplemarket.json</c>,
/// without authentication and outside the request log (they describe the vendors; they are not vendor traffic).
/// </summary>
/// <remarks>
/// The source of each document is <c>docs/openapi/{vendor}.yaml</c>; the JSON beside it is the same document
/// converted (embedded here, so the package needs no YAML reader), and a test keeps the two equal.
/// </remarks>
internal static class OpenApiDocuments
{
    public const string PathPrefix = "/openapi";

    private static readonly Dictionary<string, string> Resources = new(StringComparer.Ordinal)
    {
        ["/openapi/topo.json"] = "Exclusions.Client.Testing.OpenApi.topo.json",
        ["/openapi/amplemarket.json"] = "Exclusions.Client.Testing.OpenApi.amplemarket.json",
    };

    private static readonly ConcurrentDictionary<string, byte[]> Cache = new(StringComparer.Ordinal);

    /// <summary>The paths served, such as <c>/openapi/topo.json</c>.</summary>
    public static IEnumerable<string> Paths => Resources.Keys;

    public static bool Owns(PathString path) => path.StartsWithSegments(PathPrefix, StringComparison.Ordinal);

    /// <summary>The document's JSON, as served at <paramref name="path"/>, or <see langword="null"/> for an unknown path.</summary>
    public static byte[]? Get(string path) =>
        Resources.TryGetValue(path, out var resource) ? Cache.GetOrAdd(resource, Load) : null;

    public static Task ServeAsync(HttpContext context)
    {
        var document = Get(context.Request.Path.Value ?? "");
        if (document is null)
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return Task.CompletedTask;
        }

        if (!HttpMethods.IsGet(context.Request.Method))
        {
            context.Response.StatusCode = StatusCodes.Status405MethodNotAllowed;
            context.Response.Headers.Allow = "GET";
            return Task.CompletedTask;
        }

        return JsonResponses.WriteUtf8Async(context, StatusCodes.Status200OK, document, "application/json; charset=utf-8");
    }

    private static byte[] Load(string resource)
    {
        using var stream = typeof(OpenApiDocuments).Assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"Embedded resource {resource} is missing.");
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        return buffer.ToArray();
    }
}
