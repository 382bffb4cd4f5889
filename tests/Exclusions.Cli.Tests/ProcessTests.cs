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
    public async Task Check_all_against_the_embedded_emulator_asks_both_vendors_in_process()
    {
        // The benchmarked start-up command (benchmarks/results/summary.md §6a): the emulator runs in memory, started
        // while the clients are set up; both vendors are still asked, each through its own client and pipeline.
        var run = await RunProcessAsync("check", "--provider", "all", "--emulator", "--email", "x@y.com", "--format", "csv", "--verbose");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal("email,excluded,matched_by\nx@y.com,false,\n", run.Stdout.Replace("\r\n", "\n", StringComparison.Ordinal));
        Assert.Contains("Using the embedded emulator (in process, empty;", run.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("127.0.0.1", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("Topo GET /contact-exclusions returned 200", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("Topo GET /account-exclusions returned 200", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("Amplemarket GET /excluded-emails returned 200", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("Amplemarket GET /excluded-domains returned 200", run.Stderr, StringComparison.Ordinal);
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
    /// Redirected stdout is buffered (issue 17: a 100,000-row table flushed every line): whatever was written
    /// must still reach the pipe when the command ends in an error part-way, and all of it when it succeeds.
    /// </summary>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Buffered_stdout_reaches_the_pipe_whole_when_a_later_page_fails_and_when_all_succeed(bool failSecondPage)
    {
        Client.Testing.ExclusionsEmulator? emulator = null;
        await using var started = await Client.Testing.ExclusionsEmulator.StartAsync(new Client.Testing.ExclusionsEmulatorOptions
        {
            AmplemarketRequestsPerMinute = null,
            OnRequest = request =>
            {
                if (failSecondPage && request.Method == "GET" && !request.Query.Contains("page[after]", StringComparison.Ordinal))
                {
                    emulator!.Amplemarket.RemoveApiKey(emulator.AmplemarketApiKey); // the next page is a 401
                }
            },
        });
        emulator = started;
        for (var i = 0; i < 2_500; i++)
        {
            emulator.Amplemarket.SeedEmail($"user{i}@acme.com");
        }

        var environment = new Dictionary<string, string>
        {
            ["AMPLEMARKET_API_KEY"] = emulator.AmplemarketApiKey,
            ["AMPLEMARKET_BASE_URL"] = emulator.AmplemarketBaseAddress.ToString(),
            ["XDG_CACHE_HOME"] = Path.Combine(Path.GetTempPath(), $"exclusions-cli-cache-{Guid.NewGuid():N}"),
        };

        var json = await RunProcessAsync(environment, "list", "--provider", "amplemarket", "--format", "json");
        if (failSecondPage)
        {
            emulator.Amplemarket.AddApiKey(emulator.AmplemarketApiKey);
        }

        var table = await RunProcessAsync(environment, "list", "--provider", "amplemarket");

        Assert.True(failSecondPage ? json.ExitCode != 0 : json.ExitCode == 0, json.Stderr);
        using var parsed = JsonDocument.Parse(json.Stdout);
        Assert.Equal(failSecondPage ? 2_000 : 2_500, parsed.RootElement.GetArrayLength());
        Assert.True(table.ExitCode != 0 == failSecondPage, table.Stderr);
        Assert.Equal(failSecondPage ? 2_000 : 2_500, table.StdoutLines.Count(l => l.StartsWith("amplemarket ", StringComparison.Ordinal)));
    }

    /// <summary>
    /// The CLI in its own output folder: it does not declare ASP.NET Core, so its deps.json expects the
    /// Microsoft.Extensions.* package assemblies beside it, which this (ASP.NET Core) test folder lacks.
    /// </summary>
    internal static string CliDll { get; } = Path.Combine(
        AppContext.BaseDirectory.Replace(Path.Combine("tests", "Exclusions.Cli.Tests"), Path.Combine("src", "Exclusions.Cli"), StringComparison.Ordinal),
        "Exclusions.Cli.dll");

    private static Task<CliRun> RunProcessAsync(params string[] args) => RunProcessAsync(null, args);

    private static async Task<CliRun> RunProcessAsync(IReadOnlyDictionary<string, string>? environment, params string[] args)
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

        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start)!;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var stdout = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var stderr = process.StandardError.ReadToEndAsync(timeout.Token);
        await process.WaitForExitAsync(timeout.Token);
        return new CliRun(process.ExitCode, await stdout, await stderr);
    }
}
