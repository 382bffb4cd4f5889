using Exclusions.Client.Testing.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Net.Http.Headers;

namespace Exclusions.Client.Testing.Topo;

/// <summary>The emulated Topo API under <c>/v1</c>: routes, handlers, authentication and errors.</summary>
internal sealed class TopoApi : IEmulatedApi
{
    private const string ContactSegment = "contact-exclusions";
    private const string AccountSegment = "account-exclusions";

    private readonly TimeProvider _time;
    private readonly SlidingWindowRateLimiter _rateLimiter;
    private readonly string _defaultKey;
    private readonly ExclusionsEmulatorOptions _options;
    private readonly int _digits;

    public TopoApi(ExclusionsEmulatorOptions options, EmulatorRandom random)
    {
        _time = options.TimeProvider;
        _options = options;
        _digits = options.TopoTimestampFractionalDigits;
        _rateLimiter = new SlidingWindowRateLimiter(options.TopoRequestsPerMinute, options.RateLimitWindow);
        _defaultKey = options.TopoApiKey;
        Store = new TopoStore(_time, random, _digits, options.CaseSensitiveLinkedInUrls);
        Keys = new TopoApiKeys(_time, random);
        AddDefaultKey();
    }

    public EmulatedVendor Vendor => EmulatedVendor.Topo;

    public TopoStore Store { get; }

    public TopoApiKeys Keys { get; }

    public bool Owns(PathString path) => path.StartsWithSegments("/v1", StringComparison.OrdinalIgnoreCase);

    public void MapEndpoints(IEndpointRouteBuilder endpoints)
    {
        var v1 = endpoints.MapGroup("/v1");
        v1.MapGet("/me", MeAsync);
        foreach (var (kind, segment) in new[] { (TopoExclusionKind.Contact, ContactSegment), (TopoExclusionKind.Account, AccountSegment) })
        {
            v1.MapGet($"/{segment}", context => ListAsync(context, kind));
            v1.MapPost($"/{segment}", context => CreateAsync(context, kind));
            v1.MapGet($"/{segment}/{{id}}", context => GetAsync(context, kind));
            v1.MapMethods($"/{segment}/{{id}}", [HttpMethods.Patch], context => PatchAsync(context, kind));
            v1.MapDelete($"/{segment}/{{id}}", context => DeleteAsync(context, kind));
        }

        endpoints.MapFallback("/v1/{**rest}", context =>
        {
            if (AllowedMethods(context.Request.Path) is not { } allowed)
            {
                return ErrorAsync(context, StatusCodes.Status404NotFound, "NotFoundIssue", $"No route for {context.Request.Method} {context.Request.Path}.");
            }

            // RFC 9110 §15.5.6: a 405 must list the methods the resource supports.
            context.Response.Headers.Allow = allowed;
            return WriteErrorAsync(context, EmulatorRequestContext.Of(context), StatusCodes.Status405MethodNotAllowed, $"{context.Request.Method} is not allowed on {context.Request.Path}.");
        });
    }

    /// <summary>The methods a resource path supports (for 405 and <c>Allow</c>), or <see langword="null"/> for an unknown path (404).</summary>
    private static string? AllowedMethods(PathString path)
    {
        var segments = (path.Value ?? "").Trim('/').Split('/');
        return segments switch
        {
            ["v1", "me"] => "GET",
            ["v1", ContactSegment or AccountSegment] => "GET, POST",
            ["v1", ContactSegment or AccountSegment, _] => "GET, PATCH, DELETE",
            _ => null,
        };
    }

    public void AddResponseHeaders(HttpContext context, EmulatorRequestContext request) =>
        context.Response.Headers["X-Request-Id"] = request.RequestId;

    /// <summary>
    /// 401 for a missing or unknown key, then the (optional, assumed) rate limit, then 403 when the key lacks
    /// the scope: <c>exclusions:read</c> for GET, <c>exclusions:write</c> otherwise. <c>/v1/me</c> needs no scope.
    /// Both 401 and 403 are <c>UnauthorizedIssue</c>, as documented.
    /// </summary>
    public async Task<bool> AdmitAsync(HttpContext context, EmulatorRequestContext request)
    {
        var token = JsonResponses.BearerToken(context.Request);
        var key = token is null ? null : Keys.Use(token);
        if (key is null)
        {
            await ErrorAsync(context, StatusCodes.Status401Unauthorized, "UnauthorizedIssue",
                token is null ? "Missing bearer token in the Authorization header." : "Invalid API key.");
            return false;
        }

        request.ApiKey = token;
        if (!_rateLimiter.TryAcquire(token!, _time.GetUtcNow(), out var retryAfter))
        {
            // Assumption: Topo documents no rate limit; this one is opt-in and sends Retry-After in seconds.
            context.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
            await WriteErrorAsync(context, request, StatusCodes.Status429TooManyRequests, "Rate limit exceeded.");
            return false;
        }

        var scope = RequiredScope(context.Request);
        if (scope is not null && !key.Scopes.Contains(scope, StringComparer.Ordinal))
        {
            await ErrorAsync(context, StatusCodes.Status403Forbidden, "UnauthorizedIssue", $"This API key lacks the required scope: {scope}.");
            return false;
        }

        return true;
    }

