using System.Diagnostics;
using System.Globalization;
using Exclusions.Client.Amplemarket;
using Exclusions.Client.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Exclusions.Client.Redis.LoadClient;

/// <summary>
/// <c>report --redis CFG</c>: the figures of benchmarks/redis-quota.sh as markdown. For 1, 2 and 4
/// processes, with and without Redis: the 429s and the throughput as a fraction of the bound; then the
/// latency the shared limiter adds per request on loopback.
/// </summary>
internal static class Report
{
    public static async Task<int> RunAsync(IReadOnlyDictionary<string, string> args)
    {
        var redis = args.GetValueOrDefault("redis") ?? throw new ArgumentException("--redis is required.");
        int Int(string name, int fallback) => args.TryGetValue(name, out var v) ? int.Parse(v, CultureInfo.InvariantCulture) : fallback;
        var limit = Int("limit", 40);
        var window = TimeSpan.FromMilliseconds(Int("window-ms", 2000));
        var clientWindow = TimeSpan.FromMilliseconds(Int("client-window-ms", (int)window.TotalMilliseconds + 100));
        var items = Int("items", 200);
        var processCounts = (args.GetValueOrDefault("processes") ?? "1,2,4").Split(',').Select(p => int.Parse(p, CultureInfo.InvariantCulture)).ToArray();

        await using var emulator = await ExclusionsEmulator.StartAsync(new ExclusionsEmulatorOptions { AmplemarketRequestsPerMinute = limit, RateLimitWindow = window });
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Server bound: {limit} requests per {window.TotalSeconds:0.##} s sliding window (per key); SDK: {limit} per {clientWindow.TotalSeconds:0.##} s; {items} items in total, one request each; 8 concurrent calls per process."));
        Console.WriteLine();
        Console.WriteLine("| processes | shared limit | requests sent | 429s | items done / failed | throughput (of bound) | max in any window | wall time |");
        Console.WriteLine("|---:|---|---:|---:|---:|---:|---:|---:|");
        foreach (var processes in processCounts)
        {
            foreach (var useRedis in new[] { false, true })
            {
                emulator.Reset();
                var stopwatch = Stopwatch.StartNew();
                var result = await LoadRun.RunAsync(emulator, new LoadRunSettings
                {
                    Processes = processes,
                    ItemsPerProcess = (items + processes - 1) / processes,
                    Limit = limit,
                    ServerWindow = window,
                    ClientWindow = clientWindow,
                    Redis = useRedis ? redis : null,
                    KeyPrefix = "exclusions:bench:" + Guid.NewGuid().ToString("N")[..8] + ":",
                    Timeout = TimeSpan.FromMinutes(5),
                });
                stopwatch.Stop();
                if (args.ContainsKey("verbose"))
                {
                    var t0 = result.Requests.Count > 0 ? result.Requests.Min(r => r.Timestamp) : default;
                    Console.Error.WriteLine(string.Join(" ", result.Requests.OrderBy(r => r.Timestamp).Select(r => string.Create(CultureInfo.InvariantCulture, $"{(r.Timestamp - t0).TotalMilliseconds:0}{(r.StatusCode == 429 ? "!" : "")}"))));
                    foreach (var error in result.WorkerErrors.Where(e => e.Length > 0))
                    {
                        Console.Error.WriteLine(error.Length > 3000 ? error[..3000] : error);
                    }
                }
                Console.WriteLine(string.Create(
                    CultureInfo.InvariantCulture,
                    $"| {processes} | {(useRedis ? "Redis" : "no (in-process)")} | {result.Requests.Count} | {result.TooManyRequests} | {result.ItemsDone} / {result.ItemsFailed} | {result.ThroughputFraction:P1} | {result.MaxInAnyWindow} / {limit} | {stopwatch.Elapsed.TotalSeconds:0.0} s |"));
            }
        }

        Console.WriteLine();
        await LatencyAsync(redis, Int("latency-requests", 2000));
        return 0;
    }

    /// <summary>Sequential GETs against an unlimited emulator, with a budget large enough never to wait: the difference is the limiter's cost.</summary>
    private static async Task LatencyAsync(string redis, int requests)
    {
        await using var emulator = await ExclusionsEmulator.StartAsync(new ExclusionsEmulatorOptions { AmplemarketRequestsPerMinute = null });
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Latency per request on loopback ({requests} sequential GETs after 200 warm-up, a budget that never makes a caller wait):"));
        Console.WriteLine();
        Console.WriteLine("| limiter | mean | p50 | p99 |");
        Console.WriteLine("|---|---:|---:|---:|");
        double? baseline = null;
        foreach (var useRedis in new[] { false, true })
        {
            var services = new ServiceCollection();
            var builder = services.AddAmplemarketExclusions(o =>
            {
                o.ApiKey = emulator.AmplemarketApiKey;
                o.BaseAddress = emulator.AmplemarketBaseAddress;
                o.RequestsPerMinute = 10_000_000;
            });
            if (useRedis)
            {
                builder.AddRedisRateLimiter(redis, o => o.KeyPrefix = "exclusions:bench-latency:");
            }

            await using var provider = services.BuildServiceProvider();
            var client = provider.GetRequiredService<AmplemarketExclusionsClient>();
            for (var i = 0; i < 200; i++)
            {
                await client.GetExcludedEmailsPageAsync();
            }

            var samples = new double[requests];
            for (var i = 0; i < requests; i++)
            {
                var started = Stopwatch.GetTimestamp();
                await client.GetExcludedEmailsPageAsync();
                samples[i] = Stopwatch.GetElapsedTime(started).TotalMicroseconds;
            }

            Array.Sort(samples);
            var mean = samples.Average();
            var added = baseline is { } b ? string.Create(CultureInfo.InvariantCulture, $" (+{mean - b:0} µs)") : string.Empty;
            baseline ??= mean;
            Console.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"| {(useRedis ? "shared (Redis)" : "in-process")} | {mean:0} µs{added} | {samples[samples.Length / 2]:0} µs | {samples[(int)(samples.Length * 0.99)]:0} µs |"));
        }
    }
}
