using System.Globalization;
using CsCheck;
using Exclusions.Client.Amplemarket;
using Exclusions.Client.Topo;
using Microsoft.Extensions.DependencyInjection;

namespace Exclusions.Client.Testing.Tests.Contract;

/// <summary>
/// For any list length, page size, Topo page concurrency and rate of injected faults (503, dropped
/// connections, 429, a response lost after the request was served), listing through the SDK returns exactly
/// the stored entries, in the server's order: none lost, none repeated. Both vendors, both lists each, through
/// the typed clients and the facade.
/// </summary>
public sealed class PagingProperties : IAsyncLifetime
{
    private static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static readonly FaultRule[] FaultKinds =
    [
        FaultRule.ServerError(503),
        FaultRule.DropConnection(),
        FaultRule.RateLimit(TimeSpan.Zero),
        FaultRule.ApplyThenDropResponse(),
    ];

    /// <summary>(page size, entries): at most 30 pages a list, so an iteration stays short.</summary>
    private static readonly Gen<(int Size, int Count)> TopoShape =
        Gen.Int[1, TopoListQuery.MaxPageSize].SelectMany(size => Gen.Int[0, size * 30].Select(count => (size, count)));

    private static readonly Gen<(int Size, int Count)> AmplemarketShape =
        Gen.Int[1, AmplemarketOptions.MaxListPageSize].SelectMany(size => Gen.Int[0, Math.Min(size * 30, 3_000)].Select(count => (size, count)));

    /// <summary>No faults, or each request failing with this probability (retried by the SDK's pipeline).</summary>
    private static readonly Gen<double> FaultRate = Gen.OneOf(Gen.Const(0.0), Gen.Const(0.03), Gen.Const(0.1));

    private ExclusionsEmulator _emulator = null!;

    public async Task InitializeAsync() =>
        _emulator = await ExclusionsEmulator.StartAsync(new ExclusionsEmulatorOptions { RandomSeed = 17, AmplemarketRequestsPerMinute = null });

    public async Task DisposeAsync() => await _emulator.DisposeAsync();

    [Fact]
    public void Topo_lists_return_exactly_the_stored_entries_in_order_for_any_size_concurrency_and_fault_rate()
    {
        Gen.Select(TopoShape, Gen.Int[1, 16], FaultRate, Gen.Int[0, FaultKinds.Length - 1]).Sample((shape, concurrency, rate, kind) =>
        {
            _emulator.Reset();
            for (var i = 0; i < shape.Count; i++)
            {
                _emulator.Topo.SeedContactExclusion(Invariant($"c{i}@acme-{i % 7}.example"), createdAt: Start.AddMilliseconds(i));
                if (i % 2 == 0)
                {
                    _emulator.Topo.SeedAccountExclusion(Invariant($"d{i}.example"), createdAt: Start.AddMilliseconds(i));
                }
            }

            InjectFaults(EmulatedVendor.Topo, rate, kind);
            using var services = Services(topo: o => o.ListConcurrency = concurrency);
            var topo = services.GetRequiredService<TopoExclusionsClient>();

            var contacts = Collect(topo.ListContactExclusionsAsync(new ContactExclusionQuery { PageSize = shape.Size }), c => c.Email!);
            var accounts = Collect(topo.ListAccountExclusionsAsync(new AccountExclusionQuery { PageSize = shape.Size }), a => a.Domain!);
            Assert.Equal(_emulator.Topo.ContactExclusions.Select(e => e.Email!), contacts);
            Assert.Equal(_emulator.Topo.AccountExclusions.Select(e => e.Domain!), accounts);

            // The facade: the same set, each entry once.
            var facade = Collect(services.GetRequiredKeyedService<IExclusionClient>(ExclusionProvider.Topo.Name).ListAsync(), e => e.Target.Value);
            Assert.Equal(contacts.Concat(accounts).Order(StringComparer.Ordinal), facade.Order(StringComparer.Ordinal));
        }, iter: 25, threads: 1);
    }

    [Fact]
    public void Amplemarket_lists_return_exactly_the_stored_entries_in_order_for_any_page_size_and_fault_rate()
    {
        Gen.Select(AmplemarketShape, FaultRate, Gen.Int[0, FaultKinds.Length - 1]).Sample((shape, rate, kind) =>
        {
            _emulator.Reset();
            for (var i = 0; i < shape.Count; i++)
            {
                _emulator.Amplemarket.SeedEmail(Invariant($"a{i}@acme-{i % 7}.example"));
                if (i % 3 == 0)
                {
                    _emulator.Amplemarket.SeedDomain(Invariant($"d{i}.example"));
                }
            }

            InjectFaults(EmulatedVendor.Amplemarket, rate, kind);
            using var services = Services(amplemarket: o => o.ListPageSize = shape.Size);
            var amplemarket = services.GetRequiredService<AmplemarketExclusionsClient>();

            var emails = Collect(amplemarket.ListExcludedEmailsAsync(), e => e.Email!);
            var domains = Collect(amplemarket.ListExcludedDomainsAsync(), d => d.Domain!);
            Assert.Equal(_emulator.Amplemarket.ExcludedEmails.Select(e => e.Value), emails);
            Assert.Equal(_emulator.Amplemarket.ExcludedDomains.Select(e => e.Value), domains);

            var facade = Collect(services.GetRequiredKeyedService<IExclusionClient>(ExclusionProvider.Amplemarket.Name).ListAsync(), e => e.Target.Value);
            Assert.Equal(emails.Concat(domains).Order(StringComparer.Ordinal), facade.Order(StringComparer.Ordinal));
        }, iter: 25, threads: 1);
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    private void InjectFaults(EmulatedVendor vendor, double rate, int kind)
    {
        if (rate > 0)
        {
            _emulator.Faults.Add(FaultKinds[kind] with { Vendor = vendor, Method = "GET", Probability = rate });
        }
    }

    private ServiceProvider Services(Action<TopoOptions>? topo = null, Action<AmplemarketOptions>? amplemarket = null)
    {
        var services = new ServiceCollection();
        services.AddExclusionsEmulator(
            _emulator,
            o =>
            {
                Fast(o.Resilience);
                topo?.Invoke(o);
            },
            o =>
            {
                Fast(o.Resilience);
                o.RequestsPerMinute = 100_000;
                amplemarket?.Invoke(o);
            });
        return services.BuildServiceProvider();
    }

    private static void Fast(ExclusionResilienceOptions resilience)
    {
        resilience.MaxRetries = 10;
        resilience.BaseDelay = TimeSpan.FromMilliseconds(1);
        resilience.MaxDelay = TimeSpan.FromMilliseconds(10);
        resilience.MaxRetryAfter = TimeSpan.FromMilliseconds(10);
        resilience.RateLimitWindow = TimeSpan.FromMilliseconds(10);
    }

    private static List<string> Collect<T>(IAsyncEnumerable<T> items, Func<T, string> key)
    {
        return Task.Run(async () =>
        {
            var list = new List<string>();
            await foreach (var item in items)
            {
                list.Add(key(item));
            }

            return list;
        }).GetAwaiter().GetResult();
    }
}
