namespace Exclusions.Client.Testing.Tests.Contract;

/// <summary>The emulated vendors compare stored values in the canonical form of docs/normalization.md.</summary>
public sealed class CanonicalComparisonTests : IAsyncLifetime
{
    private EmulatorClients _env = null!;

    public async Task InitializeAsync() => _env = await EmulatorClients.StartAsync();

    public async Task DisposeAsync() => await _env.DisposeAsync();

    [Fact]
    public async Task Amplemarket_treats_unicode_and_punycode_spellings_of_a_domain_as_one()
    {
        _env.Emulator.Amplemarket.SeedDomain("MÜNCHEN.de");
        _env.Emulator.Amplemarket.SeedEmail("JO\u0308RG@acme.com");

        var added = await _env.Amplemarket.AddExcludedDomainsAsync(["xn--mnchen-3ya.de"]);
        var emails = await _env.Amplemarket.AddExcludedEmailsAsync(["jörg@acme.com"]);

        Assert.Equal(0, added.Added);
        Assert.Equal(0, emails.Added);
        Assert.Single(_env.Emulator.Amplemarket.ExcludedDomains);
        Assert.Single(_env.Emulator.Amplemarket.ExcludedEmails);
    }

    [Fact]
    public async Task Topo_conflicts_and_filters_on_the_canonical_domain()
    {
        _env.Emulator.Topo.SeedAccountExclusion("MÜNCHEN.de");

        var outcome = await _env.Facade(ExclusionProvider.Topo).AddAsync(new ExclusionRequest(ExclusionTarget.Domain("xn--mnchen-3ya.de")));
        var found = await _env.Facade(ExclusionProvider.Topo).FindAsync(ExclusionTarget.Domain("münchen.de"));

        Assert.Equal(ItemOutcomeKind.AlreadyExcluded, outcome.Kind);
        Assert.NotNull(found);
    }
}
