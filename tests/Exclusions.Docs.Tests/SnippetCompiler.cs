using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Exclusions.Docs.Tests;

/// <summary>Compiles a documentation snippet with Roslyn against the real assemblies.</summary>
public static class SnippetCompiler
{
    /// <summary>
    /// The usings every snippet may assume (the README says so). Keep it small: a snippet that needs
    /// anything else shows its own <c>using</c> line.
    /// </summary>
    public const string Prelude = """
        global using System;
        global using System.Collections.Generic;
        global using System.IO;
        global using System.Linq;
        global using System.Net.Http;
        global using System.Threading;
        global using System.Threading.Tasks;
        global using Exclusions.Client;
        global using Exclusions.Client.Amplemarket;
        global using Exclusions.Client.Topo;
        global using Microsoft.Extensions.Configuration;
        global using Microsoft.Extensions.DependencyInjection;
        global using Microsoft.Extensions.Hosting;
        global using Microsoft.Extensions.Logging;
        """;

    /// <summary>
    /// What a fragment (<see cref="SnippetKind.Fragment"/>) may use without declaring it: the variables a
    /// reader has in hand at that point of an app. Members are <c>null!</c>: fragments are compiled, never run.
    /// </summary>
    public const string Ambient = """
        global using static DocsAmbient;
        public static class DocsAmbient
        {
            public static HostApplicationBuilder builder = null!;
            public static IServiceCollection services = null!;
            public static IConfiguration configuration = null!;
            public static IServiceProvider provider = null!;
            public static CancellationToken ct;
            public static ExclusionClients exclusions = null!;
            public static TopoExclusionsClient topo = null!;
            public static AmplemarketExclusionsClient amplemarket = null!;
            public static Guid id;
            public static ILogger logger = null!;
        }
        """;

    private static readonly Lazy<ImmutableArray<MetadataReference>> References = new(LoadReferences);

    private static ImmutableArray<MetadataReference> LoadReferences()
    {
        // The test host's trusted platform assemblies: the .NET and ASP.NET Core shared frameworks and
        // every assembly this project references (the SDK packages, xunit, Polly, Refit, …).
        var tpa = (string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!;
        return [.. tpa.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Where(p => !Path.GetFileName(p).StartsWith("Exclusions.Docs.Tests", StringComparison.Ordinal))
            .Select(p => (MetadataReference)MetadataReference.CreateFromFile(p))];
    }

    /// <summary>Compiles <paramref name="snippet"/>; returns its errors, formatted with the Markdown file and line.</summary>
    public static IReadOnlyList<string> Errors(Snippet snippet)
    {
        var options = new CSharpParseOptions(LanguageVersion.Latest);
        var code = SyntaxFactory.ParseSyntaxTree(snippet.Code, options, path: snippet.File);
        var trees = new List<SyntaxTree> { code, SyntaxFactory.ParseSyntaxTree(Prelude, options, path: "prelude.cs") };
        if (snippet.Kind == SnippetKind.Fragment)
        {
            trees.Add(SyntaxFactory.ParseSyntaxTree(Ambient, options, path: "ambient.cs"));
        }

        var hasStatements = code.GetCompilationUnitRoot().Members.Any(m => m is Microsoft.CodeAnalysis.CSharp.Syntax.GlobalStatementSyntax);
        var compilation = CSharpCompilation.Create(
            "Snippet_" + Guid.NewGuid().ToString("N"),
            trees,
            References.Value,
            new CSharpCompilationOptions(
                hasStatements ? OutputKind.ConsoleApplication : OutputKind.DynamicallyLinkedLibrary,
                nullableContextOptions: NullableContextOptions.Enable));

        return [.. compilation.GetDiagnostics()
            .Where(d => d.Severity == DiagnosticSeverity.Error)
            .Select(d => Format(snippet, d))];
    }

    private static string Format(Snippet snippet, Diagnostic d)
    {
        var span = d.Location.GetLineSpan();
        var where = d.Location.SourceTree?.FilePath == snippet.File
            ? $"{snippet.File}:{snippet.Line + span.StartLinePosition.Line}:{span.StartLinePosition.Character + 1}"
            : span.Path;
        return $"{where}: {d.Id} {d.GetMessage(System.Globalization.CultureInfo.InvariantCulture)}";
    }
}
