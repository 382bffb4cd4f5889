using System.Text.Json;

namespace Exclusions.Cli.Tests;

public sealed class ListCommandTests
{
    private const string CsvHeader = "provider,type,value,reason,message,until,source,id,created_at";

    [Fact]
    public async Task Csv_has_the_exact_header_and_one_row_per_target_with_empty_cells_where_the_vendor_has_no_value()
    {
        await using var cli = await CliHarness.StartAsync();
        var until = new DateTimeOffset(2031, 5, 6, 7, 8, 9, TimeSpan.Zero);
        var created = new DateTimeOffset(2024, 1, 2, 3, 4, 5, TimeSpan.Zero);
        var contact = cli.Emulator.Topo.SeedContactExclusion("jane@acme.com", reason: "UNSUBSCRIBED", message: "said \"stop\", twice", until: until, createdAt: created);
        var account = cli.Emulator.Topo.SeedAccountExclusion("rival.com", createdAt: created);

        var run = await cli.RunAsync("list", "--provider", "topo", "--format", "csv");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal(
            [
                CsvHeader,
                $"topo,email,jane@acme.com,UNSUBSCRIBED,\"said \"\"stop\"\", twice\",2031-05-06T07:08:09Z,,{contact.Id},2024-01-02T03:04:05Z",
                $"topo,domain,rival.com,COMPETITOR,,,,{account.Id},2024-01-02T03:04:05Z",
            ],
            run.StdoutLines);
    }

    [Fact]
    public async Task Csv_of_an_empty_list_is_the_header_alone()
    {
        await using var cli = await CliHarness.StartAsync();

        var run = await cli.RunAsync("list", "--provider", "amplemarket", "--format", "csv");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal([CsvHeader], run.StdoutLines);
    }

    [Fact]
    public async Task Json_is_an_array_of_objects_with_every_key_and_null_where_the_vendor_has_no_value()
    {
        await using var cli = await CliHarness.StartAsync();
        cli.Emulator.Amplemarket.SeedEmail("bob@globex.com", source: "salesforce", excludedReason: "api", dateAdded: new DateTimeOffset(2024, 3, 4, 5, 6, 7, TimeSpan.Zero));

        var run = await cli.RunAsync("list", "--provider", "amplemarket", "--format", "json");

        Assert.True(run.ExitCode == 0, run.ToString());
        using var json = JsonDocument.Parse(run.Stdout);
        var item = Assert.Single(json.RootElement.EnumerateArray());
        Assert.Equal(
            ["provider", "type", "value", "reason", "message", "until", "source", "id", "created_at"],
            item.EnumerateObject().Select(p => p.Name).ToArray());
        Assert.Equal("amplemarket", item.GetProperty("provider").GetString());
        Assert.Equal("email", item.GetProperty("type").GetString());
        Assert.Equal("bob@globex.com", item.GetProperty("value").GetString());
        Assert.Equal("api", item.GetProperty("reason").GetString());
        Assert.Equal(JsonValueKind.Null, item.GetProperty("message").ValueKind);
        Assert.Equal(JsonValueKind.Null, item.GetProperty("until").ValueKind);
        Assert.Equal("salesforce", item.GetProperty("source").GetString());
        Assert.Equal(JsonValueKind.Null, item.GetProperty("id").ValueKind);
        Assert.Equal("2024-03-04T05:06:07Z", item.GetProperty("created_at").GetString());
    }

    [Fact]
    public async Task Lists_every_page()
    {
        await using var cli = await CliHarness.StartAsync();
        for (var i = 0; i < 2_500; i++)
        {
            cli.Emulator.Amplemarket.SeedEmail($"person{i:D4}@acme.com");
        }

        var run = await cli.RunAsync("list", "--provider", "amplemarket", "--format", "json");

        Assert.True(run.ExitCode == 0, run.ToString());
        using var json = JsonDocument.Parse(run.Stdout);
        Assert.Equal(2_500, json.RootElement.GetArrayLength());
        var gets = cli.Emulator.Requests.Where(r => r.Method == "GET").ToList();
        Assert.InRange(gets.Count, 2, 3);
        Assert.Contains("size=2000", gets[0].Query, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Type_filters_the_list()
    {
        await using var cli = await CliHarness.StartAsync();
        cli.Emulator.Topo.SeedContactExclusion("jane@acme.com", linkedInUrl: "https://www.linkedin.com/in/jane");
        cli.Emulator.Topo.SeedAccountExclusion("rival.com");

        var run = await cli.RunAsync("list", "--provider", "topo", "--type", "linkedin", "--format", "csv");

        Assert.Equal(0, run.ExitCode);
        var row = Assert.Single(run.StdoutLines.Skip(1));
        Assert.StartsWith("topo,linkedin,https://www.linkedin.com/in/jane,", row, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Table_is_the_default_and_shows_every_exclusion()
    {
        await using var cli = await CliHarness.StartAsync();
        cli.Emulator.Topo.SeedContactExclusion("jane@acme.com");
        cli.Emulator.Topo.SeedAccountExclusion("rival.com");

        var run = await cli.RunAsync("list", "--provider", "topo");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("Provider", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("Created at", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("jane@acme.com", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("rival.com", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("2 exclusion(s)", run.Stdout, StringComparison.Ordinal);

        // Redirected output is never wrapped: each exclusion stays on one line.
        Assert.Single(run.StdoutLines, l => l.Contains("jane@acme.com", StringComparison.Ordinal));
    }
}
