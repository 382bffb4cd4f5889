using Exclusions.Client.Testing;

namespace Exclusions.Cli.Tests;

/// <summary>Keys, base URLs, credentials refused, usage errors and what --verbose may print.</summary>
public sealed class ConnectionTests
{
    [Theory]
    [InlineData("TOPO_API_KEY", "list", "--provider", "topo")]
    [InlineData("AMPLEMARKET_API_KEY", "add", "--provider", "amplemarket", "--type", "email", "--value", "a@acme.com")]
    [InlineData("AMPLEMARKET_API_KEY", "sync", "--from", "topo", "--to", "amplemarket")]
    [InlineData("TOPO_API_KEY", "update", "--provider", "topo", "--id", "3f2504e0-4f89-11d3-9a0c-0305e82c3301", "--permanent")]
    public async Task A_missing_key_exits_3_naming_the_variable_and_sends_nothing(string variable, params string[] args)
    {
        await using var cli = await CliHarness.StartAsync();
        cli.Environment.Remove(variable);

        var run = await cli.RunAsync(args);

        Assert.Equal(3, run.ExitCode);
        Assert.Contains(variable, run.Stderr, StringComparison.Ordinal);
        Assert.Empty(cli.Emulator.Requests);
    }

    [Fact]
    public async Task Check_all_without_any_key_exits_3_naming_both_variables()
    {
        await using var cli = await CliHarness.StartAsync();
        cli.Environment.Remove("TOPO_API_KEY");
        cli.Environment["AMPLEMARKET_API_KEY"] = "   ";

        var run = await cli.RunAsync("check", "--provider", "all", "--email", "a@acme.com");

        Assert.Equal(3, run.ExitCode);
        Assert.Contains("TOPO_API_KEY", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("AMPLEMARKET_API_KEY", run.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("TOPO_BASE_URL", "http://api.example.com/v1", "list", "--provider", "topo")]
    [InlineData("AMPLEMARKET_BASE_URL", "http://10.0.0.5:8080", "add", "--provider", "amplemarket", "--type", "email", "--value", "a@acme.com")]
    [InlineData("TOPO_BASE_URL", "ftp://127.0.0.1/v1", "list", "--provider", "topo")]
    [InlineData("TOPO_BASE_URL", "not a url", "list", "--provider", "topo")]
    [InlineData("TOPO_RATE_LIMIT", "0", "list", "--provider", "topo")]
    [InlineData("AMPLEMARKET_RATE_LIMIT", "fast", "list", "--provider", "amplemarket")]
    public async Task A_refused_setting_exits_2_naming_the_variable(string variable, string value, params string[] args)
    {
        await using var cli = await CliHarness.StartAsync();
        cli.Environment[variable] = value;

        var run = await cli.RunAsync(args);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains(variable, run.Stderr, StringComparison.Ordinal);
        Assert.Empty(cli.Emulator.Requests);
    }

    [Fact]
    public async Task Plain_http_to_localhost_and_rate_limits_from_the_environment_are_accepted()
    {
        await using var cli = await CliHarness.StartAsync();
        cli.Environment["TOPO_BASE_URL"] = $"http://localhost:{cli.Emulator.Port}/v1";
        cli.Environment["TOPO_RATE_LIMIT"] = "600";
        cli.Environment["AMPLEMARKET_RATE_LIMIT"] = "100";
        cli.Emulator.Topo.SeedContactExclusion("jane@acme.com");

        var topo = await cli.RunAsync("list", "--provider", "topo", "--format", "csv");
        var amplemarket = await cli.RunAsync("list", "--provider", "amplemarket", "--format", "csv");

        Assert.True(topo.ExitCode == 0, topo.ToString());
        Assert.True(amplemarket.ExitCode == 0, amplemarket.ToString());
        Assert.Equal(2, topo.StdoutLines.Length);
    }

    [Fact]
    public async Task A_rejected_key_exits_3_naming_the_variable_never_the_key()
    {
        await using var cli = await CliHarness.StartAsync();
        const string wrongKey = "topo_wrong_key_d41d8cd98f00";
        cli.Environment["TOPO_API_KEY"] = wrongKey;

        var list = await cli.RunAsync("list", "--provider", "topo", "--verbose");
        var add = await cli.RunAsync("add", "--provider", "topo", "--type", "email", "--value", "a@acme.com", "--format", "json", "--verbose");

        Assert.Equal(3, list.ExitCode);
        Assert.Equal(3, add.ExitCode);
        foreach (var run in new[] { list, add })
        {
            Assert.Contains("TOPO_API_KEY", run.Stderr, StringComparison.Ordinal);
            Assert.Contains("401", run.Stderr, StringComparison.Ordinal);
            Assert.DoesNotContain(wrongKey, run.Stdout + run.Stderr, StringComparison.Ordinal);
        }

        Assert.Contains("\"outcome\":\"failed\"", add.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_key_without_permission_exits_3()
    {
        await using var cli = await CliHarness.StartAsync();
        cli.Emulator.Amplemarket.AddApiKey("amp_no_access_key", hasAccess: false);
        cli.Emulator.Topo.AddApiKey("topo_read_only_key", "read only", TopoEmulator.ReadScope);
        cli.Environment["AMPLEMARKET_API_KEY"] = "amp_no_access_key";
        cli.Environment["TOPO_API_KEY"] = "topo_read_only_key";

        var amplemarket = await cli.RunAsync("add", "--provider", "amplemarket", "--type", "email", "--value", "a@acme.com");
        var topo = await cli.RunAsync("add", "--provider", "topo", "--type", "email", "--value", "a@acme.com");

        Assert.Equal(3, amplemarket.ExitCode);
        Assert.Contains("AMPLEMARKET_API_KEY", amplemarket.Stderr, StringComparison.Ordinal);
        Assert.Equal(3, topo.ExitCode);
        Assert.Contains("403", topo.Stderr, StringComparison.Ordinal);
        Assert.Empty(cli.Emulator.Topo.ContactExclusions);
        Assert.Empty(cli.Emulator.Amplemarket.ExcludedEmails);
    }

    [Fact]
    public async Task Verbose_logs_each_request_to_stderr_never_the_key_nor_an_address()
    {
        await using var cli = await CliHarness.StartAsync();
        cli.Emulator.Topo.SeedContactExclusion("jane@acme.com");

        var run = await cli.RunAsync("remove", "--provider", "topo", "--type", "email", "--value", "jane@acme.com", "--format", "json", "--verbose");

        Assert.True(run.ExitCode == 0, run.ToString());
        var requestIds = cli.Emulator.Requests.Select(r => r.RequestId).ToArray();
        Assert.Equal(2, requestIds.Length);
        Assert.Contains("GET /contact-exclusions returned 200", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("DELETE /contact-exclusions/", run.Stderr, StringComparison.Ordinal);
        Assert.Contains(" ms ", run.Stderr, StringComparison.Ordinal);
        Assert.All(requestIds, id => Assert.Contains(id, run.Stderr, StringComparison.Ordinal));
        Assert.DoesNotContain(cli.Emulator.TopoApiKey, run.Stdout + run.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("Bearer", run.Stderr, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("jane@acme.com", run.Stderr, StringComparison.Ordinal);

        // stdout stays machine-readable: the log never lands there.
        Assert.StartsWith("{\"items\":", run.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_verbose_requests_are_not_logged()
    {
        await using var cli = await CliHarness.StartAsync();

        var run = await cli.RunAsync("list", "--provider", "amplemarket", "--format", "json");

        Assert.Equal(0, run.ExitCode);
        Assert.Empty(run.Stderr);
        Assert.Equal("[]", run.Stdout.Trim());
    }

    [Theory]
    [InlineData]
    [InlineData("frobnicate")]
    [InlineData("list")]
    [InlineData("list", "--provider", "salesforce")]
    [InlineData("list", "--provider", "topo", "--format", "xml")]
    [InlineData("list", "--provider", "topo", "--type", "phone")]
    [InlineData("check", "--provider", "topo")]
    [InlineData("check", "--provider", "topo", "--email", "not-an-address")]
    [InlineData("add", "--provider", "topo", "--type", "email", "--value", "a@acme.com", "--api-key", "secret")]
    public async Task Usage_errors_exit_2_and_send_nothing(params string[] args)
    {
        await using var cli = await CliHarness.StartAsync();

        var run = await cli.RunAsync(args);

        Assert.Equal(2, run.ExitCode);
        Assert.NotEmpty(run.Stderr);
        Assert.Empty(cli.Emulator.Requests);
    }

    [Fact]
    public async Task Help_lists_every_command_and_exits_0()
    {
        await using var cli = await CliHarness.StartAsync();

        var run = await cli.RunAsync("--help");

        Assert.Equal(0, run.ExitCode);
        foreach (var command in new[] { "list", "add", "remove", "update", "check", "sync", "--emulator", "--verbose" })
        {
            Assert.Contains(command, run.Stdout, StringComparison.Ordinal);
        }

        Assert.Contains("exclusions", run.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_file_is_invalid_input()
    {
        await using var cli = await CliHarness.StartAsync();

        var run = await cli.RunAsync("add", "--provider", "topo", "--file", Path.Combine(Path.GetTempPath(), $"missing-{Guid.NewGuid():N}.csv"));

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("not found", run.Stderr, StringComparison.Ordinal);
    }
}
