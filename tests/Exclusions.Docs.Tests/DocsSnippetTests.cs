namespace Exclusions.Docs.Tests;

/// <summary>Every C# block of README.md, docs/*.md and samples/*/README.md compiles against the real assemblies.</summary>
public sealed class DocsSnippetTests
{
    /// <summary>One case per snippet, named by file and line.</summary>
    public static TheoryData<string> Snippets()
    {
        var data = new TheoryData<string>();
        foreach (var s in MarkdownSnippets.All())
        {
            data.Add(s.ToString());
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Snippets))]
    public void Snippet_compiles(string location)
    {
        var snippet = MarkdownSnippets.All().Single(s => s.ToString() == location);
        var errors = SnippetCompiler.Errors(snippet);
        Assert.True(errors.Count == 0,
            $"{location} ({snippet.Kind}) does not compile:\n" + string.Join('\n', errors) +
            (snippet.Kind == SnippetKind.Complete
                ? $"\n(if the block is deliberately partial, put {MarkdownSnippets.FragmentMarker} on the line before its fence)"
                : ""));
    }

    [Fact]
    public void The_documentation_has_snippets_in_every_file_that_shows_code()
    {
        var files = MarkdownSnippets.All().Select(s => s.File).Distinct().ToList();
        Assert.Contains("README.md", files);
        Assert.Contains("docs/getting-started.md", files);
        Assert.Contains("docs/testing.md", files);
        Assert.Contains("docs/errors.md", files);
        Assert.Contains("docs/configuration.md", files);
    }

    // The test would be worthless if it passed a broken snippet: these are the bugs it was written for.
    [Theory]
    [InlineData("await using var e = await Exclusions.Client.Testing.ExclusionsEmulator.StartAsync();\nvar ok = e.Requests.All(r => r.Status < 500);", "CS1061")] // README had r.Status
    [InlineData("builder.Services.AddTopoExclusions(o => o.ApiKey = \"k\");", "CS0103")]                                             // getting-started had no builder
    [InlineData("foreach (var x in new int[1]) { … }", "CS1056")]                                                                     // an ellipsis is not C#
    public void A_broken_snippet_fails(string code, string expectedError)
    {
        var errors = SnippetCompiler.Errors(new Snippet("test.md", 10, code, SnippetKind.Complete));
        Assert.Contains(errors, e => e.Contains(expectedError, StringComparison.Ordinal));
        Assert.All(errors, e => Assert.StartsWith("test.md:1", e, StringComparison.Ordinal));
    }

    [Fact]
    public void A_fragment_may_use_the_ambient_variables_and_a_complete_snippet_may_not()
    {
        const string code = "services.AddTopoExclusions(configuration.GetSection(\"Exclusions:Topo\"));";
        Assert.Empty(SnippetCompiler.Errors(new Snippet("f.md", 1, code, SnippetKind.Fragment)));
        Assert.NotEmpty(SnippetCompiler.Errors(new Snippet("f.md", 1, code, SnippetKind.Complete)));
    }

    [Fact]
    public void The_marker_on_the_line_before_the_fence_makes_a_fragment()
    {
        const string md = "text\n\n<!-- snippet: fragment -->\n```csharp\nA();\n```\n\n```csharp\nB();\n```\n```json\n{}\n```\n";
        var snippets = MarkdownSnippets.Extract("x.md", md).ToList();
        Assert.Equal(2, snippets.Count);
        Assert.Equal(new Snippet("x.md", 5, "A();", SnippetKind.Fragment), snippets[0]);
        Assert.Equal(new Snippet("x.md", 9, "B();", SnippetKind.Complete), snippets[1]);
    }
}
