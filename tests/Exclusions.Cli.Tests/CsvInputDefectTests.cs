using System.Text;

namespace Exclusions.Cli.Tests;

/// <summary>
/// Issue 15, defect 4 and the CSV policy of docs/normalization.md, at the level of the command line:
/// each file problem is exit 2 with its own message, nothing is sent, and no value is echoed raw.
/// </summary>
public sealed class CsvInputDefectTests
{
    [Fact]
    public async Task Check_refuses_a_repeated_email_column()
    {
        // Before: duplicate JSON keys, and the first column was checked.
        await using var cli = await CliHarness.StartAsync();
        var file = cli.WriteFile("email,name,EMAIL\na@acme.com,Ann,b@acme.com\n");

        var run = await cli.RunAsync("check", "--provider", "topo", "--file", file, "--format", "json");

        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Contains("line 1: column \"email\" appears twice", run.Stderr, StringComparison.Ordinal);
        Assert.Empty(run.Stdout);
        Assert.Empty(cli.Emulator.Requests);
    }

    [Fact]
    public async Task Add_refuses_a_repeated_column()
    {
        // Before: the first 'value' column was used silently.
        await using var cli = await CliHarness.StartAsync();
        var file = cli.WriteFile("type,value,Value\nemail,a@acme.com,b@acme.com\n");

        var run = await cli.RunAsync("add", "--provider", "topo", "--file", file);

        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Contains("line 1: column \"value\" appears twice", run.Stderr, StringComparison.Ordinal);
        Assert.Empty(cli.Emulator.Requests);
    }

    [Fact]
    public async Task An_unterminated_quote_is_reported_where_the_field_starts()
    {
        await using var cli = await CliHarness.StartAsync();
        var file = cli.WriteFile("type,value\nemail,a@acme.com\nemail,\"b@acme.com\nemail,c@acme.com\nemail,d@acme.com\n");

        var run = await cli.RunAsync("add", "--provider", "amplemarket", "--file", file);

        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Contains("line 3: a quoted field starts on this line and is never closed", run.Stderr, StringComparison.Ordinal);
        Assert.Empty(cli.Emulator.Requests);
    }

