using Exclusions.Client.Testing;

namespace Exclusions.Cli.Tests;

/// <summary>What one run of the CLI produced.</summary>
public sealed record CliRun(int ExitCode, string Stdout, string Stderr)
{
    public string[] StdoutLines => Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r')).ToArray();

    public override string ToString() => $"exit {ExitCode}\n--- stdout ---\n{Stdout}\n--- stderr ---\n{Stderr}";
}

/// <summary>
/// An emulator started by the test, and the CLI run in-process against it through the environment
/// (TOPO_BASE_URL / AMPLEMARKET_BASE_URL and the emulator's keys), exactly as an operator would point it at a server.
/// </summary>
public sealed class CliHarness : IAsyncDisposable
{
    private CliHarness(ExclusionsEmulator emulator)
    {
        Emulator = emulator;
        Environment = new Dictionary<string, string?>
        {
            ["TOPO_API_KEY"] = emulator.TopoApiKey,
            ["TOPO_BASE_URL"] = emulator.TopoBaseAddress.ToString(),
            ["AMPLEMARKET_API_KEY"] = emulator.AmplemarketApiKey,
            ["AMPLEMARKET_BASE_URL"] = emulator.AmplemarketBaseAddress.ToString(),

            // Runs share rate-limit budgets through state files in the cache directory: one per harness.
            ["XDG_CACHE_HOME"] = CacheDirectory,
        };
    }

    /// <summary>This harness's cache directory (the rate-limit state files), deleted with the harness.</summary>
    public string CacheDirectory { get; } = Path.Combine(Path.GetTempPath(), $"exclusions-cli-cache-{Guid.NewGuid():N}");

    public ExclusionsEmulator Emulator { get; }

    /// <summary>The environment the next runs see; tests change it (e.g. remove a key).</summary>
    public Dictionary<string, string?> Environment { get; }

    public static async Task<CliHarness> StartAsync(ExclusionsEmulatorOptions? options = null) => new(await ExclusionsEmulator.StartAsync(options ?? new()));

    public Task<CliRun> RunAsync(params string[] args) => RunAsync(TimeSpan.FromSeconds(60), args);

    /// <summary>Runs a command, cancelling it (as Ctrl+C does) after <paramref name="limit"/>.</summary>
    public Task<CliRun> RunAsync(TimeSpan limit, params string[] args) => RunAsync(limit, TimeProvider.System, args);

    /// <summary>Runs a command whose clock (the console's <see cref="TimeProvider"/>) is <paramref name="time"/>, not the wall clock.</summary>
    public Task<CliRun> RunAtAsync(TimeProvider time, params string[] args) => RunAsync(TimeSpan.FromSeconds(60), time, args);

    private async Task<CliRun> RunAsync(TimeSpan limit, TimeProvider time, string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var console = new CliConsole(stdout, stderr, outputIsTerminal: false, errorIsTerminal: false, time);
        using var timeout = new CancellationTokenSource(limit);
        var exitCode = await CliApp.RunAsync(args, console, Environment, timeout.Token);
        return new CliRun(exitCode, stdout.ToString(), stderr.ToString());
    }

    /// <summary>Writes a temporary CSV file (deleted with the harness).</summary>
    public string WriteFile(string content)
    {
        var path = Path.Combine(Path.GetTempPath(), $"exclusions-cli-{Guid.NewGuid():N}.csv");
        File.WriteAllText(path, content);
        _files.Add(path);
        return path;
    }

    private readonly List<string> _files = [];

    public async ValueTask DisposeAsync()
    {
        foreach (var file in _files)
        {
            File.Delete(file);
        }

        if (Directory.Exists(CacheDirectory))
        {
            Directory.Delete(CacheDirectory, recursive: true);
        }

        await Emulator.DisposeAsync();
    }
}
