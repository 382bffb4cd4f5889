// The outbox benchmark, run by benchmarks/outbox/run.sh (which starts a PostgreSQL of its own):
//   enqueue rate (items/s; every EnqueueAsync is one durable, fsync'd commit) for SQLite and PostgreSQL,
//   one item per call and 100 items per call;
//   drain throughput of one process's hosted drain to an emulated Topo that enforces a request limit,
//   as a share of the bound computed from the run's own request timestamps (as ManyInstancesTests does).
// Usage: dotnet Exclusions.Client.Outbox.Benchmarks.dll [--pg CONNECTION] [--runs N]
using System.Diagnostics;
using System.Globalization;
using Exclusions.Client;
using Exclusions.Client.Outbox;
using Exclusions.Client.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;

CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
string? pg = null;
var runs = 3;
for (var i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--pg":
            pg = args[++i];
            break;
        case "--runs":
            runs = int.Parse(args[++i], CultureInfo.InvariantCulture);
            break;
        default:
            throw new ArgumentException("Unknown argument " + args[i]);
    }
}

const int Singles = 300;
const int Batches = 20;
const int BatchItems = 100;
const int DrainItems = 3000;
const int Limit = 300;
var window = TimeSpan.FromSeconds(2);
var stores = pg is null ? new[] { "sqlite" } : new[] { "sqlite", "postgresql" };
var results = new List<(string Store, string Measure, double Value)>();
var directory = Path.Combine(Path.GetTempPath(), "exclusions-outbox-bench-" + Guid.NewGuid().ToString("N")[..8]);
Directory.CreateDirectory(directory);
try
{
    for (var run = 1; run <= runs; run++)
    {
        foreach (var store in stores)
        {
            var options = await StoreOptionsAsync(store, run, "enqueue");
            await using (var outbox = new ExclusionOutbox(options, [ExclusionProvider.Topo]))
            {
                await outbox.InitializeAsync();
                for (var i = 0; i < 20; i++)
                {
                    await outbox.EnqueueAsync([OutboxItem.Add(ExclusionTarget.Email($"warm{i}@bench.example"))]);
                }

                var clock = Stopwatch.StartNew();
                for (var i = 0; i < Singles; i++)
                {
                    await outbox.EnqueueAsync([OutboxItem.Add(ExclusionTarget.Email($"one{i}@bench.example"))]);
                }

                var single = Singles / clock.Elapsed.TotalSeconds;
                clock.Restart();
                for (var b = 0; b < Batches; b++)
                {
                    await outbox.EnqueueAsync(Enumerable.Range(0, BatchItems).Select(i => OutboxItem.Add(ExclusionTarget.Email($"b{b}x{i}@bench.example"))).ToArray());
                }

                var batched = Batches * BatchItems / clock.Elapsed.TotalSeconds;
                results.Add((store, "enqueue, 1 item per commit (items/s)", single));
                results.Add((store, "enqueue, 100 items per commit (items/s)", batched));
                Console.WriteLine($"run {run} {store}: enqueue {single:F0} items/s one per commit, {batched:F0} items/s 100 per commit");
            }

            var (share, rate, limited) = await DrainAsync(await StoreOptionsAsync(store, run, "drain"));
            var limitRate = Limit / window.TotalSeconds;
            results.Add((store, "drain, accepted requests / strict bound L x (floor(T/W) + 1) (%)", share * 100));
            results.Add((store, $"drain rate (req/s; limit {limitRate:F0}/s)", rate));
            results.Add((store, "drain rate / limit (%)", rate / limitRate * 100));
            Console.WriteLine($"run {run} {store}: drain {share:P1} of the strict bound, {rate:F1} req/s = {rate / limitRate:P1} of the limit, {limited} answers 429");
        }
    }

    Console.WriteLine();
    Console.WriteLine($"| Store | Measure | Runs | Min | Median | Max |");
    Console.WriteLine($"|---|---|--:|--:|--:|--:|");
    foreach (var group in results.GroupBy(r => (r.Store, r.Measure)))
    {
        var values = group.Select(r => r.Value).Order().ToArray();
        Console.WriteLine($"| {group.Key.Store} | {group.Key.Measure} | {values.Length} | {values[0]:F1} | {values[values.Length / 2]:F1} | {values[^1]:F1} |");
    }
}
finally
{
    Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
    Directory.Delete(directory, recursive: true);
}

