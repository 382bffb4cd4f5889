using System.Diagnostics;
using System.Globalization;
using Exclusions.Client.Amplemarket;
using Exclusions.Client.Benchmarks.Infrastructure;
using Exclusions.Client.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Exclusions.Client.Benchmarks.Measurements;

/// <summary>
/// Benchmark 3: a bulk add of 10,000 e-mails to the Amplemarket emulator (real Kestrel on loopback),
/// which enforces its rate limit with 429s, through the SDK with its client-side quota limiter set to
/// the same budget. Both count per minute; to finish in seconds, both run on a
/// <see cref="ScaledTimeProvider"/> 60 times faster than real time, so "50 requests per minute" means 50
/// requests per real second, and every window, timeout and back-off is compressed alike. Chunks of 10
/// make 1,000 requests: 20 windows' worth, so the first window's burst is a small part of the run.
/// </summary>
internal static class RateLimitedBulkMeasurement
{
    public const int Items = 10_000;
    public const int ChunkSize = 10;
    public const int RequestsPerMinute = 50;
    public const int ClockFactor = 60;

    public static async Task<RateLimitedBulkResult> RunAsync()
    {
        var clock = new ScaledTimeProvider(ClockFactor);
        await using var emulator = await ExclusionsEmulator.StartAsync(new ExclusionsEmulatorOptions
        {
            TimeProvider = clock,
            AmplemarketRequestsPerMinute = RequestsPerMinute,
        }).ConfigureAwait(false);

        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(clock);
        services.AddExclusionsEmulator(emulator, configureAmplemarket: o =>
        {
            o.RequestsPerMinute = RequestsPerMinute;
            o.BulkChunkSize = ChunkSize;
        });
        await using var provider = services.BuildServiceProvider();
        var client = provider.GetRequiredService<AmplemarketExclusionsClient>();
        var emails = Enumerable.Range(0, Items)
            .Select(i => string.Create(CultureInfo.InvariantCulture, $"bulk.{i}@rate-{i % 97}.example.com"))
            .ToList();

        var watch = Stopwatch.StartNew();
        var result = await client.AddExcludedEmailsAsync(emails).ConfigureAwait(false);
        watch.Stop();

        var posts = emulator.Requests.Where(r => r.Vendor == EmulatedVendor.Amplemarket && r.Method == "POST").ToList();
        var windowReal = TimeSpan.FromMinutes(1) / ClockFactor;
        var needed = (Items + ChunkSize - 1) / ChunkSize;

        // Under "at most N in any window", request k (1-based) can start at (k-1)/N windows at the earliest.
        var minimum = windowReal * ((needed - 1) / RequestsPerMinute);
        return new RateLimitedBulkResult(
            Items,
            ChunkSize,
            RequestsPerMinute,
            ClockFactor,
            needed,
            posts.Count,
            posts.Count(r => r.StatusCode == 429),
            result.Added,
            result.Items.Count(i => i.Outcome.Kind != ItemOutcomeKind.Added),
            emulator.Amplemarket.ExcludedEmails.Count,
            watch.Elapsed,
            minimum);
    }
}

internal sealed record RateLimitedBulkResult(
    int Items,
    int ChunkSize,
    int RequestsPerMinute,
    int ClockFactor,
    int RequestsNeeded,
    int RequestsSent,
    int Server429s,
    int Added,
    int NotAdded,
    int StoredOnServer,
    TimeSpan Elapsed,
    TimeSpan MinimumPossible)
{
    /// <summary>The bound in real requests per second.</summary>
    public double BoundPerSecond => RequestsPerMinute * ClockFactor / 60.0;

    /// <summary>Achieved throughput as a fraction of the bound: the fastest the limit allows, over the time taken.</summary>
    public double FractionOfBound => MinimumPossible / Elapsed;
}
