using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using AmplemarketClient = Exclusions.Client.Amplemarket.AmplemarketExclusionsClient;
using TopoClient = Exclusions.Client.Topo.TopoExclusionsClient;

namespace Exclusions.Client.Testing.Tests.Contract;

/// <summary>
/// The composite <see cref="ExclusionClients"/> over both vendors, in both registration orders, with the
/// emulator's request log as the witness of what reached each vendor.
/// </summary>
public sealed class CompositeContractTests
{
    public static TheoryData<ExclusionProvider[]> Orders => new()
    {
        new[] { ExclusionProvider.Topo, ExclusionProvider.Amplemarket },
        new[] { ExclusionProvider.Amplemarket, ExclusionProvider.Topo },
    };

    private static ExclusionProvider Provider(string name) => name == "topo" ? ExclusionProvider.Topo : ExclusionProvider.Amplemarket;

    private static ExclusionClients Composite(EmulatorClients env, ExclusionProvider[] order)
        => new(order.Select(env.Facade));

    [Theory]
    [MemberData(nameof(Orders))]
    public async Task Input_one_vendor_refuses_reaches_no_vendor_in_either_order(ExclusionProvider[] order)
    {
        await using var env = await EmulatorClients.StartAsync();
        var witness = new VendorCallWitness(env);
        var requests = new[]
        {
            new ExclusionRequest(ExclusionTarget.Email("fine@acme.com")),
            new ExclusionRequest(ExclusionTarget.Domain("fine.com")),
            new ExclusionRequest(ExclusionTarget.Email("late@acme.com"), until: new DateTimeOffset(2001, 1, 1, 0, 0, 0, TimeSpan.Zero)),
        };

        var error = await Assert.ThrowsAsync<ArgumentException>(() => new ExclusionClients(order.Select(witness.Facade)).AddAsync(requests));

        Assert.Contains("item [2]", error.Message, StringComparison.Ordinal);
        Assert.Contains("nothing was sent", error.Message, StringComparison.Ordinal);

        // No clock involved: every vendor write the composite started is awaited (it may still have been in
        // flight when the exception arrived) before the emulator's log is read; and none may have started.
        await witness.StartedCallsCompleted();
        Assert.Empty(witness.Calls);
        Assert.Empty(env.Emulator.Requests);
        Assert.Empty(env.Emulator.Amplemarket.ExcludedEmails);
        Assert.Empty(env.Emulator.Topo.ContactExclusions);
    }

    [Fact]
    public async Task The_witness_sees_and_awaits_a_write_the_composite_starts()
    {
        await using var env = await EmulatorClients.StartAsync();
        var witness = new VendorCallWitness(env);

        var call = new ExclusionClients([witness.Facade(ExclusionProvider.Amplemarket), witness.Facade(ExclusionProvider.Topo)])
            .AddAsync([new ExclusionRequest(ExclusionTarget.Email("fine@acme.com"))]);

        // Started synchronously by the composite's call, before anything is awaited.
        Assert.Equal(["amplemarket AddExcludedEmailsAsync", "topo CreateContactExclusionAsync"], witness.Calls.Order(StringComparer.Ordinal));
        await witness.StartedCallsCompleted();
        Assert.Equal(2, env.Emulator.Requests.Count);
        await call;
    }

