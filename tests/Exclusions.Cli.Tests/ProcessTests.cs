using System.Diagnostics;
using System.Text.Json;

namespace Exclusions.Cli.Tests;

/// <summary>The built CLI run as a real process (<c>dotnet Exclusions.Cli.dll …</c>), as an operator runs it.</summary>
public sealed class ProcessTests
{
    private static readonly string[] ProviderVariables =
        ["TOPO_API_KEY", "TOPO_BASE_URL", "TOPO_RATE_LIMIT", "AMPLEMARKET_API_KEY", "AMPLEMARKET_BASE_URL", "AMPLEMARKET_RATE_LIMIT"];

    [Fact]
    public async Task List_against_the_embedded_emulator_prints_an_empty_json_array_and_says_it_uses_the_emulator()
    {
        var run = await RunProcessAsync("list", "--provider", "topo", "--emulator", "--format", "json");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal("[]", run.Stdout.Trim());
        Assert.Contains("embedded emulator", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Add_against_the_embedded_emulator_reports_added()
    {
        var run = await RunProcessAsync("add", "--provider", "amplemarket", "--type", "email", "--value", "A@B.com", "--emulator", "--format", "json");

        Assert.True(run.ExitCode == 0, run.ToString());
        using var json = JsonDocument.Parse(run.Stdout);
        Assert.Equal("added", json.RootElement.GetProperty("items")[0].GetProperty("outcome").GetString());
        Assert.Equal("a@b.com", json.RootElement.GetProperty("items")[0].GetProperty("value").GetString());
    }

    [Fact]
    public async Task A_missing_key_exits_3_naming_the_variable()
    {
        var run = await RunProcessAsync("list", "--provider", "amplemarket");

        Assert.Equal(3, run.ExitCode);
        Assert.Contains("AMPLEMARKET_API_KEY", run.Stderr, StringComparison.Ordinal);
        Assert.Empty(run.Stdout);
    }

    [Fact]
    public async Task Redirected_stderr_gets_no_progress_bar_and_stdout_stays_csv()
    {
        var file = Path.Combine(Path.GetTempPath(), $"exclusions-cli-{Guid.NewGuid():N}.csv");
        await File.WriteAllTextAsync(file, "type,value\nemail,a@acme.com\ndomain,acme.com\n");
        try
        {
            var run = await RunProcessAsync("add", "--provider", "topo", "--file", file, "--emulator", "--format", "csv");

            Assert.True(run.ExitCode == 0, run.ToString());
            Assert.Equal("type,value,outcome,detail\nemail,a@acme.com,added,\ndomain,acme.com,added,\n", run.Stdout.Replace("\r\n", "\n", StringComparison.Ordinal));
            Assert.DoesNotContain("\u001b[", run.Stderr, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(file);
        }
    }

    /// <summary>
    /// The CLI in its own output folder: it does not declare ASP.NET Core, so its deps.json expects the
    /// Microsoft.Extensions.* package assemblies beside it, which this (ASP.NET Core) test folder lacks.
    /// </summary>
    internal static string CliDll { get; } = Path.Combine(
        AppContext.BaseDirectory.Replace(Path.Combine("tests", "Exclusions.Cli.Tests"), Path.Combine("src", "Exclusions.Cli"), StringComparison.Ordinal),
        "Exclusions.Cli.dll");

    private static async Task<CliRun> RunProcessAsync(params string[] args)
    {
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(CliDll);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var variable in ProviderVariables)
        {
            start.Environment.Remove(variable);
        }

        using var process = Process.Start(start)!;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var stdout = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var stderr = process.StandardError.ReadToEndAsync(timeout.Token);
        await process.WaitForExitAsync(timeout.Token);
        return new CliRun(process.ExitCode, await stdout, await stderr);
    }
}
