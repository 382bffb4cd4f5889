using Exclusions.Client.Testing;

namespace Exclusions.Cli.Tests;

/// <summary>
/// What the CLI logs on stderr, counted per level for one successful and one failing call: nothing by
/// default, one <c>info:</c> line per request with <c>--verbose</c>, and the retries as <c>debug:</c>
/// lines (never Polly's lines, never an address). Runs use <c>--quiet</c>: on a slow machine a list prints
/// progress lines too, which are ProgressTests' subject, not logging.
/// </summary>
public sealed class LoggingTests
{
    [Fact]
    public async Task A_successful_call_logs_nothing_by_default_and_one_info_line_with_verbose()
    {
        await using var cli = await CliHarness.StartAsync();

        var quiet = await cli.RunAsync("list", "--provider", "topo", "--type", "email", "--format", "json", "--quiet");
        var before = cli.Emulator.Requests.Count;
        var verbose = await cli.RunAsync("list", "--provider", "topo", "--type", "email", "--format", "json", "--quiet", "--verbose");

        Assert.Equal(1, cli.Emulator.Requests.Count - before);
        Assert.True(quiet.ExitCode == 0, quiet.ToString());
        Assert.Empty(quiet.Stderr);
        Assert.True(verbose.ExitCode == 0, verbose.ToString());
        var levels = Levels(verbose.Stderr);
        Assert.Equal(1, levels.GetValueOrDefault("info"));
        Assert.Equal(1, levels.Values.Sum());
        Assert.Matches(@"^info: Exclusions\.Client\.Topo GET /contact-exclusions returned 200 in [\d.]+ ms \(1 attempt\(s\), request id [^)]+\)$", verbose.Stderr.Trim());
    }

    [Fact]
    public async Task A_call_failing_after_retries_is_one_info_line_and_a_debug_line_per_retry_with_verbose()
    {
        await using var cli = await CliHarness.StartAsync();
        cli.Emulator.Faults.Add(FaultRule.RateLimit(TimeSpan.Zero) with { Vendor = EmulatedVendor.Topo, Method = "GET", Times = 8 });

        var quiet = await cli.RunAsync("list", "--provider", "topo", "--type", "email", "--format", "json", "--quiet");
        var verbose = await cli.RunAsync("list", "--provider", "topo", "--type", "email", "--format", "json", "--quiet", "--verbose");

        Assert.NotEqual(0, quiet.ExitCode);
        Assert.DoesNotContain("info:", quiet.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("debug:", quiet.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", quiet.Stderr, StringComparison.Ordinal);

        Assert.NotEqual(0, verbose.ExitCode);
        var levels = Levels(verbose.Stderr);
        Assert.Equal(1, levels.GetValueOrDefault("info"));
        Assert.Equal(3, levels.GetValueOrDefault("debug"));
        Assert.Contains("info: Exclusions.Client.Topo GET /contact-exclusions returned 429 in", verbose.Stderr, StringComparison.Ordinal);
        Assert.Contains("(4 attempt(s), request id", verbose.Stderr, StringComparison.Ordinal);
        Assert.Contains("debug: Exclusions.Client.Topo GET /contact-exclusions: retry 3 of 3", verbose.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("Polly", verbose.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("Execution attempt", verbose.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verbose_never_prints_the_debug_lines_that_carry_addresses()
    {
        await using var cli = await CliHarness.StartAsync();

        var run = await cli.RunAsync("add", "--provider", "amplemarket", "--type", "email", "--value", "jane@acme.com", "--format", "json", "--verbose");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.DoesNotContain("jane@acme.com", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("info: Exclusions.Client.Amplemarket POST", run.Stderr, StringComparison.Ordinal);
    }

    /// <summary>Log lines per level label (<c>info</c>, <c>debug</c>, <c>warn</c>…); other stderr lines are not counted.</summary>
    private static Dictionary<string, int> Levels(string stderr)
        => stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => l.Split(':', 2)[0])
            .Where(label => label is "debug" or "info" or "warn" or "crit" or "trace")
            .GroupBy(label => label)
            .ToDictionary(g => g.Key, g => g.Count());
}
