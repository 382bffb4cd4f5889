using System.Diagnostics;
using System.Globalization;
using Exclusions.Client.Amplemarket;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Exclusions.Client.Redis.LoadClient;

/// <summary>
/// One process of a multi-process run: adds <c>Count</c> e-mails, one request each, through the SDK's
/// Amplemarket client (limit and window as given, optionally shared through Redis), then prints one
/// JSON line with what happened.
/// </summary>
internal static class Worker
{
    public static async Task<int> RunAsync(WorkerArguments args)
    {
        var logs = new CountingLoggerProvider();
        var services = new ServiceCollection();
        services.AddLogging(logging =>
        {
            logging.ClearProviders();
            logging.SetMinimumLevel(LogLevel.Information);
            logging.AddProvider(logs);
        });
        var client = services.AddAmplemarketExclusions(o =>
        {
            o.ApiKey = args.ApiKey;
            o.BaseAddress = args.BaseAddress;
            o.BulkChunkSize = 1;
            o.RequestsPerMinute = args.Limit;
            o.Resilience.RateLimitWindow = args.Window;
            o.Resilience.MaxRetries = args.MaxRetries;
        });
        if (args.Redis is { } redis)
        {
            client.AddRedisRateLimiter(redis, o =>
            {
                o.KeyPrefix = args.KeyPrefix;
                o.RetryAfterFailure = args.RetryAfterFailure;
                o.OperationTimeout = args.RedisOperationTimeout;
                o.ConnectTimeout = args.RedisConnectTimeout;
            });
        }

        await using var provider = services.BuildServiceProvider();
        var amplemarket = provider.GetRequiredService<AmplemarketExclusionsClient>();

        // Warm up before the measured run: a cold process opens its connections and compiles its code
        // between taking a permit and sending, so its first requests arrive late and bunch up against
        // the next window's. These requests count like any other; the run starts a window later.
        await Task.WhenAll(Enumerable.Range(0, Math.Max(1, args.Concurrency)).Select(async _ =>
        {
            try
            {
                await amplemarket.GetExcludedEmailsPageAsync();
            }
            catch (ExclusionApiException e)
            {
                Console.Error.WriteLine($"warm-up failed: {e.Message}");
            }
        }));

        // Ready; all workers begin together when the harness says "go" on stdin.
        if (args.WaitForGo)
        {
            Console.WriteLine("ready");
            Console.Out.Flush();
            await Console.In.ReadLineAsync();
        }

        var next = -1;
        var done = 0;
        var failed = 0;
        var stopwatch = Stopwatch.StartNew();
        var workers = Enumerable.Range(0, Math.Max(1, args.Concurrency)).Select(async _ =>
        {
            while (Interlocked.Increment(ref next) is var i && i < args.Count)
            {
                try
                {
                    var result = await amplemarket.AddExcludedEmailsAsync([string.Create(CultureInfo.InvariantCulture, $"{args.Id}-{i}@load.example.com")]);
                    Interlocked.Increment(ref result.AllSucceeded ? ref done : ref failed);
                }
                catch (Exception e)
                {
                    Console.Error.WriteLine($"item {i} failed: {e.GetType().Name}: {e.Message}");
                    Interlocked.Increment(ref failed);
                }
            }
        });
        await Task.WhenAll(workers);
        stopwatch.Stop();

        // A worker that finished its items while Redis was down would report "not recovered" only because it
        // stopped asking: when told to, it keeps taking permits (one list request at a time) until the limiter
        // has found Redis again, or the bound passes. These requests are not items and do not count as done.
        var keepAliveUntil = Stopwatch.StartNew();
        while (logs.Unavailable > logs.Recovered && keepAliveUntil.Elapsed < args.KeepRunningUntilRecovered)
        {
            try
            {
                await amplemarket.GetExcludedEmailsPageAsync();
            }
            catch (ExclusionApiException e)
            {
                Console.Error.WriteLine($"keep-alive request failed: {e.Message}");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(100));
        }

        Console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $$"""{"id":"{{args.Id}}","done":{{done}},"failed":{{failed}},"unavailable":{{logs.Unavailable}},"recovered":{{logs.Recovered}},"elapsedMs":{{stopwatch.ElapsedMilliseconds}}}"""));
        return failed == 0 ? 0 : 1;
    }
}
