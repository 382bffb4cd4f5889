// An outbox drain worker: opens the store, registers the vendors it is given, runs the hosted drain,
// prints "ready", and (with --exit-when-drained) exits 0 once nothing is pending. Tests SIGKILL it at
// random moments and start it again; nothing it does may lose an item.
//
//   --store sqlite|postgresql  --sqlite PATH | --pg CONNECTION
//   [--topo URL KEY] [--amplemarket URL KEY] [--topo-limit N --window-ms MS]
//   [--batch N] [--concurrency N] [--poll-ms MS] [--lease-ms MS] [--exit-when-drained]
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

await using var provider = services.BuildServiceProvider();
var outbox = provider.GetRequiredService<ExclusionOutbox>();
await outbox.InitializeAsync();
var hosted = provider.GetServices<IHostedService>().ToArray();
foreach (var service in hosted)
{
    await service.StartAsync(CancellationToken.None);
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

Console.WriteLine("drained");
return 0;
