extern alias QuickstartSample;

using Exclusions.Client.Testing;
using QuickstartSample::Quickstart;

namespace Exclusions.Samples.Tests;

/// <summary>
/// The Quickstart is safe to run: the emulator unless --live, it removes exactly what it added in
/// either mode, and a refused key is one line and a non-zero exit code.
/// </summary>
public sealed class QuickstartTests
{
    private static async Task<(int ExitCode, string Out, string Err)> RunAsync(string[] args, Dictionary<string, string?> env)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var code = await QuickstartRun.RunAsync(args, name => env.GetValueOrDefault(name), stdout, stderr);
        return (code, stdout.ToString(), stderr.ToString());
    }

    [Fact]
    public async Task Without_live_it_uses_the_emulator_even_when_a_key_is_set_and_leaves_nothing_behind()
    {
        // A key pointing at a server that would notice any request: the Quickstart must not use it.
        await using var wouldBeReal = await ExclusionsEmulator.StartAsync();
        var env = new Dictionary<string, string?>
        {
            ["TOPO_API_KEY"] = wouldBeReal.TopoApiKey,
            ["TOPO_BASE_URL"] = wouldBeReal.TopoBaseAddress.ToString(),
        };

        var (code, stdout, stderr) = await RunAsync([], env);

        Assert.Equal(0, code);
        Assert.Equal("", stderr);
        Assert.Contains("the embedded emulator", stdout, StringComparison.Ordinal);
        Assert.Contains("add --live", stdout, StringComparison.Ordinal);
        Assert.Contains("4. Clean up", stdout, StringComparison.Ordinal);
        Assert.Contains("holds 0 exclusions", stdout, StringComparison.Ordinal);
        Assert.Empty(wouldBeReal.Requests);
    }

    [Fact]
    public async Task Live_removes_what_it_added_and_keeps_what_was_there_before()
    {
        await using var account = await ExclusionsEmulator.StartAsync();
        account.Topo.SeedAccountExclusion("rival-demo.com");        // the user's own, older exclusion
        account.Amplemarket.SeedEmail("jane.doe@acme-demo.com");
        var env = LiveEnvironment(account, account.TopoApiKey, account.AmplemarketApiKey);

        var (code, stdout, stderr) = await RunAsync(["--live"], env);

        Assert.True(code == 0, stderr + stdout);
        Assert.Contains("REAL Topo API", stdout, StringComparison.Ordinal);
        Assert.Empty(account.Topo.ContactExclusions);
        Assert.Equal("rival-demo.com", Assert.Single(account.Topo.AccountExclusions).Domain);
        Assert.Empty(account.Amplemarket.ExcludedDomains);
        Assert.Equal("jane.doe@acme-demo.com", Assert.Single(account.Amplemarket.ExcludedEmails).Value);
    }

    [Theory]
    [InlineData("topo")]
    [InlineData("amplemarket")]
    public async Task A_refused_key_is_one_clear_line_and_exit_code_3_and_the_other_vendor_is_cleaned_up(string refused)
    {
        await using var account = await ExclusionsEmulator.StartAsync();
        var env = LiveEnvironment(
            account,
            refused == "topo" ? "topo_wrong_key" : account.TopoApiKey,
            refused == "amplemarket" ? "amp_wrong_key" : account.AmplemarketApiKey);

        var (code, _, stderr) = await RunAsync(["--live"], env);

        Assert.Equal(3, code);
        var line = Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("error: ", line, StringComparison.Ordinal);
        Assert.Contains(refused == "topo" ? "TOPO_API_KEY" : "AMPLEMARKET_API_KEY", line, StringComparison.Ordinal);
        Assert.Contains("401", line, StringComparison.Ordinal);
        Assert.DoesNotContain("wrong_key", line, StringComparison.Ordinal);
        Assert.Empty(account.Topo.ContactExclusions);
        Assert.Empty(account.Topo.AccountExclusions);
        Assert.Empty(account.Amplemarket.ExcludedEmails);
        Assert.Empty(account.Amplemarket.ExcludedDomains);
    }

    [Fact]
    public async Task Live_without_a_key_and_an_unknown_argument_are_usage_errors()
    {
        var (code, _, stderr) = await RunAsync(["--live"], []);
        Assert.Equal(2, code);
        Assert.Contains("TOPO_API_KEY", stderr, StringComparison.Ordinal);

        (code, _, stderr) = await RunAsync(["--real"], []);
        Assert.Equal(2, code);
        Assert.Contains("'--real'", stderr, StringComparison.Ordinal);
    }

    private static Dictionary<string, string?> LiveEnvironment(ExclusionsEmulator account, string topoKey, string amplemarketKey) => new()
    {
        ["TOPO_API_KEY"] = topoKey,
        ["TOPO_BASE_URL"] = account.TopoBaseAddress.ToString(),
        ["AMPLEMARKET_API_KEY"] = amplemarketKey,
        ["AMPLEMARKET_BASE_URL"] = account.AmplemarketBaseAddress.ToString(),
    };
}
