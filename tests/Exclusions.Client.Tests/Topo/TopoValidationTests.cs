using Exclusions.Client.Topo;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Exclusions.Client.Tests.Topo;

/// <summary>Bad input is refused with a clear ArgumentException before anything is sent.</summary>
public sealed class TopoValidationTests : IDisposable
{
    private static readonly Guid Id = Guid.Parse(TopoJson.ContactId);
    private readonly TopoTestContext _ctx = new();

    public void Dispose() => _ctx.Dispose();

    public static TheoryData<string> InvalidCalls => new()
    {
        "malformed email", "email with two @", "email with space", "empty email filter", "contact with neither email nor url",
        "no reason", "bad linkedin url", "empty domain", "domain with no tld", "ftp domain url", "size 0", "size 101", "page 0",
        "empty guid get", "empty guid delete", "empty guid patch", "patch that changes nothing", "until in the past",
        "created range inverted", "sort contacts by domain", "sort accounts by email", "null request",
    };

    [Theory]
    [MemberData(nameof(InvalidCalls))]
    public async Task Invalid_input_throws_ArgumentException_and_sends_nothing(string call)
    {
        var client = _ctx.Client;
        Func<Task> act = call switch
        {
            "malformed email" => () => client.CreateContactExclusionAsync(new() { Email = "not-an-email", Reason = ExclusionReason.Other }),
            "email with two @" => () => client.CreateContactExclusionAsync(new() { Email = "a@b@c.com", Reason = ExclusionReason.Other }),
            "email with space" => () => client.CreateContactExclusionAsync(new() { Email = "jane doe@acme.com", Reason = ExclusionReason.Other }),
            "empty email filter" => () => client.GetContactExclusionsPageAsync(new() { Email = "   " }),
            "contact with neither email nor url" => () => client.CreateContactExclusionAsync(new() { Reason = ExclusionReason.Other }),
            "no reason" => () => client.CreateContactExclusionAsync(new() { Email = "jane@acme.com" }),
            "bad linkedin url" => () => client.CreateContactExclusionAsync(new() { LinkedInUrl = "https://example.com/in/jane", Reason = ExclusionReason.Other }),
            "empty domain" => () => client.CreateAccountExclusionAsync(new() { Domain = " ", Reason = ExclusionReason.Competitor }),
            "domain with no tld" => () => client.CreateAccountExclusionAsync(new() { Domain = "localhost", Reason = ExclusionReason.Competitor }),
            "ftp domain url" => () => client.CreateAccountExclusionAsync(new() { Domain = "ftp://acme.com/x", Reason = ExclusionReason.Competitor }),
            "size 0" => () => client.GetContactExclusionsPageAsync(new() { PageSize = 0 }),
            "size 101" => () => client.GetAccountExclusionsPageAsync(new() { PageSize = 101 }),
            "page 0" => () => client.GetContactExclusionsPageAsync(page: 0),
            "empty guid get" => () => client.GetContactExclusionAsync(Guid.Empty),
            "empty guid delete" => () => client.DeleteAccountExclusionAsync(Guid.Empty),
            "empty guid patch" => () => client.UpdateContactExclusionAsync(Guid.Empty, new() { Message = "x" }),
            "patch that changes nothing" => () => client.UpdateContactExclusionAsync(Id, new()),
            "until in the past" => () => client.CreateContactExclusionAsync(new() { Email = "jane@acme.com", Reason = ExclusionReason.Other, Until = DateTimeOffset.UtcNow.AddDays(-1) }),
            "created range inverted" => () => client.GetContactExclusionsPageAsync(new() { CreatedAfter = DateTimeOffset.UtcNow, CreatedBefore = DateTimeOffset.UtcNow.AddDays(-1) }),
            "sort contacts by domain" => () => client.GetContactExclusionsPageAsync(new() { SortBy = TopoSortField.Domain }),
            "sort accounts by email" => () => client.GetAccountExclusionsPageAsync(new() { SortBy = TopoSortField.Email }),
            "null request" => () => client.CreateAccountExclusionAsync(null!),
            _ => throw new InvalidOperationException(call),
        };

        var ex = await Assert.ThrowsAnyAsync<ArgumentException>(act);

        Assert.False(string.IsNullOrWhiteSpace(ex.Message));
        Assert.Empty(_ctx.Server.LogEntries);
    }