    /// <summary>
    /// Assumption: the documented types cover 400–422 only, so 405 is <c>MethodNotAllowedIssue</c>, 429 is
    /// <c>RateLimitIssue</c> and 5xx is <c>InternalIssue</c>; clients should key on the status code.
    /// </summary>
    public Task WriteErrorAsync(HttpContext context, EmulatorRequestContext request, int statusCode, string message) =>
        ErrorAsync(context, statusCode, statusCode switch
        {
            StatusCodes.Status405MethodNotAllowed => "MethodNotAllowedIssue",
            StatusCodes.Status429TooManyRequests => "RateLimitIssue",
            _ => "InternalIssue",
        }, message);

    public void Reset()
    {
        Store.Clear();
        _rateLimiter.Clear();
        Keys.Clear();
        AddDefaultKey();
    }

    private void AddDefaultKey() =>
        Keys.Add(_defaultKey, "Emulator default key", [TopoApiKeys.ReadScope, TopoApiKeys.WriteScope]);

    private static string? RequiredScope(HttpRequest request)
    {
        if (request.Path.StartsWithSegments("/v1/me", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        return HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method)
            ? TopoApiKeys.ReadScope
            : TopoApiKeys.WriteScope;
    }

    private Task MeAsync(HttpContext context)
    {
        if (RejectUnknownQuery(context, []) is { } rejected)
        {
            return rejected;
        }

        var token = EmulatorRequestContext.Of(context).ApiKey!;
        var key = Keys.Use(token)!;
        var me = new TopoMeWire(
            key.Id,
            Keys.OrganizationId,
            key.Name,
            token[..Math.Min(9, token.Length)],
            key.Scopes,
            TopoWire.Format(key.LastUsedAt, _digits),
            Timestamps.FormatTopo(key.CreatedAt, _digits));
        return JsonResponses.WriteAsync(context, StatusCodes.Status200OK, me, TopoWire.MediaType);
    }

    private Task ListAsync(HttpContext context, TopoExclusionKind kind)
    {
        var errors = new TopoFieldErrors();
        UnknownQueryParameters(context, TopoListQuery.Parameters(kind), errors);
        var query = TopoListQuery.Parse(kind, context.Request.Query, errors, _options.AcceptPartialTimestamps);
        if (errors.Any)
        {
            return ValidationErrorAsync(context, "Invalid query parameters.", errors);
        }

        var page = Store.List(kind, query);
        var body = new TopoListWire(page.Items.Select(e => TopoWire.From(kind, e, _digits)).ToArray(), page.TotalCount, page.TotalPages, page.HasMore);
        return JsonResponses.WriteAsync(context, StatusCodes.Status200OK, body, TopoWire.MediaType);
    }

    private Task CreateAsync(HttpContext context, TopoExclusionKind kind)
    {
        if (RejectUnknownQuery(context, []) is { } rejected)
        {
            return rejected;
        }

        if (RejectContentType(context) is { } unlabelled)
        {
            return unlabelled;
        }

        var errors = new TopoFieldErrors();
        var fields = TopoBodyParser.ParseCreate(kind, EmulatorRequestContext.Of(context).Body, errors, _options);
        if (fields is null)
        {
            return ValidationErrorAsync(context, "Invalid request body.", errors);
        }

        var result = Store.Create(kind, fields);
        if (result.Created is null)
        {
            return ErrorAsync(context, StatusCodes.Status409Conflict, "CommitIssue",
                kind == TopoExclusionKind.Contact
                    ? "An active exclusion already exists for this email or LinkedIn URL."
                    : "An active exclusion already exists for this domain.");
        }

        return JsonResponses.WriteAsync(context, StatusCodes.Status201Created, TopoWire.From(kind, result.Created, _digits), TopoWire.MediaType);
    }

    private Task GetAsync(HttpContext context, TopoExclusionKind kind)
    {
        if ((RejectUnknownQuery(context, []) ?? RejectNonUuidId(context)) is { } rejected)
        {
            return rejected;
        }

        var exclusion = TryGetId(context, out var id) ? Store.Get(kind, id) : null;
        return exclusion is null
            ? NotFoundAsync(context, kind)
            : JsonResponses.WriteAsync(context, StatusCodes.Status200OK, TopoWire.From(kind, exclusion, _digits), TopoWire.MediaType);
    }

    private Task PatchAsync(HttpContext context, TopoExclusionKind kind)
    {
        if ((RejectUnknownQuery(context, []) ?? RejectNonUuidId(context)) is { } rejected)
        {
            return rejected;
        }

        if (!TryGetId(context, out var id) || Store.Get(kind, id) is null)
        {
            return NotFoundAsync(context, kind);
        }

        if (RejectContentType(context) is { } unlabelled)
        {
            return unlabelled;
        }

        var errors = new TopoFieldErrors();
        var patch = TopoBodyParser.ParsePatch(EmulatorRequestContext.Of(context).Body, errors, _options);
        if (patch is null)
        {
            return ValidationErrorAsync(context, "Invalid request body.", errors);
        }

        var updated = Store.Patch(kind, id, patch);
        return updated is null
            ? NotFoundAsync(context, kind)
            : JsonResponses.WriteAsync(context, StatusCodes.Status200OK, TopoWire.From(kind, updated, _digits), TopoWire.MediaType);
    }

    private Task DeleteAsync(HttpContext context, TopoExclusionKind kind)
    {
        if ((RejectUnknownQuery(context, []) ?? RejectNonUuidId(context)) is { } rejected)
        {
            return rejected;
        }

        var result = TryGetId(context, out var id) ? Store.Delete(kind, id) : TopoDeleteResult.NotFound;
        switch (result)
        {
            case TopoDeleteResult.Deleted:
                context.Response.StatusCode = StatusCodes.Status204NoContent;
                return Task.CompletedTask;
            case TopoDeleteResult.CrmSynced:
                return ErrorAsync(context, StatusCodes.Status422UnprocessableEntity, "BusinessIssue",
                    "This exclusion is synced from a CRM and cannot be deleted through the API.");
            default:
                return NotFoundAsync(context, kind);
        }
    }

    /// <summary>
    /// Strict choice: the docs type <c>exclusion_id</c> as a UUID, so anything else is a 400 <c>ValidationIssue</c>
    /// naming it; with <see cref="ExclusionsEmulatorOptions.NonUuidIdIsNotFound"/> it is a 404 like an unknown UUID.
    /// </summary>
    private Task? RejectNonUuidId(HttpContext context)
    {
        if (_options.NonUuidIdIsNotFound || TryGetId(context, out _))
        {
            return null;
        }

        var errors = new TopoFieldErrors();
        errors.Add("exclusion_id", "Must be a UUID.");
        return ValidationErrorAsync(context, "Invalid path parameters.", errors);
    }

    /// <summary>Strict choice: a query parameter the docs do not list for the endpoint is a 400 naming it.</summary>
    private Task? RejectUnknownQuery(HttpContext context, IReadOnlyList<string> known)
    {
        var errors = new TopoFieldErrors();
        UnknownQueryParameters(context, known, errors);
        return errors.Any ? ValidationErrorAsync(context, "Invalid query parameters.", errors) : null;
    }

    private void UnknownQueryParameters(HttpContext context, IReadOnlyList<string> known, TopoFieldErrors errors)
    {
        if (_options.IgnoreUnknownQueryParameters)
        {
            return;
        }

        foreach (var name in context.Request.Query.Keys)
        {
            if (!known.Contains(name, StringComparer.Ordinal))
            {
                errors.Add(name, known.Count == 0 ? "Unknown query parameter: this endpoint takes none." : "Unknown query parameter. Allowed: " + string.Join(", ", known) + ".");
            }
        }
    }

    /// <summary>Parses the <c>{id}</c> route value as a UUID.</summary>
    private static bool TryGetId(HttpContext context, out Guid id) =>
        Guid.TryParseExact(context.Request.RouteValues["id"] as string, "D", out id);

    private static Task NotFoundAsync(HttpContext context, TopoExclusionKind kind) =>
        ErrorAsync(context, StatusCodes.Status404NotFound, "NotFoundIssue",
            kind == TopoExclusionKind.Contact ? "Contact exclusion not found." : "Account exclusion not found.");

    /// <summary>
    /// Strict choice: every write example in the docs sends <c>Content-Type: application/json</c>; a body labelled
    /// otherwise (or not at all) is a 400 <c>ValidationIssue</c> naming <c>Content-Type</c>, unless
    /// <see cref="ExclusionsEmulatorOptions.AcceptAnyTopoContentType"/>.
    /// </summary>
    private Task? RejectContentType(HttpContext context)
    {
        if (_options.AcceptAnyTopoContentType
            || (MediaTypeHeaderValue.TryParse(context.Request.ContentType, out var type)
                && string.Equals(type.MediaType.Value, "application/json", StringComparison.OrdinalIgnoreCase)))
        {
            return null;
        }

        var errors = new TopoFieldErrors();
        errors.Add("Content-Type", "Must be application/json.");
        return ValidationErrorAsync(context, "Invalid request headers.", errors);
    }

    private static Task ValidationErrorAsync(HttpContext context, string message, TopoFieldErrors errors) =>
        ErrorAsync(context, StatusCodes.Status400BadRequest, "ValidationIssue", message, errors.ToData());

    private static Task ErrorAsync(HttpContext context, int statusCode, string type, string message, object? data = null)
    {
        var requestId = EmulatorRequestContext.Of(context).RequestId;
        return JsonResponses.WriteAsync(context, statusCode, new TopoErrorWire(statusCode, type, message, data, requestId), TopoWire.MediaType);
    }
}
