using Exclusions.Client.Amplemarket;
using Exclusions.Client.Topo;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace Exclusions.Client.Testing.Tests.Contract;

/// <summary>
/// Bounded soak on loopback: 1,000 adds then 1,000 removes per vendor through the facade, against the
/// emulator injecting ~20 % faults (429, 503, dropped connections, and writes applied whose response is
/// then dropped). Every item must end definitive, none lost, none duplicated.
/// </summary>
public sealed class SoakTests(ITestOutputHelper output)
{
    private const int Items = 1_000;

    public static TheoryData<string> Vendors => new() { "topo", "amplemarket" };

    [Theory]
    [MemberData(nameof(Vendors))]
    public async Task Thousand_items_survive_twenty_percent_faults_with_nothing_lost_or_duplicated(string vendor)
    {
        var provider = new ExclusionProvider(vendor);
        var emulated = vendor == "topo" ? EmulatedVendor.Topo : EmulatedVendor.Amplemarket;
        await using var env = await EmulatorClients.StartAsync(
            new ExclusionsEmulatorOptions
            {
                RandomSeed = 20261129,
                TopoApiKey = "topo_soak_" + Guid.NewGuid().ToString("N"),
                AmplemarketApiKey = "amp_soak_" + Guid.NewGuid().ToString("N"),
                AmplemarketPageSize = 100,
            },
            services =>
            {
                services.Configure<TopoOptions>(o => FastRetries(o.Resilience));
                services.Configure<AmplemarketOptions>(o =>
                {
                    FastRetries(o.Resilience);
                    o.RequestsPerMinute = 100_000;
                    o.BulkChunkSize = 10;
                });
            });
        foreach (var fault in new[]
                 {
                     FaultRule.RateLimit(),
                     FaultRule.ServerError(503),
                     FaultRule.DropConnection(),
                     FaultRule.ApplyThenDropResponse(),
                 })
        {
            env.Emulator.Faults.Add(fault with { Vendor = emulated, Probability = 0.055 });
        }

        var client = env.Facade(provider);
        var targets = Enumerable.Range(0, Items).Select(i => ExclusionTarget.Email($"soak{i:D4}@acme-soak.com")).ToArray();

        var added = await client.AddAsync(targets.Select(t => new ExclusionRequest(t)));
        var stored = Stored(env.Emulator, vendor);
        var removed = await client.RemoveAsync(targets);
        var left = Stored(env.Emulator, vendor);

        var requests = env.Emulator.Requests;
        var faulted = requests.Count(r => r.Fault is not null);
        output.WriteLine($"{vendor}: {requests.Count} requests, {faulted} faulted ({100.0 * faulted / requests.Count:0.0} %): " +
                         string.Join(", ", requests.Where(r => r.Fault is not null).GroupBy(r => r.Fault).Select(g => $"{g.Key} {g.Count()}")));
        output.WriteLine($"{vendor}: add → {added}");
        output.WriteLine($"{vendor}: remove → {removed}");

        Assert.InRange(faulted, requests.Count / 10, requests.Count * 3 / 10);
        Assert.Equal(Items, added.Items.Count);
        Assert.All(added.Items, i => Assert.Contains(i.Outcome.Kind, new[] { ItemOutcomeKind.Added, ItemOutcomeKind.AlreadyExcluded }));
        Assert.Equal(Items, stored.Count);
        Assert.Equal(Items, stored.Distinct(StringComparer.OrdinalIgnoreCase).Count());
        Assert.Equal(Items, removed.Items.Count);
        Assert.All(removed.Items, i => Assert.Contains(i.Outcome.Kind, new[] { ItemOutcomeKind.Removed, ItemOutcomeKind.NotFound }));
        Assert.Empty(left);
    }

    [Fact]
    public async Task Topo_bulk_add_with_the_default_retry_count_loses_nothing_when_a_third_of_requests_are_refused_for_load()
    {
        // With the default 3 retries, an item whose 4 attempts all meet a 429/503 (0.3^4, about 8 in 1,000) used to end
        // Failed: the bulk runner now sends such an item back through its concurrency limiter (bounded), so under load
        // refusals every item still ends Added, and each value is held exactly once.
        await using var env = await EmulatorClients.StartAsync(
            new ExclusionsEmulatorOptions
            {
                RandomSeed = 20261206,
                TopoApiKey = "topo_soak_" + Guid.NewGuid().ToString("N"),
                AmplemarketApiKey = "amp_soak_" + Guid.NewGuid().ToString("N"),
            },
            services => services.Configure<TopoOptions>(o =>
            {
                FastRetries(o.Resilience);
                o.Resilience.MaxRetries = ExclusionResilienceOptions.DefaultMaxRetries;
            }));
        env.Emulator.Faults.Add(FaultRule.RateLimit() with { Vendor = EmulatedVendor.Topo, Probability = 0.2 });
        env.Emulator.Faults.Add(FaultRule.ServerError(503) with { Vendor = EmulatedVendor.Topo, Probability = 0.125 });
        var targets = Enumerable.Range(0, Items).Select(i => ExclusionTarget.Email($"load{i:D4}@acme-soak.com")).ToArray();

        var added = await env.Facade(ExclusionProvider.Topo).AddAsync(targets.Select(t => new ExclusionRequest(t)));

        var requests = env.Emulator.Requests;
        var faulted = requests.Count(r => r.Fault is not null);
        output.WriteLine($"topo: {requests.Count} requests, {faulted} refused for load ({100.0 * faulted / requests.Count:0.0} %); add → {added}");
        Assert.InRange(faulted, requests.Count / 5, requests.Count / 2);
        Assert.True(Items == added.Added, string.Join("; ", added.Items.Where(i => i.Outcome.Kind != ItemOutcomeKind.Added).Take(3).Select(i => i.Outcome.ToString())));
        var stored = Stored(env.Emulator, "topo");
        Assert.Equal(Items, stored.Count);
        Assert.Equal(Items, stored.Distinct(StringComparer.OrdinalIgnoreCase).Count());
    }

    private static void FastRetries(ExclusionResilienceOptions resilience)
    {
        // Same pipeline as production, scaled down in time so the soak runs in seconds.
        resilience.MaxRetries = 10;
        resilience.BaseDelay = TimeSpan.FromMilliseconds(1);
        resilience.MaxDelay = TimeSpan.FromMilliseconds(20);
        resilience.MaxRetryAfter = TimeSpan.FromMilliseconds(20);

        // A 429 without Retry-After waits as the per-minute budget implies (up to a window): scale the window down too.
        resilience.RateLimitWindow = TimeSpan.FromMilliseconds(20);
        resilience.AttemptTimeout = TimeSpan.FromSeconds(10);
    }

    private static List<string> Stored(ExclusionsEmulator emulator, string vendor)
        => vendor == "topo"
            ? emulator.Topo.ContactExclusions.Select(e => e.Email!).ToList()
            : emulator.Amplemarket.ExcludedEmails.Select(e => e.Value).ToList();
}
