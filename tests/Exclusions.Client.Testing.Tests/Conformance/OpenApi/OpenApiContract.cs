using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;
using Microsoft.OpenApi;
using Microsoft.OpenApi.Reader;
using Microsoft.OpenApi.YamlReader;
using SharpYaml.Serialization;

namespace Exclusions.Client.Testing.Tests.Conformance.OpenApi;

/// <summary>
/// One vendor's OpenAPI document (docs/openapi/{name}.yaml), read with Microsoft.OpenApi (which must report no
/// error), plus the same document as JSON for schema validation with JsonSchema.Net: a schema is evaluated by
/// <c>$ref</c> into the registered document, so <c>#/components/schemas/…</c> references resolve as written.
/// </summary>
public sealed class OpenApiContract
{
    private static readonly Lazy<OpenApiContract> TopoContract = new(() => Load("topo"));
    private static readonly Lazy<OpenApiContract> AmplemarketContract = new(() => Load("amplemarket"));

    private static readonly EvaluationOptions Evaluation = new()
    {
        OutputFormat = OutputFormat.List,
        RequireFormatValidation = true,
    };

    private readonly Uri _baseUri;
    private readonly BuildOptions _build;
    private readonly ConcurrentDictionary<string, JsonSchema> _schemas = new(StringComparer.Ordinal);

    private OpenApiContract(string name, OpenApiDocument document, JsonNode json)
    {
        Name = name;
        Document = document;
        Json = json;
        _baseUri = new Uri($"https://exclusions-client.test/openapi/{name}.json");
        var registry = new SchemaRegistry();
        registry.Register(new JsonElementBaseDocument(JsonSerializer.SerializeToElement(json), _baseUri));
        // OpenAPI schemas carry annotations JSON Schema does not know (example, x-emulator-strict, …): allowed, ignored.
        _build = new BuildOptions { SchemaRegistry = registry, Dialect = Dialect.Draft202012.With([], allowUnknownKeywords: true) };
    }

    public static OpenApiContract Topo => TopoContract.Value;

    public static OpenApiContract Amplemarket => AmplemarketContract.Value;

    public static IEnumerable<OpenApiContract> All => [Topo, Amplemarket];

    /// <summary><c>topo</c> or <c>amplemarket</c>.</summary>
    public string Name { get; }

    /// <summary>The document as Microsoft.OpenApi reads it.</summary>
    public OpenApiDocument Document { get; }

    /// <summary>The document as JSON, converted from the YAML as written.</summary>
    public JsonNode Json { get; }

    /// <summary>The document that describes a path on the emulator, or <see langword="null"/> for the emulator's own paths.</summary>
    public static OpenApiContract? ForPath(string path)
    {
        if (path.StartsWith("/openapi/", StringComparison.Ordinal) || path.StartsWith("/_emulator/", StringComparison.Ordinal))
        {
            return null;
        }

        return path == "/v1" || path.StartsWith("/v1/", StringComparison.OrdinalIgnoreCase) ? Topo : Amplemarket;
    }

    public static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Exclusions.Client.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("Exclusions.Client.sln not found above " + AppContext.BaseDirectory);
    }

    public static string YamlPath(string name) => Path.Combine(RepositoryRoot(), "docs", "openapi", name + ".yaml");

    public static string JsonPath(string name) => Path.Combine(RepositoryRoot(), "docs", "openapi", name + ".json");

    /// <summary>Converts the YAML document to JSON exactly as written (the form the emulator serves).</summary>
    public static JsonNode YamlToJson(string yaml)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        return stream.Documents[0].ToJsonNode() ?? throw new InvalidOperationException("Empty YAML document.");
    }

    /// <summary>The JSON text written to docs/openapi/{name}.json (indented, UTF-8 kept readable, final newline).</summary>
    public static string ToJsonText(JsonNode json) =>
        json.ToJsonString(new JsonSerializerOptions
        {
            WriteIndented = true,
            Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        }) + "\n";

    /// <summary>Reads a document; every error Microsoft.OpenApi reports fails the load.</summary>
    public static (OpenApiDocument? Document, IReadOnlyList<string> Errors, IReadOnlyList<string> Warnings) Read(string yaml)
    {
        var settings = new OpenApiReaderSettings();
        settings.AddYamlReader();
        var result = OpenApiDocument.Parse(yaml, "yaml", settings);
        var diagnostic = result.Diagnostic;
        return (result.Document,
            diagnostic?.Errors.Select(e => $"{e.Pointer}: {e.Message}").ToList() ?? [],
            diagnostic?.Warnings.Select(e => $"{e.Pointer}: {e.Message}").ToList() ?? []);
    }

    private static OpenApiContract Load(string name)
    {
        var yaml = File.ReadAllText(YamlPath(name));
        var (document, errors, _) = Read(yaml);
        if (document is null || errors.Count > 0)
        {
            throw new InvalidOperationException($"docs/openapi/{name}.yaml does not read cleanly: " + string.Join("; ", errors));
        }

        return new OpenApiContract(name, document, YamlToJson(yaml));
    }

    /// <summary>The node at a JSON Pointer (<c>/paths/~1v1~1me/get</c>), or <see langword="null"/>.</summary>
    public JsonNode? At(string pointer)
    {
        JsonNode? node = Json;
        foreach (var raw in pointer.Split('/').Skip(1))
        {
            var segment = raw.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal);
            node = node switch
            {
                JsonObject o => o[segment],
                JsonArray a when int.TryParse(segment, out var i) && i < a.Count => a[i],
                _ => null,
            };
        }

        return node;
    }

    /// <summary>Follows Reference Objects (<c>{"$ref": "#/components/…"}</c>) to the node they name.</summary>
    public (JsonObject? Node, string Pointer) Resolve(string pointer)
    {
        var node = At(pointer);
        for (var hops = 0; node is JsonObject o && o["$ref"] is JsonValue reference && hops < 10; hops++)
        {
            pointer = reference.GetValue<string>().TrimStart('#');
            node = At(pointer);
        }

        return (node as JsonObject, pointer);
    }

    public static string Escape(string segment) => segment.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal);

    /// <summary>Evaluates <paramref name="instance"/> against the schema at <paramref name="schemaPointer"/>; returns the errors (empty when valid).</summary>
    public IReadOnlyList<string> Validate(string schemaPointer, JsonElement instance)
    {
        var schema = _schemas.GetOrAdd(schemaPointer, pointer =>
            JsonSchema.FromText($$"""{"$ref": "{{_baseUri}}#{{pointer.Replace("+", "%2B", StringComparison.Ordinal)}}"}""", _build));
        var results = schema.Evaluate(instance, Evaluation);
        if (results.IsValid)
        {
            return [];
        }

        return (results.Details ?? []).Prepend(results)
            .Where(d => d.Errors is { Count: > 0 })
            .SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation} ({d.EvaluationPath}): {e.Value}"))
            .DefaultIfEmpty("invalid (no detail)")
            .ToList();
    }
}