    [Theory]
    [MemberData(nameof(Orders))]
    public async Task Valid_input_reaches_every_vendor_with_an_outcome_per_item_for_each(ExclusionProvider[] order)
    {
        await using var env = await EmulatorClients.StartAsync();
        var requests = new[]
        {
            new ExclusionRequest(ExclusionTarget.Email("jane@acme.com"), ExclusionReason.Unsubscribed),
            new ExclusionRequest(ExclusionTarget.LinkedInUrl("https://www.linkedin.com/in/jane-doe")),
            new ExclusionRequest(ExclusionTarget.Domain("rival.com")),
            new ExclusionRequest(ExclusionTarget.Email("temp@acme.com"), until: DateTimeOffset.UtcNow.AddDays(30)),
        };

        var results = await Composite(env, order).AddAsync(requests);

        Assert.Equal(order, results.Keys.ToArray());
        Assert.Equal(
            [ItemOutcomeKind.Added, ItemOutcomeKind.Added, ItemOutcomeKind.Added, ItemOutcomeKind.Added],
            results[ExclusionProvider.Topo].Items.Select(i => i.Outcome.Kind));
        Assert.Equal(
            [ItemOutcomeKind.Added, ItemOutcomeKind.Unsupported, ItemOutcomeKind.Added, ItemOutcomeKind.Unsupported],
            results[ExclusionProvider.Amplemarket].Items.Select(i => i.Outcome.Kind));
        Assert.Equal(4, env.Emulator.Requests.Count(r => r.Vendor == EmulatedVendor.Topo && r.Method == "POST"));
        Assert.Equal(2, env.Emulator.Requests.Count(r => r.Vendor == EmulatedVendor.Amplemarket && r.Method == "POST"));
        Assert.DoesNotContain(env.Emulator.Requests, r => r.Body?.Contains("temp@acme.com", StringComparison.Ordinal) == true && r.Vendor == EmulatedVendor.Amplemarket);

        var removed = await Composite(env, order).RemoveAsync([ExclusionTarget.Email("jane@acme.com"), ExclusionTarget.Email("never@acme.com")]);
        Assert.All(removed.Values, r => Assert.Equal([ItemOutcomeKind.Removed, ItemOutcomeKind.NotFound], r.Items.Select(i => i.Outcome.Kind)));
    }

    [Theory]
    [InlineData("topo")]
    [InlineData("amplemarket")]
    public async Task A_past_until_is_an_argument_exception_on_every_vendor_before_anything_is_sent(string provider)
    {
        await using var env = await EmulatorClients.StartAsync();
        var client = env.Facade(Provider(provider));

        var error = await Assert.ThrowsAsync<ArgumentException>(() => client.AddAsync(
            [new ExclusionRequest(ExclusionTarget.Email("ok@acme.com")), new ExclusionRequest(ExclusionTarget.Email("late@acme.com"), until: DateTimeOffset.UtcNow.AddSeconds(-1))]));

        Assert.Contains("is not in the future", error.Message, StringComparison.Ordinal);
        Assert.Empty(env.Emulator.Requests);
    }

    [Fact]
    public async Task A_future_until_stays_unsupported_on_amplemarket()
    {
        await using var env = await EmulatorClients.StartAsync();

        var result = await env.Facade(ExclusionProvider.Amplemarket).AddAsync(
            [new ExclusionRequest(ExclusionTarget.Email("later@acme.com"), until: DateTimeOffset.UtcNow.AddDays(1))]);

        Assert.Equal(ItemOutcomeKind.Unsupported, Assert.Single(result.Items).Outcome.Kind);
        Assert.Empty(env.Emulator.Requests);
    }

