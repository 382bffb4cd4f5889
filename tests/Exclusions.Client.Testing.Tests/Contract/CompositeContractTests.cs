using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

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
        var requests = new[]
        {
            new ExclusionRequest(ExclusionTarget.Email("fine@acme.com")),
            new ExclusionRequest(ExclusionTarget.Domain("fine.com")),
            new ExclusionRequest(ExclusionTarget.Email("late@acme.com"), until: new DateTimeOffset(2001, 1, 1, 0, 0, 0, TimeSpan.Zero)),
        };

        var error = await Assert.ThrowsAsync<ArgumentException>(() => Composite(env, order).AddAsync(requests));

        Assert.Contains("item [2]", error.Message, StringComparison.Ordinal);
        Assert.Contains("nothing was sent", error.Message, StringComparison.Ordinal);

        // A vendor call started before the other vendor refused would still be in flight when the
        // exception arrives: give such a write a moment to land (loopback: milliseconds) before checking.
        for (var i = 0; i < 10 && env.Emulator.Requests.Count == 0; i++)
        {
            await Task.Delay(50);
        }

        Assert.Empty(env.Emulator.Requests);
        Assert.Empty(env.Emulator.Amplemarket.ExcludedEmails);
        Assert.Empty(env.Emulator.Topo.ContactExclusions);
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
}