async Task<ExclusionOutboxOptions> StoreOptionsAsync(string store, int run, string purpose)
{
    if (store == "sqlite")
    {
        return new ExclusionOutboxOptions { SqlitePath = Path.Combine(directory, $"{purpose}-{run}.db") };
    }

    var database = $"bench_{purpose}_{run}_{Guid.NewGuid():N}"[..30];
    await using (var connection = new NpgsqlConnection(pg))
    {
        await connection.OpenAsync();
        await using var create = new NpgsqlCommand($"CREATE DATABASE {database}", connection);
        await create.ExecuteNonQueryAsync();
    }

    return new ExclusionOutboxOptions { Store = OutboxStoreKind.PostgreSql, PostgresConnectionString = new NpgsqlConnectionStringBuilder(pg) { Database = database }.ConnectionString };
}

async Task<(double Share, double Rate, int Limited)> DrainAsync(ExclusionOutboxOptions store)
{
    await using var emulator = await ExclusionsEmulator.StartAsync(new ExclusionsEmulatorOptions { TopoRequestsPerMinute = Limit, RateLimitWindow = window });
    var services = new ServiceCollection();
    services.AddLogging();
    services.AddTopoExclusions(o =>
    {
        o.BaseAddress = emulator.TopoBaseAddress;
        o.ApiKey = emulator.TopoApiKey;
        o.Resilience.MaxRetries = 0;
        o.Resilience.CircuitBreakerMinimumThroughput = 100_000;

        // 98 % of the vendor's limit, as ManyInstancesTests: the vendor counts arrivals, the client departures.
        o.RequestsPerMinute = Limit * 98 / 100;
        o.Resilience.RateLimitWindow = window;
    });
    services.AddExclusionOutbox(o =>
    {
        o.Store = store.Store;
        o.SqlitePath = store.SqlitePath;
        o.PostgresConnectionString = store.PostgresConnectionString;
        o.BatchSize = 100;
        o.DrainConcurrency = 2;
        o.PollInterval = TimeSpan.FromMilliseconds(100);
        o.RetryBaseDelay = TimeSpan.FromMilliseconds(200);
        o.RetryMaxDelay = TimeSpan.FromSeconds(2);
        o.MaxAttempts = 20;
    });
    await using var provider = services.BuildServiceProvider();
    var outbox = provider.GetRequiredService<ExclusionOutbox>();
    await outbox.EnqueueAsync(Enumerable.Range(0, DrainItems).Select(i => OutboxItem.Add(ExclusionTarget.Email($"drain{i}@bench.example"))).ToArray());
    var hosted = provider.GetServices<IHostedService>().ToArray();
    foreach (var service in hosted)
    {
        await service.StartAsync(CancellationToken.None);
    }

    while ((await outbox.GetStatusAsync()).Pending > 0)
    {
        await Task.Delay(100);
    }

    foreach (var service in hosted)
    {
        await service.StopAsync(CancellationToken.None);
    }

    var posts = emulator.Requests.Where(r => r.Method == "POST").OrderBy(r => r.Timestamp).ToList();
    var accepted = posts.Count(r => r.StatusCode != 429);
    var span = posts[^1].Timestamp - posts[0].Timestamp;
    var bound = Limit * (Math.Floor(span / window) + 1);
    return (accepted / bound, (accepted - 1) / span.TotalSeconds, posts.Count - accepted);
}
