using Exclusions.Client.Amplemarket;
using WireMock.RequestBuilders;
using static Exclusions.Client.Tests.Amplemarket.AmplemarketTestContext;

namespace Exclusions.Client.Tests.Amplemarket;

/// <summary>Auto-paging follows relative <c>_links.next</c> hrefs until absent, and refuses loops and foreign links.</summary>
public sealed class AmplemarketListTests : IDisposable
{
    private readonly AmplemarketTestContext _ctx = new();

    public void Dispose() => _ctx.Dispose();

    private void ServeEmails(string? after, IEnumerable<string> emails, string? next)
    {
        var request = Request.Create().WithPath("/excluded-emails").UsingGet();
        if (after is not null)
        {
            request = request.WithParam("page[after]", after);
        }

        // Cursor-specific mappings win over the first-page one.
        _ctx.Server.Given(request).AtPriority(after is null ? 100 : 1).RespondWith(Json(AmplemarketJson.EmailPage(emails, next)));
    }

    private static string NextLink(string after) => "/excluded-emails?page[size]=2&page[after]=" + after;

    [Fact]
    public async Task Streams_every_item_across_pages_following_relative_next_links_in_order()
    {
        ServeEmails(null, ["a@x.com", "b@x.com"], NextLink("c2"));
        ServeEmails("c2", ["c@x.com", "d@x.com"], NextLink("c3"));
        ServeEmails("c3", ["e@x.com"], null);

        var emails = new List<string?>();
        await foreach (var item in _ctx.Client.ListExcludedEmailsAsync())
        {
            emails.Add(item.Email);
        }

        Assert.Equal(["a@x.com", "b@x.com", "c@x.com", "d@x.com", "e@x.com"], emails);
        var requests = _ctx.Requests;
        Assert.Equal(3, requests.Count);
        Assert.Equal("/excluded-emails", requests[0].RequestMessage!.Path);
        Assert.False(requests[0].RequestMessage!.Query?.ContainsKey("page[after]") == true);
        Assert.Equal("c2", requests[1].RequestMessage!.Query!["page[after]"].Single());
        Assert.Equal("2", requests[1].RequestMessage!.Query!["page[size]"].Single());
        Assert.Equal("c3", requests[2].RequestMessage!.Query!["page[after]"].Single());
        Assert.All(requests, r => Assert.Equal("Bearer " + ApiKey, Header(r, "Authorization")));
        Assert.All(requests, r => Assert.Equal(MediaType, Header(r, "Accept")));
    }

    [Fact]
    public async Task Domains_are_paged_the_same_way()
    {
        _ctx.Server.Given(Request.Create().WithPath("/excluded-domains").UsingGet()).AtPriority(100)
            .RespondWith(Json(AmplemarketJson.DomainPage(["a.com"], "/excluded-domains?page[after]=z")));
        _ctx.Server.Given(Request.Create().WithPath("/excluded-domains").WithParam("page[after]", "z").UsingGet()).AtPriority(1)
            .RespondWith(Json(AmplemarketJson.DomainPage(["b.com"], null)));

        var domains = new List<string?>();
        await foreach (var item in _ctx.Client.ListExcludedDomainsAsync())
        {
            domains.Add(item.Domain);
        }

        Assert.Equal(["a.com", "b.com"], domains);
        Assert.Equal(2, _ctx.Requests.Count);
    }

    [Fact]
    public async Task A_next_link_repeating_an_earlier_page_stops_with_a_clear_error_after_yielding_what_was_read()
    {
        ServeEmails(null, ["a@x.com"], NextLink("c2"));
        ServeEmails("c2", ["b@x.com"], NextLink("c3"));
        ServeEmails("c3", ["c@x.com"], NextLink("c2"));

        var seen = new List<string?>();
        var ex = await Assert.ThrowsAsync<ExclusionApiException>(async () =>
        {
            await foreach (var item in _ctx.Client.ListExcludedEmailsAsync())
            {
                seen.Add(item.Email);
                Assert.True(seen.Count < 50, "The walk did not stop at the loop.");
            }
        });

        Assert.Equal("pagination_loop", ex.ErrorCode);
        Assert.Contains("repeats a page already read", ex.Message, StringComparison.Ordinal);
        Assert.Contains(NextLink("c2"), ex.Message, StringComparison.Ordinal);
        Assert.Equal(["a@x.com", "b@x.com", "c@x.com"], seen);
        Assert.Equal(3, _ctx.Requests.Count);
    }

    [Fact]
    public async Task A_next_link_pointing_back_to_the_first_page_is_a_loop()
    {
        ServeEmails(null, ["a@x.com"], "/excluded-emails");

        var ex = await Assert.ThrowsAsync<ExclusionApiException>(async () =>
        {
            var count = 0;
            await foreach (var unused in _ctx.Client.ListExcludedEmailsAsync())
            {
                Assert.True(++count < 50, "The walk did not stop at the loop.");
            }
        });

        Assert.Equal("pagination_loop", ex.ErrorCode);
        Assert.Single(_ctx.Requests);
    }

