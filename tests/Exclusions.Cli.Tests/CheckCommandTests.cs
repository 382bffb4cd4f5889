using System.Text.Json;
using Exclusions.Cli.Commands;
using Exclusions.Client.Testing;
using Microsoft.Extensions.Time.Testing;

namespace Exclusions.Cli.Tests;

public sealed class CheckCommandTests
{
    [Fact]
    public async Task An_address_is_excluded_by_a_parent_domain_and_matched_by_names_it()
    {
        await using var cli = await CliHarness.StartAsync();
        cli.Emulator.Topo.SeedAccountExclusion("acme.com");

        var run = await cli.RunAsync("check", "--provider", "topo", "--email", "CEO@mail.Acme.com", "--format", "csv");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal(["email,excluded,matched_by", "CEO@mail.Acme.com,true,topo:domain:acme.com"], run.StdoutLines);
    }

    [Fact]
    public async Task Expired_exclusions_do_not_count()
    {
        await using var cli = await CliHarness.StartAsync();
        cli.Emulator.Topo.SeedContactExclusion("old@acme.com", until: DateTimeOffset.UtcNow.AddDays(-1));
        cli.Emulator.Topo.SeedContactExclusion("soon@acme.com", until: DateTimeOffset.UtcNow.AddDays(1));
        var file = cli.WriteFile("email\nold@acme.com\nsoon@acme.com\n");

        var run = await cli.RunAsync("check", "--provider", "topo", "--file", file, "--format", "csv");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal(["email,excluded,matched_by", "old@acme.com,false,", "soon@acme.com,true,topo:email:soon@acme.com"], run.StdoutLines);
    }

    [Fact]
    public async Task A_file_keeps_its_columns_and_gains_excluded_and_matched_by()
    {
        await using var cli = await CliHarness.StartAsync();
        cli.Emulator.Amplemarket.SeedEmail("bob@globex.com");
        cli.Emulator.Topo.SeedAccountExclusion("rival.com");
        var file = cli.WriteFile("name,Email,company\n\"Doe, Jane\",jane@initech.com,Initech\nBob,bob@globex.com,Globex\nSam,sam@eu.rival.com,Rival\n");

        var run = await cli.RunAsync("check", "--provider", "all", "--file", file, "--format", "csv");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal(
            [
                "name,Email,company,excluded,matched_by",
                "\"Doe, Jane\",jane@initech.com,Initech,false,",
                "Bob,bob@globex.com,Globex,true,amplemarket:email:bob@globex.com",
                "Sam,sam@eu.rival.com,Rival,true,topo:domain:rival.com",
            ],
            run.StdoutLines);
    }

    [Fact]
    public async Task Json_output_has_the_input_columns_a_boolean_and_matched_by()
    {
        await using var cli = await CliHarness.StartAsync();
        cli.Emulator.Amplemarket.SeedDomain("globex.com");
        var file = cli.WriteFile("email,owner\nbob@globex.com,me\nann@initech.com,you\n");

        var run = await cli.RunAsync("check", "--provider", "amplemarket", "--file", file, "--format", "json");

        Assert.True(run.ExitCode == 0, run.ToString());
        using var json = JsonDocument.Parse(run.Stdout);
        var rows = json.RootElement.EnumerateArray().ToArray();
        Assert.Equal(2, rows.Length);
        Assert.Equal(["email", "owner", "excluded", "matched_by"], rows[0].EnumerateObject().Select(p => p.Name).ToArray());
        Assert.True(rows[0].GetProperty("excluded").GetBoolean());
        Assert.Equal("amplemarket:domain:globex.com", rows[0].GetProperty("matched_by").GetString());
        Assert.Equal("me", rows[0].GetProperty("owner").GetString());
        Assert.False(rows[1].GetProperty("excluded").GetBoolean());
        Assert.Equal(JsonValueKind.Null, rows[1].GetProperty("matched_by").ValueKind);
    }

