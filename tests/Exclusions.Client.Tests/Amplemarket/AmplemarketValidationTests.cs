using Exclusions.Client.Amplemarket;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Exclusions.Client.Tests.Amplemarket;

/// <summary>Invalid input is refused before anything is sent, naming the item; options are validated.</summary>
public sealed class AmplemarketValidationTests : IDisposable
{
    private readonly AmplemarketTestContext _ctx = new();

    public void Dispose() => _ctx.Dispose();

    [Theory]
    [InlineData("not-an-email")]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("two@@x.com")]
    [InlineData("a@b")]
    public async Task An_invalid_email_anywhere_sends_nothing_and_names_the_item(string bad)
    {
        var emails = Enumerable.Range(0, 150).Select(i => $"ok{i}@x.com").ToList();
        emails.Insert(120, bad);

        var add = await Assert.ThrowsAsync<ArgumentException>(() => _ctx.Client.AddExcludedEmailsAsync(emails));
        var remove = await Assert.ThrowsAsync<ArgumentException>(() => _ctx.Client.RemoveExcludedEmailsAsync(emails));

        Assert.Empty(_ctx.Server.LogEntries);
        Assert.Equal("emails", add.ParamName);
        Assert.Contains("[120]", add.Message, StringComparison.Ordinal);
        Assert.Contains("'" + bad + "'", add.Message, StringComparison.Ordinal);
        Assert.Contains("nothing was sent", add.Message, StringComparison.Ordinal);
        Assert.Equal(add.Message, remove.Message);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("localhost")]
    [InlineData("ftp://files.acme.com")]
    [InlineData("acme..com")]
    [InlineData("not a domain.com")]
    public async Task An_invalid_domain_sends_nothing_and_names_the_item(string bad)
    {
        var ex = await Assert.ThrowsAsync<ArgumentException>(() => _ctx.Client.AddExcludedDomainsAsync(["fine.com", bad]));
        await Assert.ThrowsAsync<ArgumentException>(() => _ctx.Client.RemoveExcludedDomainsAsync([bad]));

        Assert.Empty(_ctx.Server.LogEntries);
        Assert.Equal("domains", ex.ParamName);
        Assert.Contains("[1]", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_null_item_or_collection_is_refused()
    {
        var ex = await Assert.ThrowsAsync<ArgumentException>(() => _ctx.Client.AddExcludedEmailsAsync(["a@x.com", null!]));
        await Assert.ThrowsAsync<ArgumentNullException>(() => _ctx.Client.AddExcludedEmailsAsync(null!));

        Assert.Contains("[1] (null)", ex.Message, StringComparison.Ordinal);
        Assert.Empty(_ctx.Server.LogEntries);
    }

    [Fact]
    public async Task Every_invalid_item_is_counted_and_the_first_ten_are_named()
    {
        var emails = Enumerable.Range(0, 30).Select(i => $"bad{i}").ToList();

        var ex = await Assert.ThrowsAsync<ArgumentException>(() => _ctx.Client.AddExcludedEmailsAsync(emails));

        Assert.StartsWith("30 of 30 items are invalid", ex.Message, StringComparison.Ordinal);
        Assert.Contains("'bad9'", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("'bad10'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("and 20 more", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(1001)]
    public void Chunk_size_out_of_range_is_refused(int size)
    {
        var ex = Assert.Throws<ArgumentException>(() => new AmplemarketExclusionsClient(new AmplemarketOptions { ApiKey = "k", BulkChunkSize = size }));

        Assert.Contains("BulkChunkSize", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Defaults_match_the_documentation()
    {
        var options = new AmplemarketOptions();

        Assert.Equal(new Uri("https://api.amplemarket.com"), options.BaseAddress);
        Assert.Equal(100, options.BulkChunkSize);
        Assert.Equal(500, options.RequestsPerMinute);
        Assert.Contains(options.Validate(), e => e.Contains("ApiKey", StringComparison.Ordinal));
    }

    [Fact]
    public void Options_bind_from_configuration_and_are_validated_at_start()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ApiKey"] = "cfg-key",
            ["BaseAddress"] = "https://amp.example.com",
            ["BulkChunkSize"] = "42",
            ["RequestsPerMinute"] = "250",
        }).Build();
        var services = new ServiceCollection();
        services.AddAmplemarketExclusions(configuration);
        using var provider = services.BuildServiceProvider();

        var options = provider.GetRequiredService<IOptions<AmplemarketOptions>>().Value;
        Assert.Equal(42, options.BulkChunkSize);
        Assert.Equal(250, options.RequestsPerMinute);
        Assert.Equal(new Uri("https://amp.example.com"), options.BaseAddress);
        Assert.NotNull(provider.GetRequiredService<AmplemarketExclusionsClient>());

        var bad = new ServiceCollection();
        bad.AddAmplemarketExclusions(o => o.BulkChunkSize = 0);
        using var badProvider = bad.BuildServiceProvider();
        Assert.Throws<OptionsValidationException>(() => badProvider.GetRequiredService<IOptions<AmplemarketOptions>>().Value);
    }
}
