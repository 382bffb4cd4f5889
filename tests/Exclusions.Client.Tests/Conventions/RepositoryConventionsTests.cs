using System.Reflection;
using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;

namespace Exclusions.Client.Tests.Conventions;

/// <summary>Rules a newcomer relies on when reading the code: names, one type per file, cited sources.</summary>
public sealed partial class RepositoryConventionsTests
{
    private static readonly string Root = FindRoot();

    [Fact]
    public void Every_source_file_declares_at_most_one_public_type_named_like_the_file()
    {
        var problems = new List<string>();
        foreach (var file in SourceFiles("src"))
        {
            var types = PublicTypeDeclaration().Matches(File.ReadAllText(file)).Select(m => m.Groups["name"].Value).ToList();
            var fileType = Path.GetFileNameWithoutExtension(file).Split('.')[0];
            if (types.Count > 1)
            {
                problems.Add($"{Relative(file)} declares {types.Count} public types: {string.Join(", ", types)}");
            }
            else if (types.Count == 1 && types[0] != fileType)
            {
                problems.Add($"{Relative(file)} declares {types[0]}");
            }
        }

        Assert.Empty(problems);
    }

    [Fact]
    public void No_type_of_the_sdk_has_a_name_one_letter_away_from_a_public_type()
    {
        var types = typeof(IExclusionClient).Assembly.GetTypes()
            .Where(t => !t.IsNested && t.GetCustomAttribute<CompilerGeneratedAttribute>() is null && !t.Name.StartsWith('<'))
            .ToArray();
        var publicNames = types.Where(t => t.IsPublic).Select(Name).ToHashSet(StringComparer.Ordinal);

        var confusable = from a in publicNames
                         from b in types.Select(Name).Distinct()
                         where a != b && OneEditApart(a, b)
                         select $"{a} ~ {b}";

        Assert.Empty(confusable);
    }

    [Fact]
    public void Code_cites_the_repository_vendor_behaviour_page_not_files_outside_the_repository()
    {
        var outside = SourceFiles("src", "tests", "samples", "benchmarks")
            .Where(f => Path.GetFileName(f) != Path.GetFileName(ThisFile()))
            .SelectMany(f => File.ReadLines(f).Select((line, i) => (f, line, i)))
            .Where(x => OutsideSource().IsMatch(x.line))
            .Select(x => $"{Relative(x.f)}:{x.i + 1}: {x.line.Trim()}");

        Assert.Empty(outside);
    }

    [Fact]
    public void Every_vendor_behaviour_anchor_cited_in_code_exists()
    {
        var page = Path.Combine(Root, "docs", "vendor-behaviour.md");
        var anchors = File.ReadLines(page)
            .Where(l => l.StartsWith('#'))
            .Select(l => Slug(l.TrimStart('#').Trim()))
            .ToHashSet(StringComparer.Ordinal);

        var cited = SourceFiles("src", "tests", "samples")
            .SelectMany(f => File.ReadLines(f).Select((line, i) => (f, line, i)))
            .SelectMany(x => CitedAnchor().Matches(x.line).Select(m => (x.f, x.i, anchor: m.Groups["anchor"].Value)))
            .ToList();

        Assert.NotEmpty(cited);
        Assert.Empty(cited.Where(c => !anchors.Contains(c.anchor)).Select(c => $"{Relative(c.f)}:{c.i + 1}: #{c.anchor}"));
    }

    private static string Name(Type type) => type.Name.Split('`')[0];

    /// <summary>GitHub's heading anchors: lower case, punctuation dropped, spaces to hyphens.</summary>
    internal static string Slug(string heading)
        => SlugDrop().Replace(heading.ToLowerInvariant(), string.Empty).Replace(' ', '-');

    private static bool OneEditApart(string a, string b)
    {
        if (Math.Abs(a.Length - b.Length) > 1)
        {
            return false;
        }

        int i = 0, j = 0, edits = 0;
        while (i < a.Length && j < b.Length)
        {
            if (a[i] == b[j])
            {
                i++;
                j++;
                continue;
            }

            if (++edits > 1)
            {
                return false;
            }

            if (a.Length > b.Length)
            {
                i++;
            }
            else if (b.Length > a.Length)
            {
                j++;
            }
            else
            {
                i++;
                j++;
            }
        }

        return edits + (a.Length - i) + (b.Length - j) == 1;
    }

    private static IEnumerable<string> SourceFiles(params string[] folders)
        => folders.Select(f => Path.Combine(Root, f))
            .Where(Directory.Exists)
            .SelectMany(d => Directory.EnumerateFiles(d, "*.cs", SearchOption.AllDirectories))
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal));

    private static string Relative(string path) => Path.GetRelativePath(Root, path);

    private static string ThisFile([CallerFilePath] string path = "") => path;

    private static string FindRoot()
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

    [GeneratedRegex(@"^public (?:(?:sealed|static|abstract|readonly|partial) )*(?:class|record struct|record|struct|enum|interface|delegate) (?:[\w<>.]+ )?(?<name>\w+)", RegexOptions.Multiline)]
    private static partial Regex PublicTypeDeclaration();

    [GeneratedRegex(@"FACTS\.md|vendor-docs|topo-exclusions\.txt|topo-api-overview\.txt|amplemarket-exclusion-lists\.txt")]
    private static partial Regex OutsideSource();

    [GeneratedRegex(@"vendor-behaviour\.md#(?<anchor>[a-z0-9-]+)|(?<=vendor-behaviour\.md#[a-z0-9-]+,\s*)#(?<anchor>[a-z0-9-]+)")]
    private static partial Regex CitedAnchor();

    [GeneratedRegex(@"[^a-z0-9 \-]")]
    private static partial Regex SlugDrop();
}
