using System.Text.Json;

namespace Exclusions.Cli.Tests;

public sealed class UpdateCommandTests
{
    [Fact]
    public async Task Permanent_sends_until_null()
    {
        await using var cli = await CliHarness.StartAsync();
        var contact = cli.Emulator.Topo.SeedContactExclusion("jane@acme.com", until: DateTimeOffset.UtcNow.AddDays(3));

        var run = await cli.RunAsync("update", "--provider", "topo", "--id", contact.Id.ToString(), "--permanent", "--format", "json");

        Assert.True(run.ExitCode == 0, run.ToString());
        var patch = Assert.Single(cli.Emulator.Requests, r => r.Method == "PATCH");
        using var body = JsonDocument.Parse(patch.Body!);
        Assert.True(body.RootElement.TryGetProperty("until", out var until), patch.Body);
        Assert.Equal(JsonValueKind.Null, until.ValueKind);
        Assert.Null(Assert.Single(cli.Emulator.Topo.ContactExclusions).Until);
        Assert.Contains("contact exclusion", run.Stderr, StringComparison.Ordinal);
        using var output = JsonDocument.Parse(run.Stdout);
        Assert.Equal(JsonValueKind.Null, output.RootElement[0].GetProperty("until").ValueKind);
    }

    [Fact]
    public async Task Without_until_or_permanent_until_is_not_sent()
    {
        await using var cli = await CliHarness.StartAsync();
        var expiry = DateTimeOffset.UtcNow.AddDays(3);
        var contact = cli.Emulator.Topo.SeedContactExclusion("jane@acme.com", until: expiry);

        var run = await cli.RunAsync("update", "--provider", "topo", "--id", contact.Id.ToString(), "--reason", "bounced", "--message", "hard bounce");

        Assert.True(run.ExitCode == 0, run.ToString());
        var patch = Assert.Single(cli.Emulator.Requests, r => r.Method == "PATCH");
        using var body = JsonDocument.Parse(patch.Body!);
        Assert.False(body.RootElement.TryGetProperty("until", out _), patch.Body);
        Assert.Equal("BOUNCED", body.RootElement.GetProperty("reason").GetString());
        var stored = Assert.Single(cli.Emulator.Topo.ContactExclusions);
        Assert.Equal("BOUNCED", stored.Reason);
        Assert.Equal("hard bounce", stored.Message);
        Assert.NotNull(stored.Until);
        Assert.Contains("hard bounce", run.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Until_sets_a_new_expiry()
    {
        await using var cli = await CliHarness.StartAsync();
        var contact = cli.Emulator.Topo.SeedContactExclusion("jane@acme.com");

        var run = await cli.RunAsync("update", "--provider", "topo", "--id", contact.Id.ToString(), "--until", "2031-02-03T04:05:06Z", "--format", "csv");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal(new DateTimeOffset(2031, 2, 3, 4, 5, 6, TimeSpan.Zero), Assert.Single(cli.Emulator.Topo.ContactExclusions).Until);
        Assert.Contains(",2031-02-03T04:05:06Z,", run.StdoutLines[1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_account_id_is_found_after_the_contact_404_and_the_output_says_so()
    {
        await using var cli = await CliHarness.StartAsync();
        var account = cli.Emulator.Topo.SeedAccountExclusion("rival.com");

        var run = await cli.RunAsync("update", "--provider", "topo", "--id", account.Id.ToString(), "--message", "still a rival", "--format", "csv");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains($"Updated Topo account exclusion {account.Id}", run.Stderr, StringComparison.Ordinal);
        Assert.StartsWith("topo,domain,rival.com,", run.StdoutLines[1], StringComparison.Ordinal);
        Assert.Equal("still a rival", Assert.Single(cli.Emulator.Topo.AccountExclusions).Message);
        Assert.Equal(["/v1/contact-exclusions/", "/v1/account-exclusions/"], cli.Emulator.Requests.Where(r => r.Method == "PATCH").Select(r => r.Path[..(r.Path.LastIndexOf('/') + 1)]).ToArray());
    }

    [Fact]
    public async Task Type_domain_goes_straight_to_the_account()
    {
        await using var cli = await CliHarness.StartAsync();
        var account = cli.Emulator.Topo.SeedAccountExclusion("rival.com");

        var run = await cli.RunAsync("update", "--provider", "topo", "--id", account.Id.ToString(), "--type", "domain", "--permanent");

        Assert.True(run.ExitCode == 0, run.ToString());
        var patch = Assert.Single(cli.Emulator.Requests, r => r.Method == "PATCH");
        Assert.StartsWith("/v1/account-exclusions/", patch.Path, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_id_fails_with_exit_1()
    {
        await using var cli = await CliHarness.StartAsync();

        var run = await cli.RunAsync("update", "--provider", "topo", "--id", Guid.NewGuid().ToString(), "--permanent");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("no contact or account exclusion", run.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--provider", "amplemarket", "--id", "3f2504e0-4f89-11d3-9a0c-0305e82c3301", "--permanent")]
    [InlineData("--provider", "topo", "--id", "not-a-uuid", "--permanent")]
    [InlineData("--provider", "topo", "--id", "3f2504e0-4f89-11d3-9a0c-0305e82c3301", "--permanent", "--until", "2031-01-01")]
    [InlineData("--provider", "topo", "--id", "3f2504e0-4f89-11d3-9a0c-0305e82c3301")]
    [InlineData("--provider", "topo", "--id", "3f2504e0-4f89-11d3-9a0c-0305e82c3301", "--until", "yesterday")]
    public async Task Usage_errors_exit_2_and_send_nothing(params string[] options)
    {
        await using var cli = await CliHarness.StartAsync();

        var run = await cli.RunAsync(["update", .. options]);

        Assert.Equal(2, run.ExitCode);
        Assert.NotEmpty(run.Stderr);
        Assert.Empty(cli.Emulator.Requests);
    }
}