    [Fact]
    public async Task A_directory_is_not_reported_as_a_missing_file()
    {
        await using var cli = await CliHarness.StartAsync();
        var directory = Directory.CreateTempSubdirectory("exclusions-cli-").FullName;
        try
        {
            var run = await cli.RunAsync("check", "--provider", "topo", "--file", directory);

            Assert.True(run.ExitCode == 2, run.ToString());
            Assert.Contains("is a directory, not a CSV file", run.Stderr, StringComparison.Ordinal);
            Assert.DoesNotContain("not found", run.Stderr, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(directory);
        }
    }

    [Fact]
    public async Task A_missing_file_says_not_found()
    {
        await using var cli = await CliHarness.StartAsync();

        var run = await cli.RunAsync("add", "--provider", "topo", "--file", Path.Combine(Path.GetTempPath(), $"missing-{Guid.NewGuid():N}.csv"));

        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Contains("file not found", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unreadable_file_says_it_cannot_be_read()
    {
        // A symbolic link to itself exists but cannot be opened (ELOOP), also for root; a chmod 000 file
        // would be readable by root, who runs CI here.
        await using var cli = await CliHarness.StartAsync();
        var path = Path.Combine(Path.GetTempPath(), $"exclusions-cli-loop-{Guid.NewGuid():N}.csv");
        File.CreateSymbolicLink(path, path);
        try
        {
            var run = await cli.RunAsync("add", "--provider", "topo", "--file", path);

            Assert.True(run.ExitCode == 2, run.ToString());
            Assert.Contains("cannot be read", run.Stderr, StringComparison.Ordinal);
            Assert.DoesNotContain("not found", run.Stderr, StringComparison.Ordinal);
            Assert.Empty(cli.Emulator.Requests);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Theory]
    [InlineData("")]
    [InlineData("\uFEFF")]
    public async Task An_empty_file_says_it_is_empty(string content)
    {
        await using var cli = await CliHarness.StartAsync();
        var file = cli.WriteFile(content);

        var run = await cli.RunAsync("check", "--provider", "topo", "--file", file);

        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Contains("the file is empty", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_leading_bom_and_crlf_line_ends_are_fine()
    {
        await using var cli = await CliHarness.StartAsync();
        cli.Emulator.Topo.SeedContactExclusion("b@acme.com");
        var file = cli.WriteFile("\uFEFFEmail,name\r\na@acme.com,Ann\r\nb@acme.com,Bob\r\n");

        var run = await cli.RunAsync("check", "--provider", "topo", "--file", file, "--format", "csv");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal(["Email,name,excluded,matched_by", "a@acme.com,Ann,false,", "b@acme.com,Bob,true,topo:email:b@acme.com"], run.StdoutLines);
    }

    [Fact]
    public async Task A_bom_inside_an_email_cell_is_refused_naming_the_line_and_code_point()
    {
        // Before: a stack overflow (exit 134) in ExclusionSnapshot.Match.
        await using var cli = await CliHarness.StartAsync();
        var file = cli.WriteFile("email\na@acme.com\njo\uFEFFrg@acme.com\n");

        var run = await cli.RunAsync("check", "--provider", "topo", "--file", file);

        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Contains("line 3: ", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("U+FEFF", run.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain('\uFEFF', run.Stderr);
        Assert.Empty(cli.Emulator.Requests);
    }

    [Theory]
    [InlineData("add")]
    [InlineData("check")]
    public async Task A_1_mb_field_and_a_nul_byte_are_never_echoed_raw(string command)
    {
        await using var cli = await CliHarness.StartAsync();
        var huge = new string('a', 1 << 20) + "@acme.com";
        var content = command == "add"
            ? $"type,value\nemail,{huge}\nemail,nul\0here@acme.com\n{new string('x', 1 << 20)},a@acme.com\n"
            : $"email\n{huge}\nnul\0here@acme.com\n";
        var file = cli.WriteFile(content);

        var run = await cli.RunAsync(command, "--provider", "topo", "--file", file);

        Assert.True(run.ExitCode == 2, run.ToString()[..Math.Min(2_000, run.ToString().Length)]);
        var lines = run.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Contains(lines, l => l.StartsWith("line 2: ", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("line 3: ", StringComparison.Ordinal) && l.Contains("U+0000", StringComparison.Ordinal));
        Assert.DoesNotContain('\0', run.Stderr);
        Assert.All(lines, l => Assert.True(l.Length <= 400, $"{l.Length} characters: {l[..Math.Min(200, l.Length)]}"));
        Assert.Empty(cli.Emulator.Requests);
    }

    [Theory]
    [InlineData("topo")]
    [InlineData("amplemarket")]
    [InlineData("all")]
    public async Task An_internationalized_address_is_checked_without_crashing(string provider)
    {
        // Regression (issue 15, defect 1): exit 134, stack overflow.
        await using var cli = await CliHarness.StartAsync();
        cli.Emulator.Topo.SeedContactExclusion("jörg@acme.com");

        var excluded = await cli.RunAsync("check", "--provider", provider, "--email", "JÖRG@acme.com", "--format", "csv");
        var other = await cli.RunAsync("check", "--provider", provider, "--email", "用户@例子.广告", "--format", "csv");

        Assert.True(excluded.ExitCode == 0, excluded.ToString());
        Assert.Equal(provider == "amplemarket" ? "JÖRG@acme.com,false," : "JÖRG@acme.com,true,topo:email:jörg@acme.com", excluded.StdoutLines[1]);
        Assert.True(other.ExitCode == 0, other.ToString());
        Assert.Equal("用户@例子.广告,false,", other.StdoutLines[1]);
    }

    [Fact]
    public async Task The_issue_command_line_with_the_embedded_emulator_exits_normally()
    {
        // `exclusions check --provider topo --email 'jörg@acme.com' --emulator` died with exit 134.
        await using var cli = await CliHarness.StartAsync();

        var run = await cli.RunAsync("check", "--provider", "topo", "--email", "jörg@acme.com", "--emulator", "--format", "csv");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal(["email,excluded,matched_by", "jörg@acme.com,false,"], run.StdoutLines);
    }
}
