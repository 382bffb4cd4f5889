using System.Buffers;
using System.Globalization;
using System.Net;
using System.Text.Json;

namespace Exclusions.Client.Benchmarks.Infrastructure;

/// <summary>
/// An in-memory vendor serving a list of <see cref="TotalItems"/> exclusions, generating each page's JSON
/// on the fly into one reused buffer: nothing of the list is held in memory, and the server side allocates
/// almost nothing, so a stream's allocations and memory growth are the client's own. Pages are served
/// strictly one at a time (each is read completely before the next request), which is how both the SDK's
/// enumerators and the hand-written loops consume them.
/// </summary>
internal abstract class GeneratedListHandler : HttpMessageHandler
{
    private readonly ArrayBufferWriter<byte> _buffer = new(64 * 1024);
    private readonly Utf8JsonWriter _writer;

    protected GeneratedListHandler(int totalItems, int pageSize)
    {
        TotalItems = totalItems;
        PageSize = pageSize;
        _writer = new Utf8JsonWriter(_buffer);
    }

    public int TotalItems { get; }

    public int PageSize { get; }

    /// <summary>Pages served so far.</summary>
    public int PagesServed { get; private set; }

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        _buffer.ResetWrittenCount();
        _writer.Reset(_buffer);
        WritePage(_writer, request.RequestUri!);
        _writer.Flush();
        PagesServed++;
        return Task.FromResult(CannedTopoHandler.Respond(request, HttpStatusCode.OK, _buffer.WrittenMemory));
    }

    protected abstract void WritePage(Utf8JsonWriter json, Uri requestUri);

    /// <summary>The integer value of query parameter <paramref name="name"/> (brackets escaped or not), or <paramref name="fallback"/>.</summary>
    protected static int QueryInt(Uri uri, string name, int fallback)
    {
        var query = uri.Query.AsSpan();
        foreach (var candidate in new[] { name, name.Replace("[", "%5B", StringComparison.Ordinal).Replace("]", "%5D", StringComparison.Ordinal) })
        {
            var at = query.IndexOf(candidate + "=", StringComparison.OrdinalIgnoreCase);
            if (at >= 0)
            {
                var value = query[(at + candidate.Length + 1)..];
                var end = value.IndexOf('&');
                return int.Parse(end < 0 ? value : value[..end], NumberStyles.None, CultureInfo.InvariantCulture);
            }
        }

        return fallback;
    }

    /// <summary>Writes <c>"name": "prospect{i}@acme-{i % 997}.com"</c> without allocating.</summary>
    protected static void WriteEmail(Utf8JsonWriter json, string name, int index)
    {
        Span<char> text = stackalloc char[64];
        text.TryWrite(CultureInfo.InvariantCulture, $"prospect{index}@acme-{index % 997}.com", out var written);
        json.WriteString(name, text[..written]);
    }
}

/// <summary>Amplemarket's <c>GET /excluded-emails</c>: cursor pages with <c>_links.next</c> (root-relative, as the API sends).</summary>
internal sealed class GeneratedAmplemarketEmailsHandler(int totalItems, int pageSize) : GeneratedListHandler(totalItems, pageSize)
{
    protected override void WritePage(Utf8JsonWriter json, Uri requestUri)
    {
        var after = QueryInt(requestUri, "page[after]", 0);
        var end = Math.Min(after + PageSize, TotalItems);
        json.WriteStartObject();
        json.WriteStartArray("excluded_emails");
        for (var i = after; i < end; i++)
        {
            json.WriteStartObject();
            WriteEmail(json, "email", i);
            json.WriteString("source", "amplemarket");
            json.WriteString("date_added", "2025-06-01T10:00:00.000Z");
            json.WriteString("excluded_reason", "manual");
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteStartObject("_links");
        json.WriteStartObject("self");
        WriteLink(json, after);
        json.WriteEndObject();
        if (end < TotalItems)
        {
            json.WriteStartObject("next");
            WriteLink(json, end);
            json.WriteEndObject();
        }

        json.WriteEndObject();
        json.WriteEndObject();
    }

    private void WriteLink(Utf8JsonWriter json, int after)
    {
        Span<char> text = stackalloc char[96];
        text.TryWrite(CultureInfo.InvariantCulture, $"/excluded-emails?page[size]={PageSize}&page[after]={after}", out var written);
        json.WriteString("href", text[..written]);
    }
}

/// <summary>Topo's <c>GET /v1/contact-exclusions?page=&amp;size=</c>: numbered pages with <c>has_more</c>.</summary>
internal sealed class GeneratedTopoContactsHandler(int totalItems, int pageSize) : GeneratedListHandler(totalItems, pageSize)
{
    protected override void WritePage(Utf8JsonWriter json, Uri requestUri)
    {
        var page = QueryInt(requestUri, "page", 1);
        var size = QueryInt(requestUri, "size", PageSize);
        var start = (page - 1) * size;
        var end = Math.Min(start + size, TotalItems);
        json.WriteStartObject();
        json.WriteStartArray("items");
        for (var i = start; i < end; i++)
        {
            json.WriteStartObject();
            json.WriteString("id", new Guid(i, 0x2a4b, 0x4c5d, 0x8e, 0x9f, 0x0a, 0x1b, 0x2c, 0x3d, 0x4e, 0x5f));
            WriteEmail(json, "email", i);
            json.WriteNull("linkedin_url");
            json.WriteString("reason", "UNSUBSCRIBED");
            json.WriteNull("message");
            json.WriteNull("until");
            json.WriteString("created_at", "2025-06-01T10:00:00Z");
            json.WriteString("updated_at", "2025-06-01T10:00:00Z");
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteNumber("total_count", TotalItems);
        json.WriteNumber("total_pages", (TotalItems + size - 1) / size);
        json.WriteBoolean("has_more", end < TotalItems);
        json.WriteEndObject();
    }
}
