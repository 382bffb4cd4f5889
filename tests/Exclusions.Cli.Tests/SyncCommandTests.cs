using System.Text.Json;

namespace Exclusions.Cli.Tests;

public sealed class SyncCommandTests
{
    [Fact]
    public async Task Adds_what_the_destination_lacks_reports_the_rest_and_never_deletes()
    {
        await using var cli = await CliHarness.StartAsync();
        cli.Emulator.Topo.SeedContactExclusion("jane@acme.com");
        cli.Emulator.Topo.SeedContactExclusion(null, linkedInUrl: "https://www.linkedin.com/in/john");
        cli.Emulator.Topo.SeedContactExclusion("ooo@acme.com", until: DateTimeOffset.UtcNow.AddDays(5));
        cli.Emulator.Topo.SeedContactExclusion("gone@acme.com", until: DateTimeOffset.UtcNow.AddDays(-5));
        cli.Emulator.Topo.SeedAccountExclusion("rival.com");
        cli.Emulator.Amplemarket.SeedDomain("rival.com");
        cli.Emulator.Amplemarket.SeedEmail("only-in-amplemarket@acme.com");

        var run = await cli.RunAsync("sync", "--from", "topo", "--to", "amplemarket", "--format", "json");

        Assert.True(run.ExitCode == 0, run.ToString());
        using var json = JsonDocument.Parse(run.Stdout);
        var outcomes = json.RootElement.GetProperty("items").EnumerateArray()
            .ToDictionary(i => i.GetProperty("value").GetString()!, i => i.GetProperty("outcome").GetString()!);
        Assert.Equal(
            new Dictionary<string, string>
            {
                ["jane@acme.com"] = "added",
                ["https://www.linkedin.com/in/john"] = "unsupported",
                ["ooo@acme.com"] = "unsupported",
                ["rival.com"] = "already_excluded",
            },
            outcomes);
        Assert.Equal(
            ["jane@acme.com", "only-in-amplemarket@acme.com"],
            cli.Emulator.Amplemarket.ExcludedEmails.Select(e => e.Value).Order().ToArray());
        Assert.DoesNotContain(cli.Emulator.Requests, r => r.Method == "DELETE");
    }

    [Fact]
    public async Task Dry_run_reports_what_would_be_added_and_writes_nothing()
    {
        await using var cli = await CliHarness.StartAsync();
        cli.Emulator.Amplemarket.SeedEmail("bob@globex.com");
        cli.Emulator.Amplemarket.SeedDomain("initech.com");
        cli.Emulator.Topo.SeedAccountExclusion("initech.com");

        var run = await cli.RunAsync("sync", "--from", "amplemarket", "--to", "topo", "--dry-run", "--format", "json");

        Assert.True(run.ExitCode == 0, run.ToString());
        using var json = JsonDocument.Parse(run.Stdout);
        var summary = json.RootElement.GetProperty("summary");
        Assert.Equal(1, summary.GetProperty("added").GetInt32());
        Assert.Equal(1, summary.GetProperty("already_excluded").GetInt32());
        Assert.Contains("Dry run", run.Stderr, StringComparison.Ordinal);
        Assert.All(cli.Emulator.Requests, r => Assert.Equal("GET", r.Method));
        Assert.Empty(cli.Emulator.Topo.ContactExclusions);
    }

    [Fact]
    public async Task Amplemarket_to_topo_sends_no_amplemarket_reason_as_a_topo_reason()
    {
        await using var cli = await CliHarness.StartAsync();
        cli.Emulator.Amplemarket.SeedEmail("bob@globex.com", excludedReason: "manual");

        // Amplemarket's excluded_reason is vendor text even when it spells a Topo code.
        cli.Emulator.Amplemarket.SeedEmail("ann@globex.com", excludedReason: "BOUNCED");

        var run = await cli.RunAsync("sync", "--from", "amplemarket", "--to", "topo", "--type", "email");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.All(cli.Emulator.Topo.ContactExclusions, e => Assert.Equal("OTHER", e.Reason));
        Assert.Equal(2, cli.Emulator.Topo.ContactExclusions.Count);
        Assert.Contains("added 2", run.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Type_limits_what_is_synced()
    {
        await using var cli = await CliHarness.StartAsync();
        cli.Emulator.Topo.SeedContactExclusion("jane@acme.com", reason: "BOUNCED", message: "bounced twice");
        cli.Emulator.Topo.SeedAccountExclusion("rival.com");

        var run = await cli.RunAsync("sync", "--from", "topo", "--to", "amplemarket", "--type", "domain", "--format", "csv");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal(["type,value,outcome,detail", "domain,rival.com,added,"], run.StdoutLines);
        Assert.Empty(cli.Emulator.Amplemarket.ExcludedEmails);
    }

    [Fact]
    public async Task The_same_provider_on_both_sides_is_a_usage_error()
    {
        await using var cli = await CliHarness.StartAsync();

        var run = await cli.RunAsync("sync", "--from", "topo", "--to", "topo");

        Assert.Equal(2, run.ExitCode);
        Assert.Empty(cli.Emulator.Requests);
    }
}
