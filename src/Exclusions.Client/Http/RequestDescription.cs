using Refit;

namespace Exclusions.Client.Http;

/// <summary>Safe-to-log descriptions of a request: never the query string (it may hold an e-mail).</summary>
internal static class RequestDescription
{
    private static readonly HttpRequestOptionsKey<string> RefitTemplate = new(HttpRequestMessageOptions.RelativePathTemplate);

    private static readonly string[] RequestIdHeaders = ["X-Request-Id", "Request-Id", "X-Amzn-RequestId", "X-Correlation-Id"];

    /// <summary>The Refit route template (<c>/contact-exclusions/{id}</c>), else the path without its query.</summary>
    public static string Path(HttpRequestMessage? request)
    {
        if (request is null)
        {
            return "?";
        }

        if (request.Options.TryGetValue(RefitTemplate, out var template) && !string.IsNullOrEmpty(template))
        {
            var query = template.IndexOf('?', StringComparison.Ordinal);
            return query >= 0 ? template[..query] : template;
        }

        return request.RequestUri is { IsAbsoluteUri: true } uri ? uri.AbsolutePath : request.RequestUri?.OriginalString.Split('?')[0] ?? "?";
    }

    /// <summary>The vendor's request id from the usual response headers, if any.</summary>
    public static string? RequestId(HttpResponseMessage response) => RequestId(response.Headers);

    /// <summary>The vendor's request id from the usual response headers, if any.</summary>
    public static string? RequestId(System.Net.Http.Headers.HttpResponseHeaders? headers)
    {
        if (headers is null)
        {
            return null;
        }

        foreach (var name in RequestIdHeaders)
        {
            if (headers.TryGetValues(name, out var values) && values.FirstOrDefault() is { Length: > 0 } value)
            {
                return value;
            }
        }

        return null;
    }
}