    [Fact]
    public async Task A_next_link_to_another_host_is_refused_and_never_requested()
    {
        ServeEmails(null, ["a@x.com"], "https://evil.example.com/excluded-emails?page[after]=c2");

        var ex = await Assert.ThrowsAsync<ExclusionApiException>(async () =>
        {
            await foreach (var unused in _ctx.Client.ListExcludedEmailsAsync())
            {
            }
        });

        Assert.Equal("invalid_next_link", ex.ErrorCode);
        Assert.Single(_ctx.Requests);
        Assert.DoesNotContain(ApiKey, ex.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_absolute_next_link_on_the_base_address_is_followed()
    {
        ServeEmails(null, ["a@x.com"], _ctx.Server.Url + NextLink("c2"));
        ServeEmails("c2", ["b@x.com"], null);

        var count = 0;
        await foreach (var unused in _ctx.Client.ListExcludedEmailsAsync())
        {
            count++;
        }

        Assert.Equal(2, count);
    }

    [Fact]
    public async Task A_page_without_its_item_array_is_an_error_not_an_empty_list()
    {
        _ctx.Server.Given(Request.Create().WithPath("/excluded-emails").UsingGet()).RespondWith(Json("""{"data":[],"_links":{}}"""));

        var ex = await Assert.ThrowsAsync<ExclusionApiException>(() => _ctx.Client.GetExcludedEmailsPageAsync());

        Assert.Equal("unexpected_response", ex.ErrorCode);
        Assert.Contains("excluded_emails", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_empty_page_with_a_next_link_is_followed_not_taken_as_the_end()
    {
        ServeEmails(null, [], NextLink("c2"));
        ServeEmails("c2", ["late@x.com"], null);

        var emails = new List<string?>();
        await foreach (var item in _ctx.Client.ListExcludedEmailsAsync())
        {
            emails.Add(item.Email);
        }

        Assert.Equal(["late@x.com"], emails);
    }

    [Fact]
    public async Task Single_page_method_follows_a_given_link()
    {
        ServeEmails(null, ["a@x.com"], NextLink("c2"));
        ServeEmails("c2", ["b@x.com"], null);

        var first = await _ctx.Client.GetExcludedEmailsPageAsync();
        var second = await _ctx.Client.GetExcludedEmailsPageAsync(first.NextPageLink);

        Assert.Equal(NextLink("c2"), first.NextPageLink);
        Assert.True(first.HasMore);
        Assert.Equal("b@x.com", Assert.Single(second.Items).Email);
        Assert.False(second.HasMore);
    }

    [Fact]
    public async Task Single_page_method_rejects_a_link_into_the_other_list_without_sending()
    {
        await Assert.ThrowsAsync<ArgumentException>(() => _ctx.Client.GetExcludedEmailsPageAsync("/excluded-domains?page[after]=x"));
        await Assert.ThrowsAsync<ArgumentException>(() => _ctx.Client.GetExcludedDomainsPageAsync("https://elsewhere.example/excluded-domains"));

        Assert.Empty(_ctx.Server.LogEntries);
    }

    [Theory]
    [InlineData("https://api.amplemarket.com", "/excluded-emails?page[after]=x", "https://api.amplemarket.com/excluded-emails?page[after]=x")]
    [InlineData("https://gw.example.com/amplemarket", "/excluded-emails?page[after]=x", "https://gw.example.com/amplemarket/excluded-emails?page[after]=x")]
    [InlineData("https://gw.example.com/amplemarket/", "/amplemarket/excluded-emails?page[after]=x", "https://gw.example.com/amplemarket/excluded-emails?page[after]=x")]
    [InlineData("https://gw.example.com/amplemarket", "excluded-emails?page[after]=x", "https://gw.example.com/amplemarket/excluded-emails?page[after]=x")]
    [InlineData("https://api.amplemarket.com", "https://API.amplemarket.com/excluded-emails?page[after]=x", "https://api.amplemarket.com/excluded-emails?page[after]=x")]
    public void Relative_links_resolve_against_the_base_address(string baseAddress, string href, string expected)
        => Assert.Equal(new Uri(expected), AmplemarketPageLinks.Resolve(new Uri(baseAddress), href));

    [Theory]
    [InlineData("https://other.example.com/excluded-emails")]
    [InlineData("http://api.amplemarket.com/excluded-emails")]
    [InlineData("//other.example.com/excluded-emails")]
    [InlineData("ftp://api.amplemarket.com/excluded-emails")]
    [InlineData("   ")]
    public void Links_off_the_base_origin_are_refused(string href)
        => Assert.ThrowsAny<ArgumentException>(() => AmplemarketPageLinks.Resolve(new Uri("https://api.amplemarket.com"), href));

    [Fact]
    public void Loop_detector_remembers_pages_not_items()
    {
        var detector = new AmplemarketPageLinks.LoopDetector();

        Assert.True(detector.TryVisit(new Uri("https://a.example/excluded-emails")));
        Assert.True(detector.TryVisit(new Uri("https://a.example/excluded-emails?page[after]=1")));
        Assert.False(detector.TryVisit(new Uri("https://a.example/excluded-emails?page[after]=1")));
        Assert.True(detector.TryVisit(new Uri("https://a.example/excluded-emails?page[after]=A")));
        Assert.Equal(3, detector.PagesSeen);
    }
}
