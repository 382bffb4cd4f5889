namespace Exclusions.Cli.Tests;

/// <summary>
/// docs/normalization.md, Error messages: a value echoed in an error is at most ~80 characters (then its length)
/// and control, invisible and bidirectional characters are escaped as \u{XXXX}, for every option and variable
/// the user gives, not only CSV cells: a 1 MB value or an ESC sequence must not reach the terminal raw.
/// </summary>
public sealed class EchoedValueTests
{
    private static readonly string Huge = new('x', 1 << 20);

    /// <summary>NUL, ESC starting a terminal colour sequence, and a right-to-left override.</summary>
    private const string Hostile = "ab\u0000c\u001b[31mred\u202Eevil";

    public static TheoryData<string, string> Values => new()
    {
        { "huge", Huge },
        { "hostile", Hostile },
    };

    [Theory]
    [MemberData(nameof(Values))]
    public async Task Update_id(string kind, string value)
    {
        await using var cli = await CliHarness.StartAsync();

        var run = await cli.RunAsync("update", "--provider", "topo", "--id", value, "--reason", "OTHER");

        AssertEchoedSafely(run, kind, "--id ");
    }

    [Theory]
    [InlineData("huge", "TOPO_BASE_URL")]
    [InlineData("hostile", "TOPO_BASE_URL")]
    [InlineData("huge", "TOPO_RATE_LIMIT")]
    [InlineData("hostile", "TOPO_RATE_LIMIT")]
    [InlineData("huge", "AMPLEMARKET_RATE_LIMIT")]
    [InlineData("hostile", "AMPLEMARKET_BASE_URL")]
    public async Task Environment_variables(string kind, string variable)
    {
        await using var cli = await CliHarness.StartAsync();
        cli.Environment[variable] = kind == "huge" ? Huge : Hostile;

        var run = await cli.RunAsync("list", "--provider", variable.StartsWith("TOPO", StringComparison.Ordinal) ? "topo" : "amplemarket");

        AssertEchoedSafely(run, kind, variable);
    }

    [Fact]
    public async Task A_plain_http_base_url_names_its_host_escaped()
    {
        await using var cli = await CliHarness.StartAsync();
        cli.Environment["TOPO_BASE_URL"] = "http://" + new string('h', 200) + ".example.com/";

        var run = await cli.RunAsync("list", "--provider", "topo");

        AssertEchoedSafely(run, "huge", "which is not loopback");
    }

    [Theory]
    [MemberData(nameof(Values))]
    public async Task File_paths(string kind, string value)
    {
        await using var cli = await CliHarness.StartAsync();

        // A path cannot hold NUL (that is its own test below); the other characters stay.
        value = value.Replace('\u0000', '\u0001');

        var check = await cli.RunAsync("check", "--provider", "topo", "--file", value);
        var add = await cli.RunAsync("add", "--provider", "topo", "--file", value);

        AssertEchoedSafely(check, kind, "file not found");
        AssertEchoedSafely(add, kind, "file not found");
    }

    [Theory]
    [MemberData(nameof(Values))]
    public async Task Parser_errors(string kind, string value)
    {
        await using var cli = await CliHarness.StartAsync();

        // Not one of the choices; not a number; not an option at all; a value after '='.
        foreach (var args in new[]
        {
            new[] { "list", "--provider", value },
            ["list", "--provider", "topo", "--concurrency", value],
            ["list", "--provider", "topo", value],
            ["list", "--provider=" + value],
        })
        {
            var run = await cli.RunAsync(args);
            AssertEchoedSafely(run, kind, "error: ");
        }
    }

    /// <summary>The parser's FileInfo conversion throws on a NUL in a path: exit 2, never an unhandled exception.</summary>
    [Fact]
    public async Task A_nul_in_a_file_path_is_exit_2_not_a_crash()
    {
        await using var cli = await CliHarness.StartAsync();

        var run = await cli.RunAsync("check", "--provider", "topo", "--file", "a\u0000b.csv");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("Null character in path", run.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain('\u0000', run.Stderr);
    }

    /// <summary>A range validator read the value with GetValueOrDefault, which throws when it does not parse: exit 134 before.</summary>
    [Theory]
    [InlineData("list", "--provider", "topo", "--concurrency", "abc")]
    [InlineData("list", "--provider", "amplemarket", "--rate-limit-wait", "1e9")]
    [InlineData("outbox", "status", "--store", "x.db", "--limit", "many")]
    public async Task An_option_that_does_not_parse_is_exit_2_not_a_crash(params string[] args)
    {
        await using var cli = await CliHarness.StartAsync();

        var run = await cli.RunAsync(args);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("Cannot parse argument '", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void The_parser_message_helper_keeps_clean_text_and_escapes_what_it_does_not_know()
    {
        Assert.Equal("Unrecognized command or argument 'abc'.", CliApp.EchoedSafely("Unrecognized command or argument 'abc'.", ["abc"]));
        Assert.Equal("Unrecognized command or argument \"a\\u{001B}b\".", CliApp.EchoedSafely("Unrecognized command or argument 'a\u001bb'.", ["a\u001bb"]));
        Assert.Equal("x \\u{000A} y \\u{202E}", CliApp.EchoedSafely("x \n y \u202E", []));
    }

    private static void AssertEchoedSafely(CliRun run, string kind, string expected)
    {
        Assert.Equal(2, run.ExitCode);
        Assert.Contains(expected, run.Stderr, StringComparison.Ordinal);
        Assert.True(run.Stderr.Length < 2_000, $"stderr is {run.Stderr.Length} characters: {run.Stderr[..Math.Min(300, run.Stderr.Length)]}");
        foreach (var c in run.Stderr)
        {
            Assert.False(c < ' ' && c != '\n' && c != '\r', $"raw U+{(int)c:X4} in stderr: {run}");
            Assert.False(c is '\u202E' or '\u007F', $"raw U+{(int)c:X4} in stderr: {run}");
        }

        if (kind == "huge")
        {
            Assert.Contains(" characters)", run.Stderr, StringComparison.Ordinal);
        }
        else
        {
            Assert.Contains("\\u{001B}", run.Stderr, StringComparison.Ordinal);
        }
    }
}
