using System.Text.Json.Nodes;
using Exclusions.Client.Amplemarket;
using WireMock.Logging;
using WireMock.RequestBuilders;
using static Exclusions.Client.Tests.Amplemarket.AmplemarketTestContext;

namespace Exclusions.Client.Tests.Amplemarket;

/// <summary>Each endpoint gets exactly the documented method, path, headers and JSON body.</summary>
public sealed class AmplemarketRequestTests : IDisposable
{
    private readonly AmplemarketTestContext _ctx = new();

    public void Dispose() => _ctx.Dispose();

    private static void AssertCommonHeaders(ILogEntry entry)
    {
        Assert.Equal("Bearer " + ApiKey, Header(entry, "Authorization"));
        Assert.Equal(MediaType, Header(entry, "Accept"));
        Assert.StartsWith("Exclusions.Client/", Header(entry, "User-Agent"), StringComparison.Ordinal);
    }

    private static void AssertJsonBody(ILogEntry entry, string expectedJson)
    {
        Assert.Equal(MediaType, Header(entry, "Content-Type"));
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(expectedJson), JsonNode.Parse(entry.RequestMessage!.Body!)), "Body was: " + entry.RequestMessage!.Body);
    }

    [Fact]
    public async Task List_emails_sends_GET_with_bearer_accept_and_user_agent_and_maps_every_field()
    {
        _ctx.Server.Given(Request.Create().WithPath("/excluded-emails").UsingGet()).RespondWith(Json("""
            {"excluded_emails":[{"email":"someone@domain.com","source":"salesforce","date_added":"2024-08-28T22:33:16.145Z","excluded_reason":"manual","new_field":{"x":1}}],
             "_links":{"self":{"href":"/excluded-emails?size=2000"}},"unknown_top":true}
            """));

        var page = await _ctx.Client.GetExcludedEmailsPageAsync();

        var entry = _ctx.SingleRequest;
        Assert.Equal("GET", entry.RequestMessage!.Method);
        Assert.Equal("/excluded-emails", entry.RequestMessage!.Path);
        AssertCommonHeaders(entry);
        Assert.False(HasHeader(entry, "Content-Type"));
        var item = Assert.Single(page.Items);
        Assert.Equal("someone@domain.com", item.Email);
        Assert.Equal("salesforce", item.Source);
        Assert.Equal("manual", item.ExcludedReason);
        Assert.Equal(new DateTimeOffset(2024, 8, 28, 22, 33, 16, 145, TimeSpan.Zero), item.DateAdded);
        Assert.Null(page.NextPageLink);
        Assert.False(page.HasMore);
        Assert.Equal("/excluded-emails?size=2000", page.SelfLink);
    }

    [Fact]
    public async Task List_domains_sends_GET_and_keeps_unknown_sources_reasons_and_odd_dates()
    {
        _ctx.Server.Given(Request.Create().WithPath("/excluded-domains").UsingGet()).RespondWith(Json("""
            {"excluded_domains":[{"domain":"domain.com","source":"hubspot_v9","date_added":"not a date","excluded_reason":"legal_hold"}],"_links":{"self":{"href":"/excluded-domains"}}}
            """));

        var page = await _ctx.Client.GetExcludedDomainsPageAsync();

        var entry = _ctx.SingleRequest;
        Assert.Equal("GET", entry.RequestMessage!.Method);
        Assert.Equal("/excluded-domains", entry.RequestMessage!.Path);
        AssertCommonHeaders(entry);
        var item = Assert.Single(page.Items);
        Assert.Equal("domain.com", item.Domain);
        Assert.Equal("hubspot_v9", item.Source);
        Assert.Equal("legal_hold", item.ExcludedReason);
        Assert.Null(item.DateAdded);
        Assert.Equal("not a date", item.DateAddedText);
    }

    [Fact]
    public async Task Add_emails_POSTs_the_documented_body_with_the_vendor_media_type()
    {
        _ctx.RespondToBulk("/excluded-emails", "POST", _ => "success", "excluded_emails", "email");

        var result = await _ctx.Client.AddExcludedEmailsAsync(["someone@domain.com", " Other@Domain.COM "]);

        var entry = _ctx.SingleRequest;
        Assert.Equal("POST", entry.RequestMessage!.Method);
        Assert.Equal("/excluded-emails", entry.RequestMessage!.Path);
        AssertCommonHeaders(entry);
        AssertJsonBody(entry, """{"excluded_emails":[{"email":"someone@domain.com"},{"email":"other@domain.com"}]}""");
        Assert.All(result.Items, i => Assert.Equal(ItemOutcomeKind.Added, i.Outcome.Kind));
        Assert.Equal(" Other@Domain.COM ", result.Items[1].Input);
    }

    [Fact]
    public async Task Remove_emails_sends_DELETE_with_a_body_and_the_vendor_media_type()
    {
        _ctx.RespondToBulk("/excluded-emails", "DELETE", _ => "success", "excluded_emails", "email");

        var result = await _ctx.Client.RemoveExcludedEmailsAsync(["someone@domain.com"]);

        var entry = _ctx.SingleRequest;
        Assert.Equal("DELETE", entry.RequestMessage!.Method);
        Assert.Equal("/excluded-emails", entry.RequestMessage!.Path);
        AssertCommonHeaders(entry);
        AssertJsonBody(entry, """{"excluded_emails":[{"email":"someone@domain.com"}]}""");
        Assert.Equal(ItemOutcomeKind.Removed, Assert.Single(result.Items).Outcome.Kind);
    }

    [Fact]
    public async Task Add_domains_POSTs_hosts_of_URLs_lower_cased()
    {
        _ctx.RespondToBulk("/excluded-domains", "POST", _ => "success", "excluded_domains", "domain");

        var result = await _ctx.Client.AddExcludedDomainsAsync(["new-domain.com", "https://WWW.Acme.com/about?x=1", "bücher.de"]);

        var entry = _ctx.SingleRequest;
        Assert.Equal("POST", entry.RequestMessage!.Method);
        Assert.Equal("/excluded-domains", entry.RequestMessage!.Path);
        AssertCommonHeaders(entry);
        AssertJsonBody(entry, """{"excluded_domains":[{"domain":"new-domain.com"},{"domain":"acme.com"},{"domain":"xn--bcher-kva.de"}]}""");
        Assert.Equal(3, result.Added);
    }

    [Fact]
    public async Task Remove_domains_sends_DELETE_with_a_body()
    {
        _ctx.RespondToBulk("/excluded-domains", "DELETE", _ => "success", "excluded_domains", "domain");

        await _ctx.Client.RemoveExcludedDomainsAsync(["existing-domain.com"]);

        var entry = _ctx.SingleRequest;
        Assert.Equal("DELETE", entry.RequestMessage!.Method);
        Assert.Equal("/excluded-domains", entry.RequestMessage!.Path);
        AssertCommonHeaders(entry);
        AssertJsonBody(entry, """{"excluded_domains":[{"domain":"existing-domain.com"}]}""");
    }

    [Fact]
    public async Task Standalone_client_sends_the_same_headers()
    {
        _ctx.Server.Given(Request.Create().WithPath("/excluded-emails").UsingGet()).RespondWith(Json("""{"excluded_emails":[],"_links":{}}"""));
        var client = new AmplemarketExclusionsClient(new AmplemarketOptions { ApiKey = ApiKey, BaseAddress = new Uri(_ctx.Server.Url!), RequestsPerMinute = 1_000_000 });

        var page = await client.GetExcludedEmailsPageAsync();

        Assert.Empty(page.Items);
        AssertCommonHeaders(_ctx.SingleRequest);
    }
}
