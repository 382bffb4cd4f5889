using System.Diagnostics;
using System.Globalization;
using Exclusions.Client.Benchmarks.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Exclusions.Client.Benchmarks.Measurements;

/// <summary>
/// Issue 17 bulk-add benchmark against <see cref="InFlightLimitedTopoServer"/> (Kestrel on loopback, 50 ms per
/// create): 10,000 contact exclusions through the facade as <c>AddTopoExclusions</c> registers it (adaptive
/// concurrency, default ceiling 32, default resilience), (a) without a server limit, bound = ceiling ÷ latency,
/// and (b) with 429 above 8 creates in flight, bound = 8 ÷ latency. Reports items/s as a share of the bound, the
/// share of requests answered 429, and whether every item was created exactly once.
/// </summary>
internal static class TopoBulkLimitMeasurement
{
    private static readonly TimeSpan Latency = TimeSpan.FromMilliseconds(50);

    public static async Task<string> RunAsync(int? serverLimit, int items = 10_000)
    {
        await using var server = await InFlightLimitedTopoServer.StartAsync(serverLimit, Latency).ConfigureAwait(false);
        var services = new ServiceCollection();
        services.AddTopoExclusions(o =>
        {
            o.ApiKey = SdkClients.ApiKey;
            o.BaseAddress = server.BaseAddress;
        });
        await using var provider = services.BuildServiceProvider();
        var topo = provider.GetRequiredService<IExclusionClient>();
        var ceiling = provider.GetRequiredService<Microsoft.Extensions.Options.IOptions<Topo.TopoOptions>>().Value.BulkConcurrency;

        // A few creates untimed first, so the JIT of client and server is not in the figure.
        await topo.AddAsync(Enumerable.Range(0, 16).Select(i => Request("warmup", i))).ConfigureAwait(false);
        var requestsBefore = server.Requests;
        var servedBefore = server.ServedSeconds;
        var refusedBefore = server.Refused;

        var watch = Stopwatch.StartNew();
        var result = await topo.AddAsync(Enumerable.Range(0, items).Select(i => Request("bulk", i)).ToList()).ConfigureAwait(false);
        watch.Stop();

        var requests = server.Requests - requestsBefore;
        var refused = server.Refused - refusedBefore;
        var created = server.Created.Where(p => p.Key.StartsWith("bulk.", StringComparison.Ordinal)).ToList();
        var notAdded = string.Join(" | ", result.Items.Where(i => i.Outcome.Kind != ItemOutcomeKind.Added)
            .GroupBy(i => i.Outcome.ToString()).Select(g => FormattableString.Invariant($"{g.Count()}x {g.Key}")));
        var served = server.ServedSeconds - servedBefore;
        var rate = items / watch.Elapsed.TotalSeconds;
        var bound = (serverLimit ?? ceiling) / Latency.TotalSeconds;
        return FormattableString.Invariant(
            $"topo-bulk-loopback limit={(serverLimit is { } l ? l.ToString(CultureInfo.InvariantCulture) : "none")} ceiling={ceiling} items={items} added={result.Added} created_once={created.Count(p => p.Value == 1)} created_twice_or_more={created.Count(p => p.Value > 1)} requests={requests} status429={refused} share429={refused / (double)requests:P2} peak_in_flight={server.PeakInFlight} mean_in_flight={served / watch.Elapsed.TotalSeconds:F2} mean_create_ms={served * 1000 / Math.Max(1, created.Count):F1} seconds={watch.Elapsed.TotalSeconds:F2} items_per_s={rate:F1} bound_per_s={bound:F0} share_of_bound={rate / bound:P1}{(notAdded.Length > 0 ? " not_added: " + notAdded : "")}");
    }

    private static ExclusionRequest Request(string prefix, int i)
        => new(ExclusionTarget.Email(string.Create(CultureInfo.InvariantCulture, $"{prefix}.{i}@acme-{i % 97}.example.com")));
}
