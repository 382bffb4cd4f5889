using System.Diagnostics;
using System.Text;

namespace Exclusions.Client.Outbox.Tests;

/// <summary>
/// One run of the drain worker (tests/Exclusions.Client.Outbox.Worker) as an OS process: started with
/// <c>dotnet</c>, ready once it prints <c>ready</c>, stopped by closing its stdin, or killed with SIGKILL.
/// </summary>
public sealed class WorkerProcess : IDisposable
{
    // Process starts on a busy two-core machine can take many seconds: generous, never a speed assert.
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(120);
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private WorkerProcess(Process process)
    {
        _process = process;
    }

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    /// <summary>What the worker wrote to stdout and stderr so far (for failure messages).</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    public static WorkerProcess Start(IEnumerable<string> arguments)
    {
        var worker = WorkerPath();
        var host = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } path && File.Exists(path) ? path : "dotnet";
        var info = new ProcessStartInfo(host)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(worker);
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        var run = new WorkerProcess(process);
        process.OutputDataReceived += (_, e) => run.Received(e.Data, stdout: true);
        process.ErrorDataReceived += (_, e) => run.Received(e.Data, stdout: false);
        process.Exited += (_, _) => run._ready.TrySetException(new InvalidOperationException("The worker exited before it was ready."));
        Assert.True(process.Start(), "The worker did not start.");
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return run;
    }

    /// <summary>
    /// The worker in its own build output (tests/Exclusions.Client.Outbox.Worker/bin/CONFIG/TFM): its
    /// deps.json expects the Microsoft.Extensions assemblies beside it, which the tests' output (on the
    /// ASP.NET Core shared framework, for the emulator) does not carry.
    /// </summary>
    public static string WorkerPath()
    {
        var tests = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var tfm = tests.Name;
        var configuration = tests.Parent!.Name;
        var root = tests.Parent.Parent!.Parent!.Parent!.FullName;
        var worker = Path.Combine(root, "Exclusions.Client.Outbox.Worker", "bin", configuration, tfm, "Exclusions.Client.Outbox.Worker.dll");
        Assert.True(File.Exists(worker), $"The worker is not built: {worker} (the test project references it, so building the tests builds it).");
        return worker;
    }

    public async Task WaitReadyAsync()
    {
        try
        {
            await _ready.Task.WaitAsync(ReadyTimeout);
        }
        catch (Exception e) when (e is TimeoutException or InvalidOperationException)
        {
            throw new InvalidOperationException($"Worker {Id} not ready: {e.Message}\n{Output}", e);
        }
    }

    /// <summary>SIGKILL (Process.Kill on Unix): no shutdown code runs, nothing is flushed.</summary>
    public async Task KillAsync()
    {
        _process.Kill(entireProcessTree: true);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await _process.WaitForExitAsync(timeout.Token);
    }

    /// <summary>Closes stdin (the worker stops its drain and exits) and waits for the exit code.</summary>
    public async Task<int> StopAsync()
    {
        _process.StandardInput.Close();
        return await WaitForExitAsync(TimeSpan.FromSeconds(120));
    }

    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"Worker {Id} did not exit within {timeout}.\n{Output}");
        }

        return _process.ExitCode;
    }

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit(30_000);
            }
        }
        catch (InvalidOperationException)
        {
        }

        _process.Dispose();
    }

    private void Received(string? line, bool stdout)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }

        if (stdout && line == "ready")
        {
            _ready.TrySetResult();
        }
    }
}
