using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Exclusions.Client.Testing.Tests.Conformance.OpenApi;

/// <summary>
/// Checks every exchange that goes through it against the vendor's OpenAPI document (docs/openapi/*.yaml), so a
/// conformance test cannot forget to: the response's status must be declared for the operation (or, for an
/// undocumented path or method, be the document's <c>NotFound</c>/<c>MethodNotAllowed</c> answer with an exact
/// <c>Allow</c>), its media type declared, its required headers present and valid, and its body valid against the
/// schema. The request is checked too (parameters, body, media type, credentials): a request the document does not
/// allow must not get a 2xx. A response that breaks the document throws <see cref="OpenApiViolationException"/>
/// out of <c>SendAsync</c>, failing the test.
/// </summary>
public sealed class OpenApiValidatingHandler : DelegatingHandler
{
    private readonly List<OpenApiExchange> _exchanges = [];

    public OpenApiValidatingHandler(HttpMessageHandler inner) : base(inner)
    {
    }

    /// <summary>Every checked exchange, oldest first.</summary>
    public IReadOnlyList<OpenApiExchange> Exchanges
    {
        get
        {
            lock (_exchanges)
            {
                return _exchanges.ToArray();
            }
        }
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var requestBody = request.Content is null ? null : await request.Content.ReadAsStringAsync(cancellationToken);
        var response = await base.SendAsync(request, cancellationToken);
#if NET9_0_OR_GREATER
        await response.Content.LoadIntoBufferAsync(cancellationToken);
#else
        await response.Content.LoadIntoBufferAsync(); // net8.0 has no overload with a token
#endif
        var responseBody = await response.Content.ReadAsStringAsync(cancellationToken);

        var path = request.RequestUri!.AbsolutePath;
        var contract = OpenApiContract.ForPath(path);
        if (contract is null)
        {
            return response;
        }

        var exchange = OpenApiChecker.Check(contract, request, requestBody, response, responseBody);
        lock (_exchanges)
        {
            _exchanges.Add(exchange);
        }

        if (exchange.ResponseProblems.Count > 0)
        {
            throw new OpenApiViolationException(exchange);
        }

        return response;
    }
}

/// <summary>One request and its response, with what the document says about each.</summary>
public sealed record OpenApiExchange(
    string Document,
    string Method,
    string PathAndQuery,
    string? Operation,
    int Status,
    IReadOnlyList<string> RequestProblems,
    IReadOnlyList<string> ResponseProblems,
    string ResponseBody)
{
    /// <summary>Whether the document allows the request as sent.</summary>
    public bool RequestConforms => RequestProblems.Count == 0;

    public override string ToString() =>
        $"{Method} {PathAndQuery} -> {Status} ({Document}.yaml {Operation ?? "no operation"})"
        + (RequestProblems.Count > 0 ? "\n  request: " + string.Join("\n  request: ", RequestProblems) : "")
        + (ResponseProblems.Count > 0 ? "\n  response: " + string.Join("\n  response: ", ResponseProblems) : "")
        + "\n  body: " + (ResponseBody.Length > 600 ? ResponseBody[..600] + "…" : ResponseBody);
}

/// <summary>An emulator response that the OpenAPI document does not allow.</summary>
public sealed class OpenApiViolationException(OpenApiExchange exchange)
    : Exception("The emulator's answer breaks the OpenAPI document:\n" + exchange)
{
    public OpenApiExchange Exchange { get; } = exchange;
}

