namespace Exclusions.Client.Testing.Tests.Contract;

/// <summary>
/// The same facade scenarios against both vendors, through the emulator: a program written only
/// against IExclusionClient adds, lists, checks and removes exclusions without knowing which vendor.
/// </summary>
public abstract class FacadeContractTests : IAsyncLifetime
{
    private EmulatorClients _env = null!;

    protected abstract ExclusionProvider Provider { get; }

    protected IExclusionClient Client => _env.Facade(Provider);

    protected ExclusionsEmulator Emulator => _env.Emulator;

    public async Task InitializeAsync() => _env = await EmulatorClients.StartAsync(new ExclusionsEmulatorOptions { AmplemarketPageSize = 7 });

    public async Task DisposeAsync() => await _env.DisposeAsync();

    /// <summary>Seeds an exclusion the vendor's API cannot delete (synced from a CRM).</summary>
    protected abstract void SeedCrmManaged(ExclusionTarget target);

    /// <summary>How many records the vendor's store holds for a value.</summary>
    protected abstract int StoredRecords(string value);

    /// <summary>Seeds a domain record exactly as given, the SDK's input rules bypassed (e.g. <c>www.rival.com</c>).</summary>
    protected abstract void SeedRawDomain(string domain);

    /// <summary>docs/normalization.md: a record a vendor already holds as www.X covers X and its subdomains in every check.</summary>
    [Fact]
    public async Task A_domain_held_as_www_covers_the_domain_in_lookups_and_checks()
    {
        SeedRawDomain("www.rival.com");

        Assert.Equal("domain:www.rival.com", (await Client.FindCoveringAsync("ceo@rival.com"))?.Target.ToString());
        Assert.Equal("domain:www.rival.com", (await Client.FindCoveringAsync("a@sub.rival.com"))?.Target.ToString());
        Assert.Equal("domain:www.rival.com", (await Client.FindAsync(ExclusionTarget.Domain("rival.com")))?.Target.ToString());
        Assert.Null(await Client.FindCoveringAsync("ceo@notrival.com"));
        Assert.Null(await Client.FindCoveringAsync("ceo@rival.com.evil.io"));

        var snapshot = await ExclusionSnapshot.LoadAsync([Client]);
        Assert.True(snapshot.IsExcluded("ceo@rival.com"));
        Assert.True(snapshot.IsExcluded("a@sub.rival.com"));
        Assert.False(snapshot.IsExcluded("ceo@notrival.com"));
    }

    [Fact]
    public async Task Add_list_find_check_and_remove_round_trip()
    {
        var email = ExclusionTarget.Email("Jane.Doe@Acme.com");
        var domain = ExclusionTarget.Domain("https://competitor.io/pricing");

        var added = await Client.AddAsync([new ExclusionRequest(email, ExclusionReason.Unsubscribed), new ExclusionRequest(domain, ExclusionReason.Competitor)]);

        Assert.Equal([ItemOutcomeKind.Added, ItemOutcomeKind.Added], added.Items.Select(i => i.Outcome.Kind));
        var listed = await ToListAsync(Client.ListAsync());
        Assert.Equal(["domain:competitor.io", "email:jane.doe@acme.com"], listed.Select(e => e.Target.ToString()).Order());
        Assert.All(listed, e => Assert.Equal(Provider, e.Provider));
        Assert.All(listed, e => Assert.True(e.IsActive(DateTimeOffset.UtcNow)));
        Assert.NotNull(await Client.FindAsync(ExclusionTarget.Email("jane.doe@acme.com")));
        Assert.Null(await Client.FindAsync(ExclusionTarget.Email("other@acme.com")));

        var snapshot = await ExclusionSnapshot.LoadAsync([Client]);
        Assert.True(snapshot.IsExcluded("JANE.DOE@acme.com"));
        Assert.True(snapshot.IsExcluded("sales@eu.competitor.io"));
        Assert.False(snapshot.IsExcluded("someone@acme.com"));

        var removed = await Client.RemoveAsync([email, ExclusionTarget.Email("never-added@acme.com")]);
        Assert.Equal([ItemOutcomeKind.Removed, ItemOutcomeKind.NotFound], removed.Items.Select(i => i.Outcome.Kind));
        Assert.Null(await Client.FindAsync(email));
        Assert.Equal(0, StoredRecords("jane.doe@acme.com"));
    }

    [Fact]
    public async Task FindCovering_checks_the_address_then_its_domain_then_parent_domains()
    {
        await Client.AddAsync([new ExclusionRequest(ExclusionTarget.Email("vip@other.org")), new ExclusionRequest(ExclusionTarget.Domain("acme.com"))]);

        Assert.Equal("email:vip@other.org", (await Client.FindCoveringAsync("VIP@other.org"))?.Target.ToString());
        Assert.Equal("domain:acme.com", (await Client.FindCoveringAsync("ceo@acme.com"))?.Target.ToString());
        Assert.Equal("domain:acme.com", (await Client.FindCoveringAsync("ceo@eu.mail.acme.com"))?.Target.ToString());
        Assert.Null(await Client.FindCoveringAsync("someone@other.org"));
        Assert.Null(await Client.FindCoveringAsync("ceo@acme.com.evil.io"));
    }

    [Fact]
    public async Task Adding_an_existing_exclusion_is_already_excluded_and_never_a_duplicate_record()
    {
        var target = ExclusionTarget.Email("dup@acme.com");
        await Client.AddAsync([new ExclusionRequest(target)]);

        var again = await Client.AddAsync([new ExclusionRequest(ExclusionTarget.Email("DUP@acme.com")), new ExclusionRequest(target)]);

        Assert.All(again.Items, i => Assert.Equal(ItemOutcomeKind.AlreadyExcluded, i.Outcome.Kind));
        Assert.Equal(1, StoredRecords("dup@acme.com"));
    }