    [Fact]
    public void Auto_paging_validates_eagerly_before_enumeration()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => _ctx.Client.ListContactExclusionsAsync(new() { PageSize = 500 }));
        Assert.Throws<ArgumentException>(() => _ctx.Client.ListAccountExclusionsAsync(new() { Domain = "not a domain" }));
        Assert.Empty(_ctx.Server.LogEntries);
    }

    [Theory]
    [InlineData("http://api.topo.io/v1", false)]
    [InlineData("http://10.0.0.5/v1", false)]
    [InlineData("https://api.topo.io/v1", true)]
    [InlineData("http://localhost:8080/v1", true)]
    [InlineData("http://127.0.0.7:8080/v1", true)]
    [InlineData("http://[::1]:8080/v1", true)]
    public void Base_address_must_be_https_unless_loopback(string baseAddress, bool valid)
    {
        var options = new TopoOptions { ApiKey = "topo_k", BaseAddress = new Uri(baseAddress) };

        Assert.Equal(valid, options.Validate().Count == 0);
        if (!valid)
        {
            var ex = Assert.Throws<ArgumentException>(() => new TopoExclusionsClient(options));
            Assert.Contains("https", ex.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Missing_api_key_fails_standalone_construction_and_di_validation()
    {
        Assert.Throws<ArgumentException>(() => new TopoExclusionsClient(new TopoOptions()));

        var services = new ServiceCollection();
        services.AddTopoExclusions(o => o.ApiKey = "");
        using var provider = services.BuildServiceProvider();
        var ex = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<TopoExclusionsClient>());
        Assert.Contains("ApiKey is required", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Options_bind_from_configuration_and_never_print_the_key()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Exclusions:Topo:ApiKey"] = "topo_from_config_secret",
            ["Exclusions:Topo:BaseAddress"] = "http://127.0.0.1:5555/v1",
            ["Exclusions:Topo:DefaultReason"] = "UNSUBSCRIBED",
            ["Exclusions:Topo:BulkConcurrency"] = "7",
            ["Exclusions:Topo:RequestsPerMinute"] = "120",
            ["Exclusions:Topo:Resilience:MaxRetries"] = "5",
            ["Exclusions:Topo:Resilience:AttemptTimeout"] = "00:00:12",
        }).Build();
        var services = new ServiceCollection();
        services.AddTopoExclusions(configuration.GetSection("Exclusions:Topo"));
        using var provider = services.BuildServiceProvider();

        var options = provider.GetRequiredService<IOptions<TopoOptions>>().Value;

        Assert.Equal("topo_from_config_secret", options.ApiKey);
        Assert.Equal(new Uri("http://127.0.0.1:5555/v1"), options.BaseAddress);
        Assert.Equal(ExclusionReason.Unsubscribed, options.DefaultReason);
        Assert.Equal(7, options.BulkConcurrency);
        Assert.Equal(120, options.RequestsPerMinute);
        Assert.Equal(5, options.Resilience.MaxRetries);
        Assert.Equal(TimeSpan.FromSeconds(12), options.Resilience.AttemptTimeout);
        Assert.DoesNotContain("topo_from_config_secret", options.ToString(), StringComparison.Ordinal);
        Assert.NotNull(provider.GetRequiredService<TopoExclusionsClient>());
    }

    [Fact]
    public void Reason_is_an_extensible_value()
    {
        ExclusionReason custom = "FUTURE_CODE";
        Assert.Equal("FUTURE_CODE", custom.ToString());
        Assert.False(custom.IsKnown);
        Assert.True(ExclusionReason.Unsubscribed.IsKnown);
        Assert.Equal(15, ExclusionReason.KnownValues.Count);
        Assert.Equal(ExclusionReason.Unsubscribed, new ExclusionReason("unsubscribed"));
    }
}