/// <summary>The checks themselves, on the document's JSON (Reference Objects followed by pointer).</summary>
internal static class OpenApiChecker
{
    private static readonly string[] Methods = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];

    public static OpenApiExchange Check(OpenApiContract contract, HttpRequestMessage request, string? requestBody, HttpResponseMessage response, string responseBody)
    {
        var requestProblems = new List<string>();
        var responseProblems = new List<string>();
        var path = request.RequestUri!.AbsolutePath;
        var method = request.Method.Method.ToLowerInvariant();
        var status = (int)response.StatusCode;
        string? operationName = null;

        var match = MatchPath(contract, path);
        if (match is null)
        {
            requestProblems.Add($"no path in the document matches {path}");
            CheckResponse(contract, UnmatchedResponse(contract, status, "NotFound"), response, responseBody, responseProblems);
        }
        else
        {
            var (template, pathParameters) = match.Value;
            var pathItemPointer = "/paths/" + OpenApiContract.Escape(template);
            var operationPointer = pathItemPointer + "/" + method;
            if (contract.At(operationPointer) is not JsonObject operation)
            {
                requestProblems.Add($"{method.ToUpperInvariant()} is not an operation of {template}");
                CheckResponse(contract, UnmatchedResponse(contract, status, "MethodNotAllowed"), response, responseBody, responseProblems);
                if (status == 405)
                {
                    var allowed = Methods.Where(m => contract.At(pathItemPointer + "/" + m) is JsonObject).Select(m => m.ToUpperInvariant()).Order(StringComparer.Ordinal);
                    var sent = response.Content.Headers.Allow.Select(m => m.ToUpperInvariant()).Order(StringComparer.Ordinal);
                    if (!allowed.SequenceEqual(sent))
                    {
                        responseProblems.Add($"Allow is '{string.Join(", ", sent)}', the document's operations are '{string.Join(", ", allowed)}'");
                    }
                }
            }
            else
            {
                operationName = operation["operationId"]?.GetValue<string>() ?? operationPointer;
                CheckRequest(contract, pathItemPointer, operationPointer, operation, request, requestBody, pathParameters, requestProblems);
                var responsesPointer = operationPointer + "/responses";
                var code = status.ToString(System.Globalization.CultureInfo.InvariantCulture);
                var declared = new[] { code, code[0] + "XX", "default" }.FirstOrDefault(key => contract.At(responsesPointer + "/" + key) is not null);
                if (declared is null)
                {
                    responseProblems.Add($"status {status} is not declared for {operationName}");
                }
                else
                {
                    CheckResponse(contract, responsesPointer + "/" + declared, response, responseBody, responseProblems);
                }
            }
        }

        if (requestProblems.Count > 0 && status is >= 200 and < 300)
        {
            responseProblems.Add($"{status} for a request the document does not allow ({string.Join("; ", requestProblems)})");
        }

        return new OpenApiExchange(contract.Name, request.Method.Method, request.RequestUri.PathAndQuery, operationName, status, requestProblems, responseProblems, responseBody);
    }

    /// <summary>Answers for a path or method not in the document: the named component, or the shared 401/403/429/5xx.</summary>
    private static string? UnmatchedResponse(OpenApiContract contract, int status, string component) => status switch
    {
        404 when component == "NotFound" => "/components/responses/NotFound",
        405 when component == "MethodNotAllowed" => "/components/responses/MethodNotAllowed",
        401 => "/components/responses/Unauthorized",
        403 => "/components/responses/Forbidden",
        429 => "/components/responses/RateLimited",
        >= 500 => "/components/responses/ServerError",
        _ => null,
    };

    private static (string Template, Dictionary<string, string> Parameters)? MatchPath(OpenApiContract contract, string path)
    {
        var segments = path.Split('/');
        foreach (var (template, _) in contract.Json["paths"]!.AsObject())
        {
            var templateSegments = template.Split('/');
            if (templateSegments.Length != segments.Length)
            {
                continue;
            }

            var parameters = new Dictionary<string, string>(StringComparer.Ordinal);
            var matched = true;
            for (var i = 0; i < segments.Length && matched; i++)
            {
                var t = templateSegments[i];
                if (t.StartsWith('{') && t.EndsWith('}') && segments[i].Length > 0)
                {
                    parameters[t[1..^1]] = Uri.UnescapeDataString(segments[i]);
                }
                else
                {
                    matched = string.Equals(t, segments[i], StringComparison.Ordinal);
                }
            }

            if (matched)
            {
                return (template, parameters);
            }
        }

        return null;
    }

    private static void CheckRequest(
        OpenApiContract contract, string pathItemPointer, string operationPointer, JsonObject operation,
        HttpRequestMessage request, string? body, Dictionary<string, string> pathParameters, List<string> problems)
    {
        // Parameters: the path item's and the operation's (Reference Objects followed).
        var parameters = new List<(JsonObject Parameter, string Pointer)>();
        foreach (var owner in new[] { pathItemPointer, operationPointer })
        {
            if (contract.At(owner + "/parameters") is JsonArray list)
            {
                for (var i = 0; i < list.Count; i++)
                {
                    var (parameter, pointer) = contract.Resolve($"{owner}/parameters/{i}");
                    parameters.Add((parameter!, pointer));
                }
            }
        }

        var query = ParseQuery(request.RequestUri!.Query);
        foreach (var name in query.Keys.Where(name => !parameters.Any(p => In(p.Parameter, "query") && Name(p.Parameter) == name)))
        {
            problems.Add($"query parameter '{name}' is not in the document");
        }

        foreach (var (parameter, pointer) in parameters)
        {
            var name = Name(parameter);
            string? value = In(parameter, "path") ? pathParameters.GetValueOrDefault(name)
                : In(parameter, "query") ? query.GetValueOrDefault(name)
                : null;
            if (value is null)
            {
                if (parameter["required"]?.GetValue<bool>() == true)
                {
                    problems.Add($"required parameter '{name}' is missing");
                }

                continue;
            }

            foreach (var error in contract.Validate(pointer + "/schema", AsInstance(contract, pointer + "/schema", value)))
            {
                problems.Add($"parameter '{name}'='{value}': {error}");
            }
        }

        // Credentials: every documented operation needs a bearer key (the only scheme either document has).
        var security = operation["security"] as JsonArray ?? contract.Json["security"] as JsonArray;
        if (security is { Count: > 0 } && request.Headers.Authorization?.Scheme is not { } scheme)
        {
            problems.Add("no Authorization header");
        }
        else if (security is { Count: > 0 } && !string.Equals(request.Headers.Authorization!.Scheme, "Bearer", StringComparison.OrdinalIgnoreCase))
        {
            problems.Add("Authorization is not a bearer token");
        }

        // Body: declared media type, valid against its schema.
        var (requestBodyObject, requestBodyPointer) = operation["requestBody"] is null ? (null, "") : contract.Resolve(operationPointer + "/requestBody");
        if (requestBodyObject is null)
        {
            if (!string.IsNullOrEmpty(body))
            {
                problems.Add("a body on an operation that takes none");
            }

            return;
        }

        if (string.IsNullOrEmpty(body))
        {
            if (requestBodyObject["required"]?.GetValue<bool>() == true)
            {
                problems.Add("the required body is missing");
            }

            return;
        }

        var mediaType = request.Content?.Headers.ContentType?.MediaType ?? "";
        var content = requestBodyObject["content"]!.AsObject();
        var declared = content.Select(c => c.Key).FirstOrDefault(k => string.Equals(k, mediaType, StringComparison.OrdinalIgnoreCase));
        if (declared is null)
        {
            problems.Add($"Content-Type '{mediaType}' is not one of {string.Join(", ", content.Select(c => c.Key))}");
            return;
        }

        if (!TryParse(body, out var json))
        {
            problems.Add("the body is not JSON");
            return;
        }

        foreach (var error in contract.Validate($"{requestBodyPointer}/content/{OpenApiContract.Escape(declared)}/schema", json))
        {
            problems.Add("body " + error);
        }
    }

    private static void CheckResponse(OpenApiContract contract, string? responsePointer, HttpResponseMessage response, string body, List<string> problems)
    {
        var status = (int)response.StatusCode;
        if (responsePointer is null)
        {
            problems.Add($"status {status} is not a documented answer here");
            return;
        }

        var (declared, pointer) = contract.Resolve(responsePointer);
        if (declared is null)
        {
            problems.Add($"{responsePointer} is not in the document");
            return;
        }

        // Headers: required ones present; every declared one that is present valid against its schema.
        if (declared["headers"] is JsonObject headers)
        {
            foreach (var (name, _) in headers)
            {
                var (header, headerPointer) = contract.Resolve($"{pointer}/headers/{OpenApiContract.Escape(name)}");
                var value = HeaderValue(response, name);
                if (value is null)
                {
                    if (header?["required"]?.GetValue<bool>() == true)
                    {
                        problems.Add($"required header {name} is missing");
                    }

                    continue;
                }

                foreach (var error in contract.Validate(headerPointer + "/schema", JsonSerializer.SerializeToElement(value)))
                {
                    problems.Add($"header {name}: '{value}': {error}");
                }
            }
        }

        // Content: none declared → no body; else a declared media type and a body valid against its schema.
        var content = declared["content"] as JsonObject;
        if (content is null || content.Count == 0)
        {
            if (body.Length > 0)
            {
                problems.Add($"a body where the document declares none: {body}");
            }

            return;
        }

        var mediaType = response.Content.Headers.ContentType?.MediaType ?? "";
        var key = content.Select(c => c.Key).FirstOrDefault(k => string.Equals(k, mediaType, StringComparison.OrdinalIgnoreCase));
        if (key is null)
        {
            problems.Add($"Content-Type '{mediaType}' is not one of {string.Join(", ", content.Select(c => c.Key))}");
            return;
        }

        if (!TryParse(body, out var json))
        {
            problems.Add("the body is not JSON");
            return;
        }

        foreach (var error in contract.Validate($"{pointer}/content/{OpenApiContract.Escape(key)}/schema", json))
        {
            problems.Add("body " + error);
        }
    }

    private static string? HeaderValue(HttpResponseMessage response, string name)
    {
        if (response.Headers.TryGetValues(name, out var values) || response.Content.Headers.TryGetValues(name, out values))
        {
            return string.Join(", ", values);
        }

        return null;
    }

    /// <summary>A parameter's text as a JSON instance: a number where the schema wants an integer and it parses.</summary>
    private static JsonElement AsInstance(OpenApiContract contract, string schemaPointer, string value)
    {
        var (schema, _) = contract.Resolve(schemaPointer);
        if (schema?["type"]?.GetValue<string>() == "integer" && long.TryParse(value, System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out var number))
        {
            return JsonSerializer.SerializeToElement(number);
        }

        return JsonSerializer.SerializeToElement(value);
    }

    private static Dictionary<string, string> ParseQuery(string query)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            var name = Uri.UnescapeDataString((equals < 0 ? pair : pair[..equals]).Replace('+', ' '));
            var value = equals < 0 ? "" : Uri.UnescapeDataString(pair[(equals + 1)..].Replace('+', ' '));
            result.TryAdd(name, value);
        }

        return result;
    }

    private static bool TryParse(string text, out JsonElement element)
    {
        try
        {
            using var document = JsonDocument.Parse(text);
            element = document.RootElement.Clone();
            return true;
        }
        catch (JsonException)
        {
            element = default;
            return false;
        }
    }

    private static string Name(JsonObject parameter) => parameter["name"]!.GetValue<string>();

    private static bool In(JsonObject parameter, string location) => parameter["in"]?.GetValue<string>() == location;
}
