using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Exclusions.Client.Testing.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;

namespace Exclusions.Client.Testing.Amplemarket;

/// <summary>The emulated Amplemarket API at the root: exclusion lists, authentication, rate limit and <c>_errors</c>.</summary>
internal sealed class AmplemarketApi : IEmulatedApi
{
    public const string MediaType = "application/vnd.amp+json";

    /// <summary>Upper bound on <c>page[size]</c>; larger values are clamped. Assumption: the docs' example link uses 2000.</summary>
    public const int MaxPageSize = 2000;

    private readonly TimeProvider _time;
    private readonly EmulatorRandom _random;
    private readonly SlidingWindowRateLimiter _rateLimiter;
    private readonly int _defaultPageSize;
    private readonly string _defaultKey;
    private readonly object _keysGate = new();
    private readonly Dictionary<string, bool> _keys = new(StringComparer.Ordinal);
    private readonly ExclusionsEmulatorOptions _options;

    public AmplemarketApi(ExclusionsEmulatorOptions options, EmulatorRandom random)
    {
        _time = options.TimeProvider;
        _options = options;
        _random = random;
        _rateLimiter = new SlidingWindowRateLimiter(options.AmplemarketRequestsPerMinute, options.RateLimitWindow);
        _defaultPageSize = options.AmplemarketPageSize;
        _defaultKey = options.AmplemarketApiKey;
        AddApiKey(_defaultKey, hasAccess: true);
    }

    public EmulatedVendor Vendor => EmulatedVendor.Amplemarket;

    public AmplemarketStore Store { get; } = new();

    public bool Owns(PathString path) => true;

    public void MapEndpoints(IEndpointRouteBuilder endpoints)
    {
        foreach (var list in new[] { AmplemarketList.Emails, AmplemarketList.Domains })
        {
            endpoints.MapGet(list.Path, context => ListAsync(context, list));
            endpoints.MapPost(list.Path, context => BulkAsync(context, list, add: true));
            endpoints.MapDelete(list.Path, context => BulkAsync(context, list, add: false));
        }

        endpoints.MapFallback("{**rest}", context =>
        {
            var knownPath = context.Request.Path.Equals(AmplemarketList.Emails.Path, StringComparison.OrdinalIgnoreCase)
                || context.Request.Path.Equals(AmplemarketList.Domains.Path, StringComparison.OrdinalIgnoreCase);
            if (knownPath)
            {
                // RFC 9110 §15.5.6: a 405 must list the methods the resource supports.
                context.Response.Headers.Allow = "GET, POST, DELETE";
            }

            return knownPath
                ? ErrorAsync(context, [new AmplemarketProblem(405, $"{context.Request.Method} is not allowed on {context.Request.Path}.", null)])
                : ErrorAsync(context, [new AmplemarketProblem(404, $"No route for {context.Request.Method} {context.Request.Path}.", null)]);
        });
    }

    public void AddApiKey(string key, bool hasAccess)
    {
        lock (_keysGate)
        {
            _keys[key] = hasAccess;
        }
    }

    public bool RemoveApiKey(string key)
    {
        lock (_keysGate)
        {
            return _keys.Remove(key);
        }
    }

    public void AddResponseHeaders(HttpContext context, EmulatorRequestContext request)
    {
    }

    /// <summary>
    /// 401 for a missing or unknown key, then the per-key limit (500/min by default, sliding 60 s window,
    /// 429 without <c>Retry-After</c>: Amplemarket documents none), then 403 for a key without API access.
    /// </summary>
    public async Task<bool> AdmitAsync(HttpContext context, EmulatorRequestContext request)
    {
        var token = JsonResponses.BearerToken(context.Request);
        bool? hasAccess = null;
        if (token is not null)
        {
            lock (_keysGate)
            {
                hasAccess = _keys.TryGetValue(token, out var access) ? access : null;
            }
        }

        if (hasAccess is null)
        {
            await ErrorAsync(context, [new AmplemarketProblem(401, token is null ? "Missing bearer token." : "Invalid API key.", null) { Header = HeaderNames.Authorization }]);
            return false;
        }

        request.ApiKey = token;
        if (!_rateLimiter.TryAcquire(token!, _time.GetUtcNow(), out _))
        {
            await ErrorAsync(context, [new AmplemarketProblem(429, "Rate limit exceeded.", null)]);
            return false;
        }

        if (hasAccess == false)
        {
            await ErrorAsync(context, [new AmplemarketProblem(403, "This API key does not have access to this resource.", null)]);
            return false;
        }

        return true;
    }

