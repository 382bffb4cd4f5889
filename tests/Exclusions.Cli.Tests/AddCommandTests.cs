using System.Text.Json;
using Exclusions.Client.Testing;

namespace Exclusions.Cli.Tests;

public sealed class AddCommandTests
{
    [Fact]
    public async Task Json_result_has_the_documented_shape()
    {
        await using var cli = await CliHarness.StartAsync();

        var run = await cli.RunAsync("add", "--provider", "topo", "--type", "email", "--value", "a@b.com", "--format", "json");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal(
            """{"items":[{"type":"email","value":"a@b.com","outcome":"added","detail":null}],"summary":{"added":1,"already_excluded":0,"removed":0,"not_found":0,"unsupported":0,"failed":0}}""",
            run.Stdout.Trim());
        Assert.Equal("a@b.com", Assert.Single(cli.Emulator.Topo.ContactExclusions).Email);
    }

    [Fact]
    public async Task Values_are_normalized_before_sending()
    {
        await using var cli = await CliHarness.StartAsync();

        var email = await cli.RunAsync("add", "--provider", "amplemarket", "--type", "email", "--value", "  Jane.Doe@ACME.com ", "--format", "json");
        var domain = await cli.RunAsync("add", "--provider", "amplemarket", "--type", "domain", "--value", "https://Shop.Rival.COM/about?x=1", "--format", "json");

        Assert.True(email.ExitCode == 0, email.ToString());
        Assert.True(domain.ExitCode == 0, domain.ToString());
        Assert.Equal("jane.doe@acme.com", Assert.Single(cli.Emulator.Amplemarket.ExcludedEmails).Value);
        Assert.Equal("shop.rival.com", Assert.Single(cli.Emulator.Amplemarket.ExcludedDomains).Value);
        Assert.Contains("\"value\":\"shop.rival.com\"", domain.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_invalid_value_is_a_usage_error_and_nothing_is_sent()
    {
        await using var cli = await CliHarness.StartAsync();

        var run = await cli.RunAsync("add", "--provider", "topo", "--type", "email", "--value", "not-an-address");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("not-an-address", run.Stderr, StringComparison.Ordinal);
        Assert.Empty(cli.Emulator.Requests);
    }

    [Fact]
    public async Task A_file_is_sent_row_by_row_with_optional_columns_in_any_order_and_extra_columns_ignored()
    {
        await using var cli = await CliHarness.StartAsync();
        var file = cli.WriteFile(
            "note,value,until,type,reason,message\n"
            + "ignored,jane@acme.com,2031-01-01T00:00:00Z,email,unsubscribed,Asked by phone\n"
            + "ignored,https://www.linkedin.com/in/john-doe/,,linkedin,,\n"
            + "ignored,rival.com,,domain,COMPETITOR,\n");

        var run = await cli.RunAsync("add", "--provider", "topo", "--file", file, "--format", "json");

        Assert.True(run.ExitCode == 0, run.ToString());
        using var json = JsonDocument.Parse(run.Stdout);
        Assert.Equal(["added", "added", "added"], json.RootElement.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("outcome").GetString()!).ToArray());
        var jane = cli.Emulator.Topo.ContactExclusions.Single(c => c.Email == "jane@acme.com");
        Assert.Equal("UNSUBSCRIBED", jane.Reason);
        Assert.Equal("Asked by phone", jane.Message);
        Assert.Equal(new DateTimeOffset(2031, 1, 1, 0, 0, 0, TimeSpan.Zero), jane.Until);
        Assert.Equal("OTHER", cli.Emulator.Topo.ContactExclusions.Single(c => c.LinkedInUrl is not null).Reason);
        Assert.Equal("COMPETITOR", Assert.Single(cli.Emulator.Topo.AccountExclusions).Reason);
    }

    [Fact]
    public async Task Any_invalid_row_fails_the_whole_file_with_each_bad_line_reported_and_nothing_sent()
    {
        await using var cli = await CliHarness.StartAsync();
        var file = cli.WriteFile(
            "type,value,message\n"                      // line 1
            + "email,ok@acme.com,\"a note\nover two lines\"\n" // lines 2-3
            + "email,not-an-address,\n"                 // line 4
            + "\n"                                      // line 5 (blank)
            + "fax,0123,\n"                             // line 6
            + "domain,rival.com,\n"                     // line 7
            + "email,,\n");                             // line 8

        var run = await cli.RunAsync("add", "--provider", "topo", "--file", file);

        Assert.Equal(2, run.ExitCode);
        var lines = run.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r')).ToArray();
        Assert.StartsWith("line 4: \"not-an-address\" is not a valid e-mail address", lines[0], StringComparison.Ordinal);
        Assert.Equal("line 6: type \"fax\" is not one of email, linkedin, domain", lines[1]);
        Assert.StartsWith("line 8: ", lines[2], StringComparison.Ordinal);
        Assert.Contains("nothing was sent", lines[3], StringComparison.Ordinal);
        Assert.Equal(4, lines.Length);
        Assert.Empty(run.Stdout);
        Assert.Empty(cli.Emulator.Requests);
    }

    [Fact]
    public async Task A_file_without_the_required_columns_is_refused_and_nothing_sent()
    {
        await using var cli = await CliHarness.StartAsync();
        var file = cli.WriteFile("email\njane@acme.com\n");

        var run = await cli.RunAsync("add", "--provider", "amplemarket", "--file", file);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("line 1:", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("'type' or 'value'", run.Stderr, StringComparison.Ordinal);
        Assert.Empty(cli.Emulator.Requests);
    }

    [Fact]
    public async Task An_until_in_the_past_is_invalid_input()
    {
        await using var cli = await CliHarness.StartAsync();
        var file = cli.WriteFile("type,value,until\nemail,a@acme.com,2001-01-01\n");

        var run = await cli.RunAsync("add", "--provider", "topo", "--file", file);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("line 2: until \"2001-01-01\" is not in the future", run.Stderr, StringComparison.Ordinal);
        Assert.Empty(cli.Emulator.Requests);
    }

    [Theory]
    [InlineData("topo")]
    [InlineData("amplemarket")]
    public async Task Duplicate_rows_are_sent_once_and_reported_for_every_row(string provider)
    {
        await using var cli = await CliHarness.StartAsync();
        var file = cli.WriteFile("type,value\nemail,jane@acme.com\nemail, JANE@Acme.com \ndomain,acme.com\nemail,jane@acme.com\n");

        var run = await cli.RunAsync("add", "--provider", provider, "--file", file, "--format", "json");

        Assert.True(run.ExitCode == 0, run.ToString());
        using var json = JsonDocument.Parse(run.Stdout);
        var items = json.RootElement.GetProperty("items").EnumerateArray().ToArray();
        Assert.Equal(4, items.Length);
        Assert.Equal(["jane@acme.com", "jane@acme.com", "acme.com", "jane@acme.com"], items.Select(i => i.GetProperty("value").GetString()!).ToArray());
        Assert.All(items, i => Assert.Equal("added", i.GetProperty("outcome").GetString()));
        Assert.Equal(4, json.RootElement.GetProperty("summary").GetProperty("added").GetInt32());

        var sent = cli.Emulator.Requests.Where(r => r.Method == "POST").Select(r => r.Body ?? string.Empty).ToArray();
        Assert.Equal(1, sent.Sum(body => CountOf(body, "jane@acme.com")));
        Assert.Equal(1, sent.Sum(body => CountOf(body, "\"acme.com\"")));
    }

    [Fact]
    public async Task A_topo_409_is_already_excluded()
    {
        await using var cli = await CliHarness.StartAsync();
        cli.Emulator.Topo.SeedContactExclusion("jane@acme.com");

        var run = await cli.RunAsync("add", "--provider", "topo", "--type", "email", "--value", "jane@acme.com", "--format", "json");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains(cli.Emulator.Requests, r => r.Method == "POST" && r.StatusCode == 409);
        using var json = JsonDocument.Parse(run.Stdout);
        Assert.Equal("already_excluded", json.RootElement.GetProperty("items")[0].GetProperty("outcome").GetString());
        Assert.Equal(1, json.RootElement.GetProperty("summary").GetProperty("already_excluded").GetInt32());
        Assert.Single(cli.Emulator.Topo.ContactExclusions);
    }

    [Fact]
    public async Task Amplemarket_items_with_until_or_linkedin_are_unsupported_and_reason_and_message_are_not_sent()
    {
        await using var cli = await CliHarness.StartAsync();
        var file = cli.WriteFile(
            "type,value,until,reason,message\n"
            + "email,later@acme.com,2031-01-01T00:00:00Z,,\n"
            + "linkedin,https://www.linkedin.com/in/jane,,,\n"
            + "email,now@acme.com,,UNSUBSCRIBED,secret-note-xyz\n");

        var run = await cli.RunAsync("add", "--provider", "amplemarket", "--file", file, "--format", "json");

        Assert.True(run.ExitCode == 0, run.ToString());
        using var json = JsonDocument.Parse(run.Stdout);
        Assert.Equal(
            ["unsupported", "unsupported", "added"],
            json.RootElement.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("outcome").GetString()!).ToArray());
        Assert.Equal(2, json.RootElement.GetProperty("summary").GetProperty("unsupported").GetInt32());
        Assert.Equal("now@acme.com", Assert.Single(cli.Emulator.Amplemarket.ExcludedEmails).Value);
        var body = Assert.Single(cli.Emulator.Requests, r => r.Method == "POST").Body!;
        Assert.DoesNotContain("later@acme.com", body, StringComparison.Ordinal);
        Assert.DoesNotContain("secret-note-xyz", body, StringComparison.Ordinal);
        Assert.DoesNotContain("UNSUBSCRIBED", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_until_option_makes_an_amplemarket_add_unsupported()
    {
        await using var cli = await CliHarness.StartAsync();

        var run = await cli.RunAsync("add", "--provider", "amplemarket", "--type", "email", "--value", "a@acme.com", "--until", "2031-01-01", "--format", "json");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("\"outcome\":\"unsupported\"", run.Stdout, StringComparison.Ordinal);
        Assert.Empty(cli.Emulator.Amplemarket.ExcludedEmails);
    }

    [Fact]
    public async Task A_failed_item_exits_1_and_every_other_item_is_still_processed()
    {
        await using var cli = await CliHarness.StartAsync();

        // Topo refuses a reason code it does not know (400): that item fails, the others go on.
        var file = cli.WriteFile("type,value,reason\nemail,first@acme.com,\nemail,bad@acme.com,NOT_A_REASON\nemail,last@acme.com,\n");

        var run = await cli.RunAsync("add", "--provider", "topo", "--file", file, "--format", "json");

        Assert.Equal(1, run.ExitCode);
        using var json = JsonDocument.Parse(run.Stdout);
        var items = json.RootElement.GetProperty("items").EnumerateArray().ToArray();
        Assert.Equal(["added", "failed", "added"], items.Select(i => i.GetProperty("outcome").GetString()!).ToArray());
        Assert.False(string.IsNullOrEmpty(items[1].GetProperty("detail").GetString()));
        Assert.Equal(1, json.RootElement.GetProperty("summary").GetProperty("failed").GetInt32());
        Assert.Equal(["first@acme.com", "last@acme.com"], cli.Emulator.Topo.ContactExclusions.Select(c => c.Email!).Order().ToArray());
        Assert.Contains("1 item(s) failed", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_write_whose_response_was_lost_is_added_or_already_excluded_never_failed_nor_duplicated()
    {
        await using var cli = await CliHarness.StartAsync();
        cli.Emulator.Faults.Add(FaultRule.ApplyThenDropResponse() with { Vendor = EmulatedVendor.Topo, Method = "POST", Times = 1 });

        var run = await cli.RunAsync("add", "--provider", "topo", "--type", "email", "--value", "jane@acme.com", "--format", "json");

        Assert.True(run.ExitCode == 0, run.ToString());
        var outcome = JsonDocument.Parse(run.Stdout).RootElement.GetProperty("items")[0].GetProperty("outcome").GetString();
        Assert.Contains(outcome, new[] { "added", "already_excluded" });
        Assert.Single(cli.Emulator.Topo.ContactExclusions);
    }

    [Fact]
    public async Task Table_output_lists_each_item_and_the_counts()
    {
        await using var cli = await CliHarness.StartAsync();

        var run = await cli.RunAsync("add", "--provider", "amplemarket", "--type", "domain", "--value", "rival.com");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("Outcome", run.Stdout, StringComparison.Ordinal);
        Assert.Single(run.StdoutLines, l => l.Contains("rival.com", StringComparison.Ordinal) && l.Contains("added", StringComparison.Ordinal));
        Assert.Contains("added 1, already_excluded 0, removed 0, not_found 0, unsupported 0, failed 0", run.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Csv_result_has_one_row_per_item()
    {
        await using var cli = await CliHarness.StartAsync();

        var run = await cli.RunAsync("add", "--provider", "amplemarket", "--type", "linkedin", "--value", "https://www.linkedin.com/in/jane", "--format", "csv");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal("type,value,outcome,detail", run.StdoutLines[0]);
        Assert.StartsWith("linkedin,https://www.linkedin.com/in/jane,unsupported,", run.StdoutLines[1], StringComparison.Ordinal);
        Assert.Empty(cli.Emulator.Requests);
    }

    [Theory]
    [InlineData("--type", "email")]
    [InlineData("--value", "a@acme.com")]
    public async Task Type_and_value_go_together(string option, string value)
    {
        await using var cli = await CliHarness.StartAsync();

        var run = await cli.RunAsync("add", "--provider", "topo", option, value);

        Assert.Equal(2, run.ExitCode);
        Assert.Empty(cli.Emulator.Requests);
    }

    [Fact]
    public async Task A_file_and_a_value_together_are_a_usage_error()
    {
        await using var cli = await CliHarness.StartAsync();
        var file = cli.WriteFile("type,value\nemail,a@acme.com\n");

        var run = await cli.RunAsync("add", "--provider", "topo", "--file", file, "--type", "email", "--value", "b@acme.com");

        Assert.Equal(2, run.ExitCode);
        Assert.Empty(cli.Emulator.Requests);
    }

    private static int CountOf(string text, string value)
    {
        var count = 0;
        for (var i = text.IndexOf(value, StringComparison.OrdinalIgnoreCase); i >= 0; i = text.IndexOf(value, i + 1, StringComparison.OrdinalIgnoreCase))
        {
            count++;
        }

        return count;
    }
}

public sealed class ConcurrencyOptionTests
{
    [Fact]
    public async Task Concurrency_sets_the_ceiling_of_topo_writes_and_every_row_is_added()
    {
        await using var cli = await CliHarness.StartAsync();
        var file = cli.WriteFile("value,type\n" + string.Concat(Enumerable.Range(0, 40).Select(i => $"p{i}@acme.com,email\n")));

        var run = await cli.RunAsync("add", "--provider", "topo", "--file", file, "--format", "json", "--concurrency", "2");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal(40, cli.Emulator.Topo.ContactExclusions.Count);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("257")]
    public async Task Concurrency_out_of_range_is_a_usage_error_and_nothing_is_sent(string value)
    {
        await using var cli = await CliHarness.StartAsync();

        var run = await cli.RunAsync("add", "--provider", "topo", "--type", "email", "--value", "a@b.com", "--concurrency", value);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("--concurrency", run.Stderr, StringComparison.Ordinal);
        Assert.Empty(cli.Emulator.Requests);
    }
}
