using System.Text.Json;

namespace Exclusions.Cli.Tests;

public sealed class RemoveCommandTests
{
    [Fact]
    public async Task Topo_finds_by_exact_match_then_deletes_by_id()
    {
        await using var cli = await CliHarness.StartAsync();
        var jane = cli.Emulator.Topo.SeedContactExclusion("jane@acme.com");
        cli.Emulator.Topo.SeedContactExclusion("janet@acme.com");

        var run = await cli.RunAsync("remove", "--provider", "topo", "--type", "email", "--value", "Jane@Acme.com", "--format", "json");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal(
            """{"items":[{"type":"email","value":"jane@acme.com","outcome":"removed","detail":null}],"summary":{"added":0,"already_excluded":0,"removed":1,"not_found":0,"unsupported":0,"failed":0}}""",
            run.Stdout.Trim());
        Assert.Contains(cli.Emulator.Requests, r => r.Method == "GET" && (r.Query.Contains("jane%40acme.com", StringComparison.OrdinalIgnoreCase) || r.Query.Contains("jane@acme.com", StringComparison.OrdinalIgnoreCase)));
        Assert.Contains(cli.Emulator.Requests, r => r.Method == "DELETE" && r.Path.EndsWith(jane.Id.ToString(), StringComparison.OrdinalIgnoreCase));
        Assert.Equal("janet@acme.com", Assert.Single(cli.Emulator.Topo.ContactExclusions).Email);
    }

    [Theory]
    [InlineData("topo")]
    [InlineData("amplemarket")]
    public async Task A_file_reports_removed_and_not_found_per_row(string provider)
    {
        await using var cli = await CliHarness.StartAsync();
        if (provider == "topo")
        {
            cli.Emulator.Topo.SeedAccountExclusion("rival.com");
        }
        else
        {
            cli.Emulator.Amplemarket.SeedDomain("rival.com");
        }

        // reason/message/until columns are allowed and ignored by remove.
        var file = cli.WriteFile("type,value,reason\ndomain,rival.com,OTHER\nemail,nobody@acme.com,\ndomain,https://www.other-rival.com/,\n");

        var run = await cli.RunAsync("remove", "--provider", provider, "--file", file, "--format", "json");

        Assert.True(run.ExitCode == 0, run.ToString());
        using var json = JsonDocument.Parse(run.Stdout);
        Assert.Equal(
            ["removed", "not_found", "not_found"],
            json.RootElement.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("outcome").GetString()!).ToArray());
        Assert.Equal(1, json.RootElement.GetProperty("summary").GetProperty("removed").GetInt32());
        Assert.Equal(2, json.RootElement.GetProperty("summary").GetProperty("not_found").GetInt32());
        Assert.Empty(cli.Emulator.Topo.AccountExclusions);
        Assert.Empty(cli.Emulator.Amplemarket.ExcludedDomains);
    }

    [Fact]
    public async Task A_crm_synced_record_is_unsupported()
    {
        await using var cli = await CliHarness.StartAsync();
        cli.Emulator.Amplemarket.SeedEmail("crm@acme.com", source: "salesforce");

        var run = await cli.RunAsync("remove", "--provider", "amplemarket", "--type", "email", "--value", "crm@acme.com", "--format", "csv");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.StartsWith("email,crm@acme.com,unsupported", run.StdoutLines[1], StringComparison.Ordinal);
        Assert.Single(cli.Emulator.Amplemarket.ExcludedEmails);
    }

    [Fact]
    public async Task An_invalid_file_sends_nothing()
    {
        await using var cli = await CliHarness.StartAsync();
        cli.Emulator.Topo.SeedContactExclusion("jane@acme.com");
        var file = cli.WriteFile("type,value\r\nemail,jane@acme.com\r\ndomain,not a domain\r\n");

        var run = await cli.RunAsync("remove", "--provider", "topo", "--file", file);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("line 3: ", run.Stderr, StringComparison.Ordinal);
        Assert.Empty(cli.Emulator.Requests);
        Assert.Single(cli.Emulator.Topo.ContactExclusions);
    }
}