    public Task WriteErrorAsync(HttpContext context, EmulatorRequestContext request, int statusCode, string message) =>
        ErrorAsync(context, [new AmplemarketProblem(statusCode, message, null)]);

    public void Reset()
    {
        Store.Clear();
        _rateLimiter.Clear();
        lock (_keysGate)
        {
            _keys.Clear();
        }

        AddApiKey(_defaultKey, hasAccess: true);
    }

    /// <summary>
    /// Cursor paging (docs/vendor-behaviour.md#amplemarket-listing): <c>page[size]</c> (or the reference's <c>size</c>) bounds the page, <c>page[after]</c>
    /// is the opaque cursor from <c>_links.next</c>, which is present only when more entries follow. Order is insertion order.
    /// </summary>
    private Task ListAsync(HttpContext context, AmplemarketList list)
    {
        if (RejectUnknownQuery(context, ListParameters) is { } rejected)
        {
            return rejected;
        }

        var query = context.Request.Query;
        var sizeParameter = query.ContainsKey("page[size]") ? "page[size]" : "size";
        var sizeText = query[sizeParameter].FirstOrDefault();
        var size = _defaultPageSize;
        if (sizeText is not null)
        {
            if (!int.TryParse(sizeText, NumberStyles.None, CultureInfo.InvariantCulture, out size) || size < 1)
            {
                return ErrorAsync(context, [new AmplemarketProblem(400, $"{sizeParameter} must be a positive integer.", null) { Parameter = sizeParameter }]);
            }
        }

        size = Math.Min(size, MaxPageSize);
        var cursorText = query["page[after]"].FirstOrDefault();
        long after = 0;
        if (cursorText is not null && !TryDecodeCursor(cursorText, out after))
        {
            return ErrorAsync(context, [new AmplemarketProblem(400, "page[after] is not a valid cursor.", null) { Parameter = "page[after]" }]);
        }

        var (items, next) = Store.Page(list, after, size);
        var wireItems = items.Select(e => new AmplemarketItemWire(
            list == AmplemarketList.Emails ? e.Value : null,
            list == AmplemarketList.Domains ? e.Value : null,
            e.Source,
            Timestamps.FormatAmplemarket(e.DateAdded),
            e.ExcludedReason)).ToArray();

        var self = $"{list.Path}?page[size]={size}" + (cursorText is null ? "" : $"&page[after]={cursorText}");
        var links = new AmplemarketLinksWire(
            new AmplemarketLinkWire(self),
            next is { } cursor ? new AmplemarketLinkWire($"{list.Path}?page[size]={size}&page[after]={EncodeCursor(cursor)}") : null);
        var body = list == AmplemarketList.Emails
            ? new AmplemarketListWire(wireItems, null, links)
            : new AmplemarketListWire(null, wireItems, links);
        return JsonResponses.WriteAsync(context, StatusCodes.Status200OK, body, MediaType);
    }

    /// <summary>
    /// Bulk add (POST) or remove (DELETE). The answer maps each item, as stored (or exactly as sent with
    /// <see cref="ExclusionsEmulatorOptions.EchoBulkKeysAsSent"/>), to its outcome; if the same key comes twice,
    /// the first outcome is kept. Additions get source <c>amplemarket</c>
    /// and reason <c>api</c>.
    /// </summary>
    private async Task BulkAsync(HttpContext context, AmplemarketList list, bool add)
    {
        if (RejectUnknownQuery(context, []) is { } rejected)
        {
            await rejected;
            return;
        }

        if (!IsAcceptedContentType(context.Request.ContentType))
        {
            await ErrorAsync(context, [new AmplemarketProblem(415, $"Content-Type must be {MediaType}.", null) { Header = HeaderNames.ContentType }]);
            return;
        }

        var problems = new List<AmplemarketProblem>();
        var values = AmplemarketBodyParser.Parse(list, EmulatorRequestContext.Of(context).Body, problems, !_options.IgnoreUnknownFields);
        if (problems.Count > 0)
        {
            await ErrorAsync(context, problems);
            return;
        }

        var now = _time.GetUtcNow();
        var outcomes = add
            ? Store.Add(list, values, value => new EmulatedAmplemarketExclusion
            {
                Value = value,
                Source = AmplemarketEmulator.AmplemarketSource,
                DateAdded = now,
                ExcludedReason = "api",
            })
            : Store.Remove(list, values);

        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            var written = new HashSet<string>(StringComparer.Ordinal);
            writer.WriteStartObject();
            for (var i = 0; i < values.Count; i++)
            {
                // Strict choice: the key is the value as the list stores it (what the vendor would echo back
                // from its own record), not the caller's spelling, unless EchoBulkKeysAsSent.
                var key = _options.EchoBulkKeysAsSent ? values[i] : AmplemarketStore.Normalize(values[i]);
                if (written.Add(key))
                {
                    writer.WriteString(key, outcomes[i]);
                }
            }

            writer.WriteEndObject();
        }