    [Fact]
    public async Task Crm_managed_records_cannot_be_removed_and_say_so()
    {
        var target = ExclusionTarget.Domain("crm-synced.com");
        SeedCrmManaged(target);

        var result = await Client.RemoveAsync([target]);

        Assert.Equal(ItemOutcomeKind.Unsupported, Assert.Single(result.Items).Outcome.Kind);
        Assert.Equal(1, StoredRecords("crm-synced.com"));
    }

    [Fact]
    public async Task A_bulk_of_250_accounts_for_every_item_in_order_and_lists_across_pages()
    {
        var requests = Enumerable.Range(0, 250).Select(i => new ExclusionRequest(ExclusionTarget.Email($"bulk{i:D3}@acme.com"))).ToList();
        var progress = new List<BulkProgress>();

        var result = await Client.AddAsync(requests, new SyncProgress(progress));

        Assert.Equal(250, result.Items.Count);
        Assert.Equal(250, result.Added);
        Assert.Equal(requests, result.Items.Select(i => i.Input));
        Assert.Equal(250, progress.Max(p => p.Completed));
        var listed = await ToListAsync(Client.ListAsync(new ExclusionQuery { TargetType = ExclusionTargetType.Email }));
        Assert.Equal(250, listed.Select(e => e.Target.Value).Distinct().Count());
    }

    [Fact]
    public async Task Capabilities_tell_what_the_vendor_cannot_represent_and_outcomes_agree()
    {
        var linkedIn = new ExclusionRequest(ExclusionTarget.LinkedInUrl("https://www.linkedin.com/in/jane"));
        var temporary = new ExclusionRequest(ExclusionTarget.Email("temp@acme.com"), until: DateTimeOffset.UtcNow.AddDays(3));

        var result = await Client.AddAsync([linkedIn, temporary]);

        Assert.Equal(Client.Capabilities.SupportsLinkedInUrls ? ItemOutcomeKind.Added : ItemOutcomeKind.Unsupported, result.Items[0].Outcome.Kind);
        Assert.Equal(Client.Capabilities.SupportsExpiry ? ItemOutcomeKind.Added : ItemOutcomeKind.Unsupported, result.Items[1].Outcome.Kind);
        Assert.Equal(Client.Capabilities.SupportsExpiry ? 1 : 0, StoredRecords("temp@acme.com"));
    }

    [Fact]
    public async Task Invalid_input_is_refused_before_anything_is_sent()
    {
        var before = Emulator.Requests.Count;

        await Assert.ThrowsAnyAsync<ArgumentException>(() => Client.AddAsync([new ExclusionRequest(ExclusionTarget.Email("ok@acme.com")), null!]));

        Assert.Equal(before, Emulator.Requests.Count);
    }

    protected static async Task<List<T>> ToListAsync<T>(IAsyncEnumerable<T> items)
    {
        var list = new List<T>();
        await foreach (var item in items)
        {
            list.Add(item);
        }

        return list;
    }

    private sealed class SyncProgress(List<BulkProgress> sink) : IProgress<BulkProgress>
    {
        public void Report(BulkProgress value)
        {
            lock (sink)
            {
                sink.Add(value);
            }
        }
    }
}

public sealed class TopoFacadeContractTests : FacadeContractTests
{
    protected override ExclusionProvider Provider => ExclusionProvider.Topo;

    protected override void SeedCrmManaged(ExclusionTarget target) => Emulator.Topo.SeedAccountExclusion(target.Value, "EXCLUDE_FROM_CRM", crmSynced: true);

    protected override void SeedRawDomain(string domain) => Emulator.Topo.SeedAccountExclusion(domain);

    /// <summary>A remove of X removes the record held as www.X too: afterwards X is no longer excluded (Topo removes by id).</summary>
    [Fact]
    public async Task Removing_a_domain_removes_its_record_held_as_www()
    {
        SeedRawDomain("www.rival.com");

        var removed = await Client.RemoveAsync([ExclusionTarget.Domain("rival.com")]);

        Assert.Equal(ItemOutcomeKind.Removed, removed.Items[0].Outcome.Kind);
        Assert.Null(await Client.FindCoveringAsync("ceo@rival.com"));
        Assert.Empty(Emulator.Topo.AccountExclusions);
    }

    protected override int StoredRecords(string value)
        => Emulator.Topo.ContactExclusions.Count(e => string.Equals(e.Email, value, StringComparison.OrdinalIgnoreCase))
           + Emulator.Topo.AccountExclusions.Count(e => string.Equals(e.Domain, value, StringComparison.OrdinalIgnoreCase));
}

public sealed class AmplemarketFacadeContractTests : FacadeContractTests
{
    protected override ExclusionProvider Provider => ExclusionProvider.Amplemarket;

    protected override void SeedCrmManaged(ExclusionTarget target) => Emulator.Amplemarket.SeedDomain(target.Value, source: "salesforce");

    protected override void SeedRawDomain(string domain) => Emulator.Amplemarket.SeedDomain(domain);

    protected override int StoredRecords(string value)
        => Emulator.Amplemarket.ExcludedEmails.Count(e => string.Equals(e.Value, value, StringComparison.OrdinalIgnoreCase))
           + Emulator.Amplemarket.ExcludedDomains.Count(e => string.Equals(e.Value, value, StringComparison.OrdinalIgnoreCase));
}
