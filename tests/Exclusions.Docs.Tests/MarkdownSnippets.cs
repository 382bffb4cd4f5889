using System.Text.RegularExpressions;

namespace Exclusions.Docs.Tests;

/// <summary>How a snippet is compiled.</summary>
public enum SnippetKind
{
    /// <summary>A whole program or file: compiles with only the shared usings (<see cref="SnippetCompiler.Prelude"/>).</summary>
    Complete,

    /// <summary>
    /// Deliberately partial (marked <c>&lt;!-- snippet: fragment --&gt;</c> on the line before the fence):
    /// it may also use the well-known variables of <see cref="SnippetCompiler.Ambient"/>
    /// (<c>builder</c>, <c>services</c>, <c>provider</c>, <c>ct</c>, …).
    /// </summary>
    Fragment,
}

/// <summary>One fenced <c>csharp</c> block of a Markdown file.</summary>
/// <param name="File">Path relative to the repository root, with forward slashes.</param>
/// <param name="Line">Line of the first code line (1-based, as an editor numbers it).</param>
/// <param name="Code">The block's text, without the fences.</param>
/// <param name="Kind">Complete or fragment.</param>
public sealed record Snippet(string File, int Line, string Code, SnippetKind Kind)
{
    /// <inheritdoc />
    public override string ToString() => $"{File}:{Line}";
}

/// <summary>Finds the C# blocks of the repository's Markdown documentation.</summary>
public static partial class MarkdownSnippets
{
    /// <summary>The marker for a deliberately partial block, alone on the line before its fence.</summary>
    public const string FragmentMarker = "<!-- snippet: fragment -->";

    [GeneratedRegex(@"^\s*(```+|~~~+)\s*(?<lang>[^\s`]*)")]
    private static partial Regex FenceOpen();

    /// <summary>The Markdown files whose snippets must compile: README.md, docs/*.md, samples/*/README.md.</summary>
    public static IEnumerable<string> DocumentationFiles(string root)
    {
        yield return Path.Combine(root, "README.md");
        foreach (var file in Directory.EnumerateFiles(Path.Combine(root, "docs"), "*.md").Order(StringComparer.Ordinal))
        {
            yield return file;
        }

        var samples = Path.Combine(root, "samples");
        if (Directory.Exists(samples))
        {
            foreach (var dir in Directory.EnumerateDirectories(samples).Order(StringComparer.Ordinal))
            {
                var readme = Path.Combine(dir, "README.md");
                if (File.Exists(readme))
                {
                    yield return readme;
                }
            }
        }
    }

    /// <summary>Every <c>csharp</c> (or <c>cs</c>, <c>c#</c>) block of <paramref name="markdown"/>.</summary>
    public static IEnumerable<Snippet> Extract(string relativePath, string markdown)
    {
        var lines = markdown.ReplaceLineEndings("\n").Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var open = FenceOpen().Match(lines[i]);
            if (!open.Success)
            {
                continue;
            }

            var fence = open.Groups[1].Value;
            var lang = open.Groups["lang"].Value.ToLowerInvariant();
            var start = i + 1;
            var end = start;
            while (end < lines.Length && !lines[end].TrimStart().StartsWith(fence, StringComparison.Ordinal))
            {
                end++;
            }

            if (lang is "csharp" or "cs" or "c#")
            {
                var kind = PreviousNonBlank(lines, i) == FragmentMarker ? SnippetKind.Fragment : SnippetKind.Complete;
                yield return new Snippet(relativePath, start + 1, string.Join('\n', lines[start..end]), kind);
            }

            i = end; // skip to the closing fence
        }
    }

    private static string? PreviousNonBlank(string[] lines, int index)
    {
        for (var j = index - 1; j >= 0; j--)
        {
            if (!string.IsNullOrWhiteSpace(lines[j]))
            {
                return lines[j].Trim();
            }
        }

        return null;
    }

    /// <summary>The repository root: the nearest parent of the test binaries holding Exclusions.Client.sln.</summary>
    public static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Exclusions.Client.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Exclusions.Client.sln not found above " + AppContext.BaseDirectory);
    }

    /// <summary>All snippets of the repository's documentation.</summary>
    public static IReadOnlyList<Snippet> All()
    {
        var root = RepositoryRoot();
        return DocumentationFiles(root)
            .SelectMany(f => Extract(Path.GetRelativePath(root, f).Replace('\\', '/'), File.ReadAllText(f)))
            .ToList();
    }
}
