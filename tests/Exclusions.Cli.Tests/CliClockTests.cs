using Exclusions.Client.Testing;
using Microsoft.Extensions.Time.Testing;

namespace Exclusions.Cli.Tests;

/// <summary>
/// The CLI's own "now" (an <c>--until</c> or a file's expiry must be in the future; <c>sync</c> copies only what is
/// active) comes from the console's <see cref="TimeProvider"/>, never from the wall clock: here a fake clock set
/// years ahead decides, and the real date would decide the other way.
/// </summary>
public sealed class CliClockTests
{
    private static readonly DateTimeOffset Future = new(2031, 6, 1, 0, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("add", "--provider", "topo", "--type", "email", "--value", "jane@acme.com", "--until", "2030-01-31")]
    [InlineData("update", "--provider", "topo", "--id", "3f1c2a8e-0000-4000-8000-000000000001", "--until", "2030-01-31")]
    public async Task An_until_before_the_clis_clock_is_refused_before_anything_is_sent(params string[] args)
    {
        await using var cli = await CliHarness.StartAsync();

        var run = await RunAtAsync(cli, Future, args);

        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Contains("--until", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("is not in the future", run.Stderr, StringComparison.Ordinal);
        Assert.Empty(cli.Emulator.Requests);
    }

    [Fact]
    public async Task An_until_in_a_file_before_the_clis_clock_is_refused_at_its_line()
    {
        await using var cli = await CliHarness.StartAsync();
        var file = cli.WriteFile("type,value,until\nemail,jane@acme.com,2030-01-31\n");

        var run = await RunAtAsync(cli, Future, "add", "--provider", "topo", "--file", file);

        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Contains("line 2", run.Stderr, StringComparison.Ordinal);
        Assert.Empty(cli.Emulator.Requests);
    }

    [Fact]
    public async Task Sync_copies_only_what_is_active_by_the_clis_clock()
    {
        await using var cli = await CliHarness.StartAsync();
        cli.Emulator.Topo.SeedContactExclusion("lapsed@acme.com", until: Future.AddYears(-1));

        var run = await RunAtAsync(cli, Future, "sync", "--from", "topo", "--to", "amplemarket", "--format", "json");

        Assert.True(run.ExitCode == 0, run.ToString());

        // Lapsed by the CLI's clock: not wanted at the destination, so neither sent nor reported (an active item with an
        // expiry would be reported Unsupported, as Amplemarket keeps no expiry).
        Assert.DoesNotContain("lapsed@acme.com", run.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain(cli.Emulator.Requests, r => r.Vendor == EmulatedVendor.Amplemarket && r.Method != "GET");
        Assert.Empty(cli.Emulator.Amplemarket.ExcludedEmails);
    }

    private static Task<CliRun> RunAtAsync(CliHarness cli, DateTimeOffset now, params string[] args) => cli.RunAtAsync(new FakeTimeProvider(now), args);
}
