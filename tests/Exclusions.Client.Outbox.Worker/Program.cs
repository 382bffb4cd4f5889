// An outbox drain worker: opens the store, registers the vendors it is given, runs the hosted drain,
// prints "ready", and (with --exit-when-drained) exits 0 once nothing is pending. Tests SIGKILL it at
// random moments and start it again; nothing it does may lose an item.
//
//   --store sqlite|postgresql  --sqlite PATH | --pg CONNECTION
//   [--topo URL KEY] [--amplemarket URL KEY] [--topo-limit N --window-ms MS]
//   [--batch N] [--concurrency N] [--poll-ms MS] [--lease-ms MS] [--exit-when-drained] [--warm-up]
// --warm-up: one vendor read per client before "ready", so that a measured drain is that of a running
// instance, not its first request's JIT compilation and connection set-up.
// On a clean exit it prints "stored RESULT COUNT first UNIX-MS last UNIX-MS" per delivery result it stored.
using System.Diagnostics.Metrics;
using System.Globalization;
using Exclusions.Client;
using Exclusions.Client.Outbox;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

var settings = new Dictionary<string, string[]>(StringComparer.Ordinal);
for (var i = 0; i < args.Length; i++)
{
    var values = new List<string>();
    while (i + 1 < args.Length && !args[i + 1].StartsWith("--", StringComparison.Ordinal))
    {
        values.Add(args[++i]);
    }

    settings[args[i - values.Count]] = [.. values];
}

string? One(string name) => settings.TryGetValue(name, out var v) && v.Length > 0 ? v[0] : null;
int Int(string name, int fallback) => One(name) is { } v ? int.Parse(v, CultureInfo.InvariantCulture) : fallback;

var services = new ServiceCollection();
services.AddLogging(logging =>
{
    logging.SetMinimumLevel(LogLevel.Warning);
    logging.AddSimpleConsole(o => o.SingleLine = true);
});
var window = TimeSpan.FromMilliseconds(Int("--window-ms", 60_000));
if (settings.TryGetValue("--topo", out var topo))
{
    services.AddTopoExclusions(o =>
    {
        o.BaseAddress = new Uri(topo[0]);
        o.ApiKey = topo[1];
        o.BulkConcurrency = Int("--topo-concurrency", 8);
        o.Resilience.MaxRetries = 0;
        if (One("--topo-limit") is not null)
        {
            o.RequestsPerMinute = Int("--topo-limit", 0);
            o.Resilience.RateLimitWindow = window;
        }
    });
}

if (settings.TryGetValue("--amplemarket", out var amplemarket))
{
    services.AddAmplemarketExclusions(o =>
    {
        o.BaseAddress = new Uri(amplemarket[0]);
        o.ApiKey = amplemarket[1];
        o.Resilience.MaxRetries = 0;
        o.RequestsPerMinute = 100_000;
    });
}

services.AddExclusionOutbox(o =>
{
    o.Store = One("--store") == "postgresql" ? OutboxStoreKind.PostgreSql : OutboxStoreKind.Sqlite;
    o.SqlitePath = One("--sqlite") ?? o.SqlitePath;
    o.PostgresConnectionString = One("--pg");
    o.BatchSize = Int("--batch", 100);
    o.DrainConcurrency = Int("--concurrency", 1);
    o.PollInterval = TimeSpan.FromMilliseconds(Int("--poll-ms", 100));
    o.LeaseDuration = TimeSpan.FromMilliseconds(Int("--lease-ms", 120_000));
    o.RetryBaseDelay = TimeSpan.FromMilliseconds(200);
    o.RetryMaxDelay = TimeSpan.FromSeconds(2);
    o.MaxAttempts = 20;
});

// For the many-instances test's per-phase figures: when this worker stored each outcome (unix ms, count, result).
var stored = new List<(long AtMs, long Count, string Result)>();
using var listener = new MeterListener();
listener.InstrumentPublished = (instrument, l) =>
{
    if (instrument.Name == "exclusions.outbox.deliveries")
    {
        l.EnableMeasurementEvents(instrument);
    }
};
listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
{
    var result = "?";
    foreach (var tag in tags)
    {
        if (tag.Key == "result")
        {
            result = tag.Value?.ToString() ?? "?";
        }
    }

    lock (stored)
    {
        stored.Add((DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), value, result));
    }
});
listener.Start();

await using var provider = services.BuildServiceProvider();
var outbox = provider.GetRequiredService<ExclusionOutbox>();
await outbox.InitializeAsync();
var hosted = provider.GetServices<IHostedService>().ToArray();
foreach (var service in hosted)
{
    await service.StartAsync(CancellationToken.None);
}

if (settings.ContainsKey("--warm-up"))
{
    foreach (var client in provider.GetServices<IExclusionClient>())
    {
        await client.FindAsync(ExclusionTarget.Email("warm-up@outbox.example"));
    }
}

Console.WriteLine("ready");
Console.Out.Flush();

if (settings.ContainsKey("--exit-when-drained"))
{
    while ((await outbox.GetStatusAsync()).Pending > 0)
    {
        await Task.Delay(100);
    }
}
else
{
    // Runs until the harness closes stdin (or kills it).
    await Console.In.ReadToEndAsync();
}

foreach (var service in hosted)
{
    await service.StopAsync(CancellationToken.None);
}

lock (stored)
{
    foreach (var group in stored.GroupBy(s => s.Result))
    {
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"stored {group.Key} {group.Sum(s => s.Count)} first {group.Min(s => s.AtMs)} last {group.Max(s => s.AtMs)}"));
    }
}

Console.WriteLine("drained");
return 0;