        await JsonResponses.WriteUtf8Async(context, StatusCodes.Status200OK, buffer.WrittenMemory, MediaType);
    }

    /// <summary>The query parameters a list accepts: the docs' <c>size</c> and the cursor parameters (docs/vendor-behaviour.md#amplemarket-listing).</summary>
    private static readonly string[] ListParameters = ["page[size]", "size", "page[after]"];

    /// <summary>
    /// Strict choice: only the documented <c>application/vnd.amp+json</c> (parameters such as a charset allowed);
    /// with <see cref="ExclusionsEmulatorOptions.AcceptAnyJsonMediaType"/> also <c>application/json</c> and other <c>+json</c> types.
    /// </summary>
    private bool IsAcceptedContentType(string? contentType)
    {
        if (contentType is null || !MediaTypeHeaderValue.TryParse(contentType, out var parsed))
        {
            return false;
        }

        var mediaType = parsed.MediaType.Value ?? "";
        return mediaType.Equals(MediaType, StringComparison.OrdinalIgnoreCase)
            || (_options.AcceptAnyJsonMediaType
                && (mediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase)
                    || mediaType.EndsWith("+json", StringComparison.OrdinalIgnoreCase)));
    }

    /// <summary>Strict choice: a query parameter the docs do not give the endpoint is a 400 with <c>source.parameter</c>.</summary>
    private Task? RejectUnknownQuery(HttpContext context, string[] known)
    {
        if (_options.IgnoreUnknownQueryParameters)
        {
            return null;
        }

        var problems = context.Request.Query.Keys
            .Where(name => !known.Contains(name, StringComparer.Ordinal))
            .Select(name => new AmplemarketProblem(400, known.Length == 0
                ? $"Unknown query parameter '{name}': this endpoint takes none."
                : $"Unknown query parameter '{name}'. Allowed: {string.Join(", ", known)}.", null) { Parameter = name })
            .ToList();
        return problems.Count == 0 ? null : ErrorAsync(context, problems);
    }

    private Task ErrorAsync(HttpContext context, IReadOnlyList<AmplemarketProblem> problems)
    {
        var status = problems[0].Status;
        var errors = problems.Select(p =>
        {
            var title = ReasonPhrases.GetReasonPhrase(p.Status);
            var code = title.Length == 0 ? "error" : title.ToLowerInvariant().Replace(' ', '_').Replace("-", "", StringComparison.Ordinal);
            var source = p.Pointer is null && p.Parameter is null && p.Header is null
                ? null
                : new AmplemarketErrorSourceWire(p.Pointer, p.Parameter, p.Header);
            return new AmplemarketErrorWire(_random.NextGuid().ToString(), p.Status.ToString(CultureInfo.InvariantCulture), code, title, p.Detail, source);
        }).ToArray();
        return JsonResponses.WriteAsync(context, status, new AmplemarketErrorsWire(errors), MediaType);
    }

    private static string EncodeCursor(long sequence) =>
        WebEncoders.Base64UrlEncode(Encoding.UTF8.GetBytes("seq:" + sequence.ToString(CultureInfo.InvariantCulture)));

    private static bool TryDecodeCursor(string cursor, out long sequence)
    {
        sequence = 0;
        try
        {
            var text = Encoding.UTF8.GetString(WebEncoders.Base64UrlDecode(cursor));
            return text.StartsWith("seq:", StringComparison.Ordinal)
                && long.TryParse(text.AsSpan(4), NumberStyles.None, CultureInfo.InvariantCulture, out sequence);
        }
        catch (FormatException)
        {
            return false;
        }
    }
}
