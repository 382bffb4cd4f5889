using System.Net;
using System.Reflection;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Exclusions.Client.Testing.Tests.Conformance.OpenApi;
using Microsoft.OpenApi;
using Microsoft.OpenApi.Reader;

namespace Exclusions.Client.Testing.Tests.Conformance;

/// <summary>
/// The OpenAPI documents (docs/openapi/*.yaml) themselves: they read cleanly as OpenAPI 3.1, the JSON beside each
/// (what the emulator embeds and serves) is the same document, the emulator serves them, and the routes the
/// emulator serves are exactly the operations they describe.
/// </summary>
[Trait("Conformance", "OpenApi")]
public sealed class OpenApiDocumentTests : EmulatorTest
{
    /// <summary>Set to 1 to rewrite docs/openapi/*.json from the YAML instead of failing.</summary>
    private const string UpdateVariable = "EXCLUSIONS_UPDATE_OPENAPI";

    public static TheoryData<string> Vendors => new() { "topo", "amplemarket" };

    [Theory]
    [MemberData(nameof(Vendors))]
    public void Document_reads_as_OpenAPI_3_1_without_errors_or_warnings(string vendor)
    {
        var settings = new OpenApiReaderSettings();
        settings.AddYamlReader();
        var result = OpenApiDocument.Parse(File.ReadAllText(OpenApiContract.YamlPath(vendor)), "yaml", settings);

        Assert.NotNull(result.Document);
        Assert.Empty(result.Diagnostic!.Errors.Select(e => $"{e.Pointer}: {e.Message}"));
        Assert.Empty(result.Diagnostic.Warnings.Select(e => $"{e.Pointer}: {e.Message}"));
        Assert.Equal(OpenApiSpecVersion.OpenApi3_1, result.Diagnostic.SpecificationVersion);
        Assert.NotEmpty(result.Document!.Paths);
        Assert.NotEmpty(result.Document.Components!.SecuritySchemes!);
    }

    [Theory]
    [MemberData(nameof(Vendors))]
    public void Json_beside_the_yaml_is_the_same_document(string vendor)
    {
        var fromYaml = OpenApiContract.YamlToJson(File.ReadAllText(OpenApiContract.YamlPath(vendor)));
        var jsonPath = OpenApiContract.JsonPath(vendor);
        if (Environment.GetEnvironmentVariable(UpdateVariable) == "1")
        {
            File.WriteAllText(jsonPath, OpenApiContract.ToJsonText(fromYaml));
        }

        Assert.True(
            JsonNode.DeepEquals(fromYaml, JsonNode.Parse(File.ReadAllText(jsonPath))),
            $"docs/openapi/{vendor}.json differs from docs/openapi/{vendor}.yaml (the YAML is the source). Regenerate it: "
            + $"{UpdateVariable}=1 dotnet test tests/Exclusions.Client.Testing.Tests --filter FullyQualifiedName~OpenApiDocumentTests");
    }

    [Theory]
    [MemberData(nameof(Vendors))]
    public async Task Emulator_serves_the_document_as_json_without_authentication(string vendor)
    {
        var response = await Http.GetAsync(new Uri(Emulator.AmplemarketBaseAddress, $"openapi/{vendor}.json"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var served = JsonNode.Parse(await response.Content.ReadAsStringAsync());
        var fromYaml = OpenApiContract.YamlToJson(File.ReadAllText(OpenApiContract.YamlPath(vendor)));
        Assert.True(JsonNode.DeepEquals(fromYaml, served), $"/openapi/{vendor}.json is not docs/openapi/{vendor}.yaml");
        Assert.Equal("3.1.0", served!["openapi"]!.GetValue<string>());
        Assert.Empty(Emulator.Requests); // not vendor traffic
    }

    [Fact]
    public async Task Openapi_paths_answer_404_for_an_unknown_document_and_405_for_other_methods()
    {
        Assert.Equal(HttpStatusCode.NotFound, (await Http.GetAsync(new Uri(Emulator.AmplemarketBaseAddress, "openapi/hubspot.json"))).StatusCode);

        var post = await Http.PostAsync(new Uri(Emulator.AmplemarketBaseAddress, "openapi/topo.json"), null);
        Assert.Equal(HttpStatusCode.MethodNotAllowed, post.StatusCode);
        Assert.Equal(["GET"], post.Content.Headers.Allow);
    }

    [Fact]
    public void Every_route_the_emulator_serves_is_documented_and_every_documented_operation_is_routed()
    {
        static string Normalise(string path) => Regex.Replace(path, @"\{[^}]+\}", "{}");

        var routed = Emulator.Routes().Select(r => $"{r.Method} {Normalise(r.Pattern)}").Order(StringComparer.Ordinal).ToList();
        var documented = OpenApiContract.All
            .SelectMany(c => c.Document.Paths.SelectMany(path => (path.Value.Operations ?? [])
                .Select(operation => $"{operation.Key.Method.ToUpperInvariant()} {Normalise(path.Key)}")))
            .Order(StringComparer.Ordinal)
            .ToList();

        Assert.True(routed.Count == 17, string.Join(", ", routed)); // 5 × 2 Topo exclusion operations + /v1/me + 3 × 2 Amplemarket
        Assert.Equal(documented, routed);
    }

    /// <summary>Each strict choice marked in a document names the switch that relaxes it (docs/testing.md lists them).</summary>
    [Theory]
    [MemberData(nameof(Vendors))]
    public void Every_strict_choice_names_its_switch_and_the_switch_is_in_docs_testing(string vendor)
    {
        var switches = typeof(ExclusionsEmulatorOptions).GetProperties(BindingFlags.Public | BindingFlags.Instance).Select(p => p.Name).ToHashSet(StringComparer.Ordinal);
        var testingDoc = File.ReadAllText(Path.Combine(OpenApiContract.RepositoryRoot(), "docs", "testing.md"));
        var marks = new List<string>();
        Collect(OpenApiContract.YamlToJson(File.ReadAllText(OpenApiContract.YamlPath(vendor))), marks);

        Assert.NotEmpty(marks);
        foreach (var mark in marks)
        {
            var named = Regex.Matches(mark, "[A-Z][A-Za-z]+").Select(m => m.Value).Where(switches.Contains).ToList();
            Assert.True(named.Count > 0 || mark.Contains("no switch", StringComparison.OrdinalIgnoreCase), $"x-emulator-strict names no ExclusionsEmulatorOptions switch: {mark}");
            foreach (var name in named)
            {
                Assert.True(testingDoc.Contains(name, StringComparison.Ordinal), $"{name} (x-emulator-strict in {vendor}.yaml) is not in docs/testing.md");
            }
        }
    }

    private static void Collect(JsonNode? node, List<string> marks)
    {
        switch (node)
        {
            case JsonObject o:
                foreach (var (key, value) in o)
                {
                    if (key == "x-emulator-strict")
                    {
                        marks.Add(value!.GetValue<string>());
                    }
                    else
                    {
                        Collect(value, marks);
                    }
                }

                break;
            case JsonArray a:
                foreach (var item in a)
                {
                    Collect(item, marks);
                }

                break;
        }
    }
}
