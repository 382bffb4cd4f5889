using System.Globalization;

namespace Exclusions.Client.Redis.LoadClient;

/// <summary>The worker's command line: <c>run --base URL --key KEY --count N --limit L --window-ms W [...]</c>.</summary>
internal sealed record WorkerArguments
{
    public required Uri BaseAddress { get; init; }

    public required string ApiKey { get; init; }

    public required int Count { get; init; }

    public required int Limit { get; init; }

    public required TimeSpan Window { get; init; }

    public string? Redis { get; init; }

    public string KeyPrefix { get; init; } = "exclusions:quota:";

    public int Concurrency { get; init; } = 8;

    /// <summary>Whether to print "ready" after the warm-up and wait for a line on stdin before the run.</summary>
    public bool WaitForGo { get; init; }

    public int MaxRetries { get; init; } = 3;

    public TimeSpan RetryAfterFailure { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>The limiter's Redis deadlines (the library's defaults unless given).</summary>
    public TimeSpan RedisOperationTimeout { get; init; } = TimeSpan.FromMilliseconds(500);

    public TimeSpan RedisConnectTimeout { get; init; } = TimeSpan.FromSeconds(2);

    public string Id { get; init; } = "worker";

    /// <summary>After the items, how long to keep taking permits while the limiter has not yet found Redis again.</summary>
    public TimeSpan KeepRunningUntilRecovered { get; init; }

    public static WorkerArguments Parse(IReadOnlyList<string> args)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i + 1 < args.Count; i += 2)
        {
            values[args[i].TrimStart('-')] = args[i + 1];
        }

        string Required(string name) => values.TryGetValue(name, out var v) ? v : throw new ArgumentException($"--{name} is required.");
        int Int(string name, int fallback) => values.TryGetValue(name, out var v) ? int.Parse(v, CultureInfo.InvariantCulture) : fallback;

        return new WorkerArguments
        {
            BaseAddress = new Uri(Required("base")),
            ApiKey = Required("key"),
            Count = Int("count", 100),
            Limit = Int("limit", 40),
            Window = TimeSpan.FromMilliseconds(Int("window-ms", 2000)),
            Redis = values.GetValueOrDefault("redis"),
            KeyPrefix = values.GetValueOrDefault("prefix") ?? "exclusions:quota:",
            Concurrency = Int("concurrency", 8),
            WaitForGo = values.TryGetValue("wait-for-go", out var go) && go == "true",
            MaxRetries = Int("max-retries", 3),
            RetryAfterFailure = TimeSpan.FromMilliseconds(Int("retry-after-failure-ms", 10_000)),
            RedisOperationTimeout = TimeSpan.FromMilliseconds(Int("redis-operation-timeout-ms", 500)),
            RedisConnectTimeout = TimeSpan.FromMilliseconds(Int("redis-connect-timeout-ms", 2000)),
            Id = values.GetValueOrDefault("id") ?? "worker",
            KeepRunningUntilRecovered = TimeSpan.FromMilliseconds(Int("keep-running-until-recovered-ms", 0)),
        };
    }
}
