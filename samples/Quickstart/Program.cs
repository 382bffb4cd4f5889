// Quickstart: register both vendors through DI, add a few exclusions to both, list them, check a
// handful of prospects, remove one. Runs against the embedded emulator unless TOPO_API_KEY and/or
// AMPLEMARKET_API_KEY are set, in which case it talks to the real API(s) of the key(s) given.
using Exclusions.Client;
using Exclusions.Client.Testing;
using Microsoft.Extensions.DependencyInjection;

var topoKey = Environment.GetEnvironmentVariable("TOPO_API_KEY");
var amplemarketKey = Environment.GetEnvironmentVariable("AMPLEMARKET_API_KEY");
var useEmulator = string.IsNullOrEmpty(topoKey) && string.IsNullOrEmpty(amplemarketKey);

await using var emulator = useEmulator ? await ExclusionsEmulator.StartAsync() : null;

var services = new ServiceCollection();
if (emulator is not null)
{
    Console.WriteLine($"Target: the embedded emulator on {emulator.TopoBaseAddress.GetLeftPart(UriPartial.Authority)} (no API keys needed).");
    Console.WriteLine("        Set TOPO_API_KEY and/or AMPLEMARKET_API_KEY to run against the real APIs instead.");
    services.AddExclusionsEmulator(emulator);
}
else
{
    if (!string.IsNullOrEmpty(topoKey))
    {
        var baseUrl = Environment.GetEnvironmentVariable("TOPO_BASE_URL");
        Console.WriteLine($"Target: the REAL Topo API at {baseUrl ?? "https://api.topo.io/v1"} (TOPO_API_KEY is set).");
        services.AddTopoExclusions(o => { o.ApiKey = topoKey; if (baseUrl is not null) { o.BaseAddress = new Uri(baseUrl); } });
    }

    if (!string.IsNullOrEmpty(amplemarketKey))
    {
        var baseUrl = Environment.GetEnvironmentVariable("AMPLEMARKET_BASE_URL");
        Console.WriteLine($"Target: the REAL Amplemarket API at {baseUrl ?? "https://api.amplemarket.com"} (AMPLEMARKET_API_KEY is set).");
        services.AddAmplemarketExclusions(o => { o.ApiKey = amplemarketKey; if (baseUrl is not null) { o.BaseAddress = new Uri(baseUrl); } });
    }
}

await using var provider = services.BuildServiceProvider();
var clients = provider.GetRequiredService<ExclusionClients>();
Console.WriteLine($"Providers: {string.Join(", ", clients.Providers)}");

// 1. Add a few exclusions to every provider.
var requests = new[]
{
    new ExclusionRequest(ExclusionTarget.Email("jane.doe@acme-demo.com"), ExclusionReason.Unsubscribed, "Unsubscribed via footer link"),
    new ExclusionRequest(ExclusionTarget.Domain("https://rival-demo.com/about"), ExclusionReason.Competitor, "Direct competitor"),
    new ExclusionRequest(ExclusionTarget.LinkedInUrl("https://www.linkedin.com/in/john-demo/"), ExclusionReason.ContactRefused),
    new ExclusionRequest(ExclusionTarget.Email("ooo@globex-demo.com"), ExclusionReason.OutOfOffice, until: DateTimeOffset.UtcNow.AddDays(14)),
};
Section("1. Add 4 exclusions to every provider");
foreach (var (vendor, result) in await clients.AddAsync(requests))
{
    foreach (var item in result.Items)
    {
        Console.WriteLine($"  {vendor,-12} {item.Input.Target,-50} {item.Outcome}");
    }

    Console.WriteLine($"  {vendor,-12} => {result}");
}

// 2. List everything each provider now holds.
Section("2. List every exclusion (all pages)");
await foreach (var exclusion in clients.ListAsync())
{
    var until = exclusion.Until is { } u ? $"until {u:yyyy-MM-dd}" : "permanent";
    Console.WriteLine($"  {exclusion.Provider,-12} {exclusion.Target,-50} {exclusion.Reason?.ToString() ?? "-",-16} {until}");
}

// 3. Check prospects locally against a snapshot of both lists.
Section("3. Check prospects before a send");
var snapshot = await clients.LoadSnapshotAsync();
string[] prospects = ["jane.doe@acme-demo.com", "CEO@Rival-Demo.com", "sales@eu.rival-demo.com", "ooo@globex-demo.com", "new.lead@initech-demo.com"];
foreach (var email in prospects)
{
    var match = snapshot.Match(email, DateTimeOffset.UtcNow);
    Console.WriteLine($"  {email,-28} {(match.IsExcluded ? "EXCLUDED by " + match + $" ({match.Kind})" : "ok to contact")}");
}

// 4. Remove one exclusion everywhere.
Section("4. Remove jane.doe@acme-demo.com everywhere");
foreach (var (vendor, result) in await clients.RemoveAsync([ExclusionTarget.Email("jane.doe@acme-demo.com")]))
{
    Console.WriteLine($"  {vendor,-12} {result.Items[0].Input,-50} {result.Items[0].Outcome}");
}

var after = await clients.LoadSnapshotAsync();
Console.WriteLine($"  jane.doe@acme-demo.com is now {(after.IsExcluded("jane.doe@acme-demo.com") ? "still excluded" : "ok to contact")}.");

if (emulator is not null)
{
    Console.WriteLine();
    Console.WriteLine($"The emulator served {emulator.Requests.Count} requests. Done.");
}

static void Section(string title)
{
    Console.WriteLine();
    Console.WriteLine(title);
}
