using System.Net.Http.Headers;
using System.Reflection;
using Refit;

namespace Exclusions.Client.Amplemarket;

/// <summary>
/// System.Text.Json for Amplemarket's media type: request bodies are labelled
/// <c>Content-Type: application/vnd.amp+json</c> (no charset: JSON is UTF-8 by definition, and the
/// documentation shows the bare type); responses with that type are read as plain JSON.
/// </summary>
internal sealed class AmplemarketContentSerializer : IHttpContentSerializer
{
    /// <summary>Amplemarket's media type, for <c>Content-Type</c> and <c>Accept</c>.</summary>
    public const string MediaType = "application/vnd.amp+json";

    private readonly SystemTextJsonContentSerializer _json;

    public AmplemarketContentSerializer(SystemTextJsonContentSerializer json)
    {
        _json = json;
    }

    public HttpContent ToHttpContent<T>(T item)
    {
        var content = _json.ToHttpContent(item);
        content.Headers.ContentType = new MediaTypeHeaderValue(MediaType);
        return content;
    }

    public Task<T?> FromHttpContentAsync<T>(HttpContent content, CancellationToken cancellationToken = default)
        => _json.FromHttpContentAsync<T>(content, cancellationToken);

    public string? GetFieldNameForProperty(PropertyInfo propertyInfo)
        => _json.GetFieldNameForProperty(propertyInfo);
}
