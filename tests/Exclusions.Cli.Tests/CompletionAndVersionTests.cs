using System.Diagnostics;
using Exclusions.Cli.Commands;
using Exclusions.Client;

namespace Exclusions.Cli.Tests;

/// <summary><c>completion bash|zsh|pwsh</c>, the suggest directive the scripts call, <c>--version</c>, and the help and messages that name what the user sets.</summary>
public sealed class CompletionAndVersionTests
{
    [Theory]
    [InlineData("exclusions ", "add")]
    [InlineData("exclusions com", "completion")]
    [InlineData("exclusions add --pro", "--provider")]
    [InlineData("exclusions add --provider ", "amplemarket")]
    [InlineData("exclusions add --provider ", "topo")]
    [InlineData("exclusions add --type ", "linkedin")]
    [InlineData("exclusions list --format j", "json")]
    [InlineData("exclusions update --reason un", "UNSUBSCRIBED")]
    [InlineData("/usr/local/bin/exclusions sy", "sync")]
    public async Task The_suggest_directive_offers_what_may_come_next(string line, string expected)
    {
        var run = await RunAsync($"[suggest:{line.Length}]", line);

        Assert.Equal(0, run.ExitCode);
        Assert.Contains(expected, run.StdoutLines);
        Assert.Empty(run.Stderr);
    }

    [Fact]
    public async Task Suggestions_start_with_the_word_being_typed_and_leave_out_dos_aliases()
    {
        var run = await RunAsync("[suggest]", "exclusions update --reason UN");
        Assert.Equal(["UNKNOWN", "UNSUBSCRIBED"], run.StdoutLines.Order(StringComparer.Ordinal));

        var options = await RunAsync("[suggest]", "exclusions list ");
        Assert.Contains("--provider", options.StdoutLines);
        Assert.DoesNotContain(options.StdoutLines, l => l.StartsWith('/') || l == "-?");
    }

    [Fact]
    public async Task The_cursor_position_picks_the_word_in_the_middle_of_the_line()
    {
        const string line = "exclusions add --pr --type email";

        var run = await RunAsync("[suggest:19]", line);

        Assert.Equal(["--provider"], run.StdoutLines);
    }

    [Theory]
    [InlineData("bash")]
    [InlineData("zsh")]
    [InlineData("pwsh")]
    public async Task Completion_prints_a_script_that_calls_the_suggest_directive(string shell)
    {
        var run = await RunAsync("completion", shell);

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(CompletionCommand.Script(shell), run.Stdout);
        Assert.Contains("exclusions \"[suggest:", run.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Completion_for_an_unknown_shell_is_a_usage_error_naming_the_choices()
    {
        var run = await RunAsync("completion", "fish");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("bash", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("pwsh", run.Stderr, StringComparison.Ordinal);
    }

    /// <summary>The bash script, sourced in a real bash (CI runs in bash), completes through the built tool.</summary>
    [Fact]
    public async Task The_bash_script_completes_through_the_real_tool()
    {
        var script = Path.Combine(Path.GetTempPath(), $"exclusions-completion-{Guid.NewGuid():N}.bash");
        await File.WriteAllTextAsync(script, CompletionCommand.Script("bash"));
        try
        {
            var dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet";
            var start = new ProcessStartInfo("/bin/bash") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            start.ArgumentList.Add("-c");
            start.ArgumentList.Add(
                $"exclusions() {{ '{dotnet}' '{ProcessTests.CliDll}' \"$@\"; }}; source '{script}'; "
                + "COMP_LINE='exclusions add --provider t'; COMP_POINT=${#COMP_LINE}; _exclusions_complete; printf '%s\\n' \"${COMPREPLY[@]}\"; "
                + "COMP_LINE='exclusions remove --for'; COMP_POINT=${#COMP_LINE}; _exclusions_complete; printf '%s\\n' \"${COMPREPLY[@]}\"; "
                + "complete -p exclusions");
            using var process = Process.Start(start)!;
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            var stdout = await process.StandardOutput.ReadToEndAsync(timeout.Token);
            var stderr = await process.StandardError.ReadToEndAsync(timeout.Token);
            await process.WaitForExitAsync(timeout.Token);

            Assert.True(process.ExitCode == 0, stdout + stderr);
            var lines = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.Equal(["topo", "--format", "complete -o default -F _exclusions_complete exclusions"], lines);
        }
        finally
        {
            File.Delete(script);
        }
    }

    [Fact]
    public async Task Version_prints_the_package_version_without_build_metadata()
    {
        var run = await RunAsync("--version");

        Assert.Equal(0, run.ExitCode);
        var version = Assert.Single(run.StdoutLines);
        Assert.Matches(@"^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$", version);
        Assert.Equal(PackageVersionAction.Version, version);
    }

    [Theory]
    [InlineData("add")]
    [InlineData("update")]
    public async Task Reason_help_lists_every_documented_code(string command)
    {
        var run = await RunAsync(command, "--help");

        Assert.Equal(0, run.ExitCode);
        var help = string.Join(' ', run.Stdout.Split((char[])['\n', '\r', ' '], StringSplitOptions.RemoveEmptyEntries));
        Assert.All(ExclusionReason.KnownValues, r => Assert.Contains(r.Value, help, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("TOPO_API_KEY", "topo key", "TOPO_API_KEY contains whitespace or control characters.")]
    [InlineData("AMPLEMARKET_API_KEY", "amp\u0001key", "AMPLEMARKET_API_KEY contains whitespace or control characters.")]
    public async Task A_bad_key_names_the_variable_not_the_options_property(string variable, string key, string expected)
    {
        var provider = variable.StartsWith("TOPO", StringComparison.Ordinal) ? "topo" : "amplemarket";
        var run = await RunAsync(new Dictionary<string, string?> { [variable] = key }, "list", "--provider", provider);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains(expected, run.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("Options.", run.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain(key, run.Stderr, StringComparison.Ordinal);
    }

    private static Task<CliRun> RunAsync(params string[] args) => RunAsync(new Dictionary<string, string?>(), args);

    private static async Task<CliRun> RunAsync(Dictionary<string, string?> environment, params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var exitCode = await CliApp.RunAsync(args, stdout, stderr, environment, CancellationToken.None);
        return new CliRun(exitCode, stdout.ToString(), stderr.ToString());
    }
}