    [Fact]
    public async Task Amplemarket_excluded_reason_is_vendor_text_not_a_reason_code()
    {
        await using var env = await EmulatorClients.StartAsync();
        env.Emulator.Amplemarket.SeedEmail("bob@globex.com", excludedReason: "manual");
        env.Emulator.Amplemarket.SeedDomain("globex.com", excludedReason: "BOUNCED");

        var listed = new List<Exclusion>();
        await foreach (var e in env.Facade(ExclusionProvider.Amplemarket).ListAsync())
        {
            listed.Add(e);
        }

        Assert.All(listed, e => Assert.Null(e.Reason));
        Assert.Equal(["BOUNCED", "manual"], listed.Select(e => e.VendorReason).Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("topo")]
    [InlineData("amplemarket")]
    public async Task The_adapters_and_the_snapshot_take_now_from_the_injected_TimeProvider(string provider)
    {
        // The emulator keeps real time; the application's clock (DI) says it is 2100.
        var appClock = new FakeTimeProvider(new DateTimeOffset(2100, 1, 1, 0, 0, 0, TimeSpan.Zero));
        await using var env = await EmulatorClients.StartAsync(configure: s => s.AddSingleton<TimeProvider>(appClock));
        var client = env.Facade(Provider(provider));
        var until2050 = new DateTimeOffset(2050, 1, 1, 0, 0, 0, TimeSpan.Zero);

        await Assert.ThrowsAsync<ArgumentException>(() => client.AddAsync([new ExclusionRequest(ExclusionTarget.Email("a@acme.com"), until: until2050)]));
        Assert.Empty(env.Emulator.Requests);

        env.Emulator.Topo.SeedContactExclusion("b@acme.com", until: until2050);
        var snapshot = await env.All.LoadSnapshotAsync();
        Assert.Equal(appClock.GetUtcNow(), snapshot.LoadedAt);
        Assert.False(snapshot.IsExcluded("b@acme.com"));
        Assert.True(snapshot.IsExcluded("b@acme.com", new DateTimeOffset(2049, 1, 1, 0, 0, 0, TimeSpan.Zero)));
    }

    /// <summary>
    /// The SDK's facade adapters over typed clients that note each write the moment it is called and keep its
    /// task, so a test can await every write started instead of waiting some time for a late one to land.
    /// </summary>
    private sealed class VendorCallWitness(EmulatorClients env)
    {
        private readonly List<string> _calls = [];
        private readonly List<Task> _started = [];

        public IReadOnlyList<string> Calls
        {
            get
            {
                lock (_calls)
                {
                    return [.. _calls];
                }
            }
        }

        public IExclusionClient Facade(ExclusionProvider provider) => provider == ExclusionProvider.Topo
            ? new WitnessTopo(this, env.Topo).AsExclusionClient()
            : new WitnessAmplemarket(this, env.Amplemarket).AsExclusionClient();

        public async Task StartedCallsCompleted()
        {
            Task[] started;
            lock (_calls)
            {
                started = [.. _started];
            }

            foreach (var task in started)
            {
                try
                {
                    await task;
                }
                catch (Exception)
                {
                    // Only whether it reached the vendor matters here; the log says that.
                }
            }
        }

        private T Note<T>(string call, T task)
            where T : Task
        {
            lock (_calls)
            {
                _calls.Add(call);
                _started.Add(task);
            }

            return task;
        }

        private sealed class WitnessTopo(VendorCallWitness witness, TopoClient inner) : TopoClient
        {
            public override Task<Exclusions.Client.Topo.ContactExclusion> CreateContactExclusionAsync(Exclusions.Client.Topo.CreateContactExclusionRequest request, CancellationToken cancellationToken = default)
                => witness.Note("topo CreateContactExclusionAsync", inner.CreateContactExclusionAsync(request, cancellationToken));

            public override Task<Exclusions.Client.Topo.AccountExclusion> CreateAccountExclusionAsync(Exclusions.Client.Topo.CreateAccountExclusionRequest request, CancellationToken cancellationToken = default)
                => witness.Note("topo CreateAccountExclusionAsync", inner.CreateAccountExclusionAsync(request, cancellationToken));
        }

        private sealed class WitnessAmplemarket(VendorCallWitness witness, AmplemarketClient inner) : AmplemarketClient
        {
            public override Task<BulkResult<string>> AddExcludedEmailsAsync(IEnumerable<string> emails, IProgress<BulkProgress>? progress = null, CancellationToken cancellationToken = default)
                => witness.Note("amplemarket AddExcludedEmailsAsync", inner.AddExcludedEmailsAsync(emails, progress, cancellationToken));

            public override Task<BulkResult<string>> AddExcludedDomainsAsync(IEnumerable<string> domains, IProgress<BulkProgress>? progress = null, CancellationToken cancellationToken = default)
                => witness.Note("amplemarket AddExcludedDomainsAsync", inner.AddExcludedDomainsAsync(domains, progress, cancellationToken));
        }
    }
}