    [Fact]
    public async Task Table_is_the_default()
    {
        await using var cli = await CliHarness.StartAsync();
        cli.Emulator.Topo.SeedContactExclusion("jane@acme.com");

        var run = await cli.RunAsync("check", "--provider", "all", "--email", "jane@acme.com");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("matched_by", run.Stdout, StringComparison.Ordinal);
        Assert.Single(run.StdoutLines, l => l.Contains("jane@acme.com", StringComparison.Ordinal) && l.Contains("topo:email:jane@acme.com", StringComparison.Ordinal));
        Assert.Contains("1 of 1 excluded", run.Stdout, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("TOPO_API_KEY")]
    [InlineData("AMPLEMARKET_API_KEY")]
    public async Task All_fails_closed_when_a_key_is_missing_naming_the_variable(string missing)
    {
        // Regression (issue 15, defect 2): with only AMPLEMARKET_API_KEY set, "all" checked amplemarket only and exited 0.
        await using var cli = await CliHarness.StartAsync();
        cli.Emulator.Topo.SeedContactExclusion("bob@globex.com");
        cli.Emulator.Amplemarket.SeedEmail("bob@globex.com");
        cli.Environment.Remove(missing);

        var run = await cli.RunAsync("check", "--provider", "all", "--email", "bob@globex.com", "--format", "csv");

        Assert.True(run.ExitCode == 3, run.ToString());
        Assert.Contains(missing, run.Stderr, StringComparison.Ordinal);
        Assert.Empty(run.Stdout);
        Assert.Empty(cli.Emulator.Requests);
    }

    [Fact]
    public async Task All_without_any_key_names_both_variables()
    {
        await using var cli = await CliHarness.StartAsync();
        cli.Environment.Remove("TOPO_API_KEY");
        cli.Environment.Remove("AMPLEMARKET_API_KEY");

        var run = await cli.RunAsync("check", "--provider", "all", "--email", "bob@globex.com");

        Assert.True(run.ExitCode == 3, run.ToString());
        Assert.Contains("TOPO_API_KEY", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("AMPLEMARKET_API_KEY", run.Stderr, StringComparison.Ordinal);
        Assert.Empty(cli.Emulator.Requests);
    }

    [Fact]
    public async Task An_invalid_address_in_the_file_fails_the_whole_file()
    {
        await using var cli = await CliHarness.StartAsync();
        var file = cli.WriteFile("name,email\nJane,jane@acme.com\nNobody,\nBob,bob-at-globex\n");

        var run = await cli.RunAsync("check", "--provider", "topo", "--file", file);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("line 3: ", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("line 4: ", run.Stderr, StringComparison.Ordinal);
        Assert.Empty(cli.Emulator.Requests);
    }

    [Fact]
    public async Task A_file_without_an_email_column_is_refused()
    {
        await using var cli = await CliHarness.StartAsync();
        var file = cli.WriteFile("name,mail\nJane,jane@acme.com\n");

        var run = await cli.RunAsync("check", "--provider", "topo", "--file", file);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("'email'", run.Stderr, StringComparison.Ordinal);
        Assert.Empty(cli.Emulator.Requests);
    }
}

public sealed class TargetedCheckTests
{
    [Fact]
    public async Task One_address_is_checked_against_topo_with_filters_not_by_downloading_every_page()
    {
        await using var cli = await CliHarness.StartAsync();
        for (var i = 0; i < 1_500; i++)
        {
            cli.Emulator.Topo.SeedContactExclusion($"someone{i}@elsewhere.com");
            cli.Emulator.Topo.SeedAccountExclusion($"d{i}.example.com");
        }

        cli.Emulator.Topo.SeedAccountExclusion("acme.com");

        var run = await cli.RunAsync("check", "--provider", "topo", "--email", "ceo@mail.acme.com", "--format", "csv");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal(["email,excluded,matched_by", "ceo@mail.acme.com,true,topo:domain:acme.com"], run.StdoutLines);
        var gets = cli.Emulator.Requests.Where(r => r.Method == "GET").ToList();
        // The address, then each domain as given and as a record held as www. + it (which covers it too).
        Assert.Equal(5, gets.Count);
        Assert.Contains(gets, r => r.Query.Contains("email=ceo%40mail.acme.com", StringComparison.OrdinalIgnoreCase));
        Assert.Contains(gets, r => r.Query.Contains("domain=mail.acme.com", StringComparison.Ordinal));
        Assert.Contains(gets, r => r.Query.Contains("domain=www.mail.acme.com", StringComparison.Ordinal));
        Assert.Contains(gets, r => r.Query.Contains("domain=acme.com", StringComparison.Ordinal));
        Assert.Contains(gets, r => r.Query.Contains("domain=www.acme.com", StringComparison.Ordinal));
    }

    /// <summary>
    /// docs/normalization.md: a record a vendor already holds as www.X covers X and its subdomains in every
    /// check. Seeded straight into the emulator's store (the SDK would drop the www. on input), then checked
    /// through the targeted path (one address: Topo's filters) and the snapshot path (a file above the threshold).
    /// </summary>
    [Theory]
    [InlineData("topo")]
    [InlineData("amplemarket")]
    [InlineData("all")]
    public async Task A_record_held_as_www_covers_the_domain_and_its_subdomains_on_both_paths(string provider)
    {
        await using var cli = await CliHarness.StartAsync();
        var expected = provider == "amplemarket" ? "amplemarket:domain:www.rival.com" : "topo:domain:www.rival.com";
        if (provider != "amplemarket")
        {
            cli.Emulator.Topo.SeedAccountExclusion("www.rival.com");
        }

        else
        {
            cli.Emulator.Amplemarket.SeedDomain("www.rival.com");
        }

        Assert.Contains(cli.Emulator.Topo.AccountExclusions.Select(e => e.Domain).Concat(cli.Emulator.Amplemarket.ExcludedDomains.Select(e => e.Value)), d => d == "www.rival.com");

        foreach (var address in new[] { "ceo@rival.com", "a@sub.rival.com", "x@www.rival.com" })
        {
            var targeted = await cli.RunAsync("check", "--provider", provider, "--email", address, "--format", "csv");
            Assert.True(targeted.ExitCode == 0, targeted.ToString());
            Assert.Equal(["email,excluded,matched_by", $"{address},true,{expected}"], targeted.StdoutLines);
        }

        var other = await cli.RunAsync("check", "--provider", provider, "--email", "ceo@notrival.com", "--format", "csv");
        Assert.Equal(["email,excluded,matched_by", "ceo@notrival.com,false,"], other.StdoutLines);

        var rows = Enumerable.Range(0, CheckCommand.TargetedCheckThreshold).Select(i => $"p{i}@elsewhere.com").Concat(["ceo@rival.com", "a@sub.rival.com"]);
        var file = cli.WriteFile("email\n" + string.Concat(rows.Select(r => r + "\n")));
        var snapshot = await cli.RunAsync("check", "--provider", provider, "--file", file, "--format", "csv");

        Assert.True(snapshot.ExitCode == 0, snapshot.ToString());
        Assert.Contains($"ceo@rival.com,true,{expected}", snapshot.StdoutLines);
        Assert.Contains($"a@sub.rival.com,true,{expected}", snapshot.StdoutLines);
        Assert.Contains("p0@elsewhere.com,false,", snapshot.StdoutLines);
    }

    [Fact]
    public async Task A_file_above_the_threshold_loads_the_lists_once()
    {
        await using var cli = await CliHarness.StartAsync();
        cli.Emulator.Topo.SeedContactExclusion("p3@acme.com");
        var file = cli.WriteFile("email\n" + string.Concat(Enumerable.Range(0, 11).Select(i => $"p{i}@acme.com\n")));

        var run = await cli.RunAsync("check", "--provider", "topo", "--file", file, "--format", "csv");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("p3@acme.com,true,topo:email:p3@acme.com", run.StdoutLines);
        Assert.Equal(2, cli.Emulator.Requests.Count(r => r.Method == "GET"));
        Assert.DoesNotContain(cli.Emulator.Requests, r => r.Query.Contains("email=", StringComparison.Ordinal));
    }

    [Fact]
    public async Task When_both_vendors_hold_an_address_matched_by_names_the_first_provider_with_an_active_record()
    {
        await using var cli = await CliHarness.StartAsync();
        cli.Emulator.Topo.SeedContactExclusion("both@acme.com");
        cli.Emulator.Amplemarket.SeedEmail("both@acme.com");
        cli.Emulator.Topo.SeedContactExclusion("lapsed@acme.com", until: DateTimeOffset.UtcNow.AddDays(-1));
        cli.Emulator.Amplemarket.SeedEmail("lapsed@acme.com");
        cli.Emulator.Topo.SeedAccountExclusion("www.rival.com", until: DateTimeOffset.UtcNow.AddDays(-1));
        cli.Emulator.Topo.SeedAccountExclusion("rival.com");
        var file = cli.WriteFile("email\n" + string.Concat(Enumerable.Range(0, 11).Select(i => $"p{i}@elsewhere.com\n")) + "both@acme.com\nlapsed@acme.com\nceo@rival.com\n");

        var run = await cli.RunAsync("check", "--provider", "all", "--file", file, "--format", "csv");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("both@acme.com,true,topo:email:both@acme.com", run.StdoutLines);
        Assert.Contains("lapsed@acme.com,true,amplemarket:email:lapsed@acme.com", run.StdoutLines);
        Assert.Contains("ceo@rival.com,true,topo:domain:rival.com", run.StdoutLines);
        Assert.Contains("p0@elsewhere.com,false,", run.StdoutLines);
    }

    /// <summary>
    /// Regression: the load's progress counted nothing, so a redirected stderr read "0 so far" and ended
    /// "0/0 (100%)". Each record read now counts. The emulator's delay lets fake progress time pass during the load.
    /// </summary>
    [Fact]
    public async Task Loading_progress_counts_the_records_read()
    {
        await using var cli = await CliHarness.StartAsync();
        cli.Emulator.Faults.Add(FaultRule.Delay(TimeSpan.FromMilliseconds(150)) with { Method = "GET" });
        for (var i = 0; i < 30; i++)
        {
            cli.Emulator.Topo.SeedContactExclusion($"t{i}@acme.com");
            cli.Emulator.Amplemarket.SeedEmail($"a{i}@acme.com");
        }

        cli.Emulator.Topo.SeedAccountExclusion("rival.com");
        var file = cli.WriteFile("email\n" + string.Concat(Enumerable.Range(0, 12).Select(i => $"t{i}@acme.com\n")));
        var time = new FakeTimeProvider();
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var console = new CliConsole(stdout, stderr, outputIsTerminal: false, errorIsTerminal: false, time);

        var run = CliApp.RunAsync(["check", "--provider", "all", "--file", file, "--format", "csv"], console, cli.Environment, CancellationToken.None);
        while (!run.IsCompleted)
        {
            time.Advance(TimeSpan.FromSeconds(1));
            await Task.Delay(15);
        }

        Assert.Equal(0, await run);
        var progress = stderr.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => l.TrimEnd('\r'))
            .Where(l => l.StartsWith("Loading topo and amplemarket exclusions: ", StringComparison.Ordinal))
            .ToArray();
        Assert.True(progress.Length >= 2, stderr.ToString());
        Assert.All(progress[..^1], l => Assert.Matches(@"^Loading topo and amplemarket exclusions: \d+ so far, \d+/s$", l));
        Assert.Matches(@"^Loading topo and amplemarket exclusions: 61/61 \(100%\), \d+/s, done in ", progress[^1]);
    }

    /// <summary>"Now" is the CLI's clock (the console's TimeProvider), not the wall clock: a fake clock in 2031 decides.</summary>
    [Fact]
    public async Task Activity_is_decided_by_the_clis_clock()
    {
        var future = new DateTimeOffset(2031, 6, 1, 0, 0, 0, TimeSpan.Zero);
        await using var cli = await CliHarness.StartAsync();
        cli.Emulator.Topo.SeedContactExclusion("lapsed@acme.com", until: future.AddYears(-1));
        cli.Emulator.Topo.SeedContactExclusion("held@acme.com", until: future.AddYears(1));
        var file = cli.WriteFile("email\n" + string.Concat(Enumerable.Range(0, 11).Select(i => $"p{i}@elsewhere.com\n")) + "lapsed@acme.com\nheld@acme.com\n");

        var run = await cli.RunAtAsync(new FakeTimeProvider(future), "check", "--provider", "topo", "--file", file, "--format", "csv");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("lapsed@acme.com,false,", run.StdoutLines);
        Assert.Contains("held@acme.com,true,topo:email:held@acme.com", run.StdoutLines);
    }
}
