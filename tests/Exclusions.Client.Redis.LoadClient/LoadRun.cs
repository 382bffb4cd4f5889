using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Exclusions.Client.Testing;

namespace Exclusions.Client.Redis.LoadClient;

/// <summary>
/// Starts several worker processes (this program, <c>run</c> mode) against one emulator with one API key
/// and measures what the emulator saw. Used by the tests and by <c>benchmarks/redis-quota.sh</c>.
/// </summary>
public static class LoadRun
{
    /// <summary>The worker program (this assembly), started with <c>dotnet</c>.</summary>
    public static string WorkerPath => typeof(LoadRun).Assembly.Location;

    /// <summary>Runs <see cref="LoadRunSettings.Processes"/> workers at once and waits for all of them.</summary>
    public static async Task<LoadRunResult> RunAsync(ExclusionsEmulator emulator, LoadRunSettings settings, Func<Task>? duringRun = null, CancellationToken cancellationToken = default)
    {
        var before = emulator.Requests.Count;
        var processes = new List<(Process Process, Task<string> Output, Task<string> Errors)>();
        for (var p = 0; p < settings.Processes; p++)
        {
            var info = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet")
            {
                RedirectStandardInput = true,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            info.ArgumentList.Add(WorkerPath);
            foreach (var argument in WorkerArguments(emulator, settings, p))
            {
                info.ArgumentList.Add(argument);
            }

            var process = Process.Start(info) ?? throw new InvalidOperationException("Could not start a worker.");
            processes.Add((process, ReadAfterReadyAsync(process, cancellationToken), process.StandardError.ReadToEndAsync(cancellationToken)));
        }

        // Every worker has started and warmed up (its warm-up requests went through the same limiter).
        // A cold process sends its first requests late, so the run begins one window after the last
        // warm-up: no warm-up request is then near the run's requests.
        using (var ready = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
        {
            ready.CancelAfter(settings.Timeout);
            foreach (var (process, _, _) in processes)
            {
                await ReadyLines[process].Task.WaitAsync(ready.Token).ConfigureAwait(false);
            }
        }

        await Task.Delay(settings.ClientWindow + TimeSpan.FromMilliseconds(200), cancellationToken).ConfigureAwait(false);
        var startAt = DateTimeOffset.UtcNow;
        foreach (var (process, _, _) in processes)
        {
            await process.StandardInput.WriteLineAsync("go").ConfigureAwait(false);
            await process.StandardInput.FlushAsync(cancellationToken).ConfigureAwait(false);
        }

        if (duringRun is not null)
        {
            await duringRun().ConfigureAwait(false);
        }

        var workers = new List<WorkerReport>();
        var errors = new List<string>();
        foreach (var (process, output, error) in processes)
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(settings.Timeout);
            try
            {
                await process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException($"A worker did not finish within {settings.Timeout}: {await error.ConfigureAwait(false)}");
            }

            var line = (await output.ConfigureAwait(false)).Split('\n', StringSplitOptions.RemoveEmptyEntries).LastOrDefault(l => l.StartsWith('{'));
            errors.Add(await error.ConfigureAwait(false));
            workers.Add(line is null
                ? new WorkerReport { Id = "?", Failed = settings.ItemsPerProcess }
                : JsonSerializer.Deserialize<WorkerReport>(line, JsonOptions)!);
            ReadyLines.TryRemove(process, out _);
            process.Dispose();
        }

        // The workers' warm-up requests (before startAt) are not part of the measured run.
        var requests = emulator.Requests.Skip(before).Where(r => r.Vendor == EmulatedVendor.Amplemarket && r.Timestamp >= startAt).ToList();
        return new LoadRunResult(settings, requests, workers, errors);
    }

    private static readonly JsonSerializerOptions JsonOptions = new() { PropertyNameCaseInsensitive = true };

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<Process, TaskCompletionSource> ReadyLines = new();

    /// <summary>Waits for the worker's "ready" line (signalled through <see cref="ReadyLines"/>), then collects the rest of its output.</summary>
    private static Task<string> ReadAfterReadyAsync(Process process, CancellationToken cancellationToken)
    {
        var ready = ReadyLines.GetOrAdd(process, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        return Task.Run(
            async () =>
            {
                while (await process.StandardOutput.ReadLineAsync(cancellationToken).ConfigureAwait(false) is { } line)
                {
                    if (line == "ready")
                    {
                        ready.TrySetResult();
                        break;
                    }
                }

                ready.TrySetResult();
                return await process.StandardOutput.ReadToEndAsync(cancellationToken).ConfigureAwait(false);
            },
            cancellationToken);
    }

    private static IEnumerable<string> WorkerArguments(ExclusionsEmulator emulator, LoadRunSettings settings, int index)
    {
        string Text(long value) => value.ToString(CultureInfo.InvariantCulture);
        yield return "run";
        yield return "--base";
        yield return emulator.AmplemarketBaseAddress.ToString();
        yield return "--key";
        yield return emulator.AmplemarketApiKey;
        yield return "--count";
        yield return Text(settings.ItemsPerProcess);
        yield return "--limit";
        yield return Text(settings.Limit);
        yield return "--window-ms";
        yield return Text((long)settings.ClientWindow.TotalMilliseconds);
        yield return "--concurrency";
        yield return Text(settings.Concurrency);
        yield return "--wait-for-go";
        yield return "true";
        yield return "--max-retries";
        yield return Text(settings.MaxRetries);
        yield return "--retry-after-failure-ms";
        yield return Text((long)settings.RetryAfterFailure.TotalMilliseconds);
        yield return "--redis-operation-timeout-ms";
        yield return Text((long)settings.RedisOperationTimeout.TotalMilliseconds);
        yield return "--redis-connect-timeout-ms";
        yield return Text((long)settings.RedisConnectTimeout.TotalMilliseconds);
        yield return "--keep-running-until-recovered-ms";
        yield return Text((long)settings.KeepRunningUntilRecovered.TotalMilliseconds);
        yield return "--id";
        yield return string.Create(CultureInfo.InvariantCulture, $"{settings.RunId}-p{index}");
        if (settings.Redis is { } redis)
        {
            yield return "--redis";
            yield return redis;
            yield return "--prefix";
            yield return settings.KeyPrefix;
        }
    }
}

/// <summary>What a multi-process run does.</summary>
public sealed record LoadRunSettings
{
    public int Processes { get; init; } = 2;

    public int ItemsPerProcess { get; init; } = 50;

    /// <summary>The server's limit per <see cref="ServerWindow"/> (the bound), also the SDK's limit.</summary>
    public int Limit { get; init; } = 40;

    public TimeSpan ServerWindow { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>The SDK's window: the server's plus a small margin for the jitter between send and arrival.</summary>
    public TimeSpan ClientWindow { get; init; } = TimeSpan.FromSeconds(2);

    public int Concurrency { get; init; } = 8;

    public string? Redis { get; init; }

    public string KeyPrefix { get; init; } = "exclusions:quota:";

    public int MaxRetries { get; init; } = 3;

    public TimeSpan RetryAfterFailure { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>The workers' Redis deadlines (RedisRateLimiterOptions.OperationTimeout / ConnectTimeout); the library's defaults unless set.</summary>
    public TimeSpan RedisOperationTimeout { get; init; } = TimeSpan.FromMilliseconds(500);

    public TimeSpan RedisConnectTimeout { get; init; } = TimeSpan.FromSeconds(2);

    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// After its items, how long a worker whose limiter lost Redis keeps taking permits until it finds Redis again
    /// (zero: it stops with its items). A worker that finishes during the outage otherwise never sees Redis return.
    /// </summary>
    public TimeSpan KeepRunningUntilRecovered { get; init; }

    public string RunId { get; init; } = Guid.NewGuid().ToString("N")[..8];
}

/// <summary>One worker's closing line.</summary>
public sealed record WorkerReport
{
    public string Id { get; init; } = "";

    public int Done { get; init; }

    public int Failed { get; init; }

    public int Unavailable { get; init; }

    public int Recovered { get; init; }

    public long ElapsedMs { get; init; }
}

/// <summary>What the emulator saw during a run.</summary>
public sealed record LoadRunResult(LoadRunSettings Settings, IReadOnlyList<RecordedRequest> Requests, IReadOnlyList<WorkerReport> Workers, IReadOnlyList<string> WorkerErrors)
{
    public int TooManyRequests => Requests.Count(r => r.StatusCode == 429);

    public IReadOnlyList<RecordedRequest> Accepted => Requests.Where(r => r.StatusCode is not 429).OrderBy(r => r.Timestamp).ToList();

    public int ItemsDone => Workers.Sum(w => w.Done);

    public int ItemsFailed => Workers.Sum(w => w.Failed) + (Settings.Processes - Workers.Count) * Settings.ItemsPerProcess;

    /// <summary>
    /// Accepted requests as a fraction of the most the bound allows in their span T: at most
    /// <c>Limit · (⌊T/W⌋ + 1)</c> requests fit in any span T under a sliding window W, and this
    /// divides by the larger <c>Limit · (T/W + 1)</c>, so it never overstates.
    /// </summary>
    public double ThroughputFraction
    {
        get
        {
            var accepted = Accepted;
            if (accepted.Count == 0)
            {
                return 0;
            }

            var span = accepted[^1].Timestamp - accepted[0].Timestamp;
            return accepted.Count / (Settings.Limit * ((span / Settings.ServerWindow) + 1));
        }
    }

    /// <summary>The most accepted requests the emulator saw in any window (≤ Limit when the bound held).</summary>
    public int MaxInAnyWindow
    {
        get
        {
            var times = Accepted.Select(r => r.Timestamp).ToList();
            var max = 0;
            var start = 0;
            for (var end = 0; end < times.Count; end++)
            {
                while (times[end] - times[start] >= Settings.ServerWindow)
                {
                    start++;
                }

                max = Math.Max(max, end - start + 1);
            }

            return max;
        }
    }
}
