using Exclusions.Client.Topo;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;

namespace Exclusions.Client.Tests.Topo;

/// <summary>Every Topo endpoint: the exact request the SDK sends and how the response maps.</summary>
public sealed class TopoRequestTests : IDisposable
{
    private readonly TopoTestContext _ctx = new();

    public void Dispose() => _ctx.Dispose();

    private void Respond(string method, string path, int status, string? body = null)
        => _ctx.Server.Given(Request.Create().WithPath(path).UsingMethod(method))
            .RespondWith(body is null
                ? Response.Create().WithStatusCode(status)
                : Response.Create().WithStatusCode(status).WithHeader("Content-Type", "application/json").WithBody(body));

    [Fact]
    public async Task GetApiKeyInfo_sends_bearer_key_and_user_agent_and_maps_me()
    {
        Respond("GET", "/v1/me", 200, """
            {"id":"018f1a2b-3c4d-7e8f-9a0b-1c2d3e4f5a6b","organization_id":"018e9d8c-7b6a-7f5e-4d3c-2b1a0f9e8d7c","name":"My Integration Key","key_prefix":"topo_xxxx","scopes":["exclusions:read","exclusions:write"],"created_at":"2024-11-01T09:00:00Z","last_used_at":"2025-01-15T14:23:11Z","some_future_field":{"x":1}}
            """);

        var me = await _ctx.Client.GetApiKeyInfoAsync();

        var request = _ctx.SingleRequest.RequestMessage!;
        Assert.Equal("GET", request.Method);
        Assert.Equal("/v1/me", request.Path);
        Assert.Equal("Bearer " + TopoTestContext.ApiKey, request.Headers!["Authorization"].Single());
        Assert.StartsWith("Exclusions.Client/", request.Headers["User-Agent"].Single(), StringComparison.Ordinal);
        Assert.Contains("(.NET ", request.Headers["User-Agent"].Single(), StringComparison.Ordinal);
        Assert.Equal("My Integration Key", me.Name);
        Assert.Equal("018e9d8c-7b6a-7f5e-4d3c-2b1a0f9e8d7c", me.OrganizationId);
        Assert.Equal("topo_xxxx", me.KeyPrefix);
        Assert.Equal(["exclusions:read", "exclusions:write"], me.Scopes);
        Assert.True(me.HasScope(TopoScopes.ExclusionsWrite));
        Assert.Equal(new DateTimeOffset(2025, 1, 15, 14, 23, 11, TimeSpan.Zero), me.LastUsedAt);
        Assert.Equal(new DateTimeOffset(2024, 11, 1, 9, 0, 0, TimeSpan.Zero), me.CreatedAt);
    }

    [Fact]
    public async Task Contact_page_sends_normalized_filters_sorting_and_paging_and_maps_envelope()
    {
        Respond("GET", "/v1/contact-exclusions", 200, TopoJson.Page([TopoJson.Contact(reason: "SOME_NEW_REASON", until: "\"2030-01-01T00:00:00Z\"", extra: ",\"new_field\":[1,2]")], 31, 4, true));

        var page = await _ctx.Client.GetContactExclusionsPageAsync(
            new ContactExclusionQuery
            {
                Email = "  Jane.Doe@ACME.com ",
                Reason = ExclusionReason.Unsubscribed,
                CreatedAfter = new DateTimeOffset(2025, 1, 1, 1, 0, 0, TimeSpan.FromHours(1)),
                CreatedBefore = new DateTimeOffset(2025, 12, 31, 0, 0, 0, TimeSpan.Zero),
                SortBy = TopoSortField.UpdatedAt,
                SortOrder = TopoSortOrder.Descending,
                PageSize = 10,
            },
            page: 3);

        var query = _ctx.SingleRequest.RequestMessage!.Query!;
        Assert.Equal("jane.doe@acme.com", query["email"].Single());
        Assert.Equal("UNSUBSCRIBED", query["reason"].Single());
        Assert.Equal("2025-01-01T00:00:00Z", query["created_at_after"].Single());
        Assert.Equal("2025-12-31T00:00:00Z", query["created_at_before"].Single());
        Assert.Equal("updated_at", query["sort_by"].Single());
        Assert.Equal("desc", query["sort_order"].Single());
        Assert.Equal("3", query["page"].Single());
        Assert.Equal("10", query["size"].Single());
        Assert.False(query.ContainsKey("linkedin_url"));

        Assert.Equal(31, page.TotalCount);
        Assert.Equal(4, page.TotalPages);
        Assert.True(page.HasMore);
        Assert.Equal(3, page.PageNumber);
        var item = Assert.Single(page.Items);
        Assert.Equal(Guid.Parse(TopoJson.ContactId), item.Id);
        Assert.Equal("jane.doe@acme.com", item.Email);
        Assert.Equal("https://www.linkedin.com/in/jane-doe-98765", item.LinkedInUrl);
        Assert.Equal("SOME_NEW_REASON", item.Reason.Value);
        Assert.False(item.Reason.IsKnown);
        Assert.Equal("Unsubscribed via footer link", item.Message);
        Assert.Equal(new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero), item.Until);
        Assert.Equal(new DateTimeOffset(2025, 6, 10, 12, 0, 0, TimeSpan.Zero), item.CreatedAt);
        Assert.Equal(new DateTimeOffset(2025, 6, 11, 8, 30, 0, 500, TimeSpan.Zero), item.UpdatedAt);
    }

    [Fact]
    public async Task Page_without_query_sends_no_filters_and_no_size()
    {
        Respond("GET", "/v1/account-exclusions", 200, TopoJson.Page([], 0, 0, false));

        var page = await _ctx.Client.GetAccountExclusionsPageAsync();

        var query = _ctx.SingleRequest.RequestMessage!.Query!;
        Assert.Equal(["page"], query.Keys);
        Assert.Empty(page.Items);
    }

    [Fact]
    public async Task Account_page_filters_by_normalized_domain_and_sorts_by_domain()
    {
        Respond("GET", "/v1/account-exclusions", 200, TopoJson.Page([TopoJson.Account()], 1, 1, false));

        var page = await _ctx.Client.GetAccountExclusionsPageAsync(new AccountExclusionQuery { Domain = "https://www.Rival-Corp.com/about", SortBy = TopoSortField.Domain, SortOrder = TopoSortOrder.Ascending });

        var query = _ctx.SingleRequest.RequestMessage!.Query!;
        Assert.Equal("rival-corp.com", query["domain"].Single());
        Assert.Equal("domain", query["sort_by"].Single());
        Assert.Equal("asc", query["sort_order"].Single());
        var item = Assert.Single(page.Items);
        Assert.Equal("rival-corp.com", item.Domain);
        Assert.Equal(ExclusionReason.Competitor, item.Reason);
        Assert.Null(item.Until);
        Assert.True(item.IsActive(DateTimeOffset.UtcNow));
    }

    [Fact]
    public async Task Auto_paging_walks_every_page_with_size_100_until_has_more_is_false()
    {
        var ids = Enumerable.Range(0, 5).Select(i => Guid.NewGuid().ToString()).ToArray();
        _ctx.Server.Given(Request.Create().WithPath("/v1/contact-exclusions").WithParam("page", "1").UsingGet())
            .RespondWith(Response.Create().WithHeader("Content-Type", "application/json").WithBody(TopoJson.Page([TopoJson.Contact(ids[0]), TopoJson.Contact(ids[1])], 5, 3, true)));
        _ctx.Server.Given(Request.Create().WithPath("/v1/contact-exclusions").WithParam("page", "2").UsingGet())
            .RespondWith(Response.Create().WithHeader("Content-Type", "application/json").WithBody(TopoJson.Page([TopoJson.Contact(ids[2]), TopoJson.Contact(ids[3])], 5, 3, true)));
        _ctx.Server.Given(Request.Create().WithPath("/v1/contact-exclusions").WithParam("page", "3").UsingGet())
            .RespondWith(Response.Create().WithHeader("Content-Type", "application/json").WithBody(TopoJson.Page([TopoJson.Contact(ids[4])], 5, 3, false)));

        var all = new List<ContactExclusion>();
        await foreach (var item in _ctx.Client.ListContactExclusionsAsync(new ContactExclusionQuery { Reason = ExclusionReason.Bounced }))
        {
            all.Add(item);
        }

        Assert.Equal(ids, all.Select(e => e.Id.ToString()));
        var requests = _ctx.Requests.Select(r => r.RequestMessage!.Query!).ToList();
        // Pages after the first are fetched concurrently (read-ahead), so the server may see them in any order:
        // every page once is what is asserted; the items above come out in page order regardless.
        Assert.Equal(["1", "2", "3"], requests.Select(q => q["page"].Single()).Order(StringComparer.Ordinal));
        Assert.All(requests, q => Assert.Equal("100", q["size"].Single()));
        Assert.All(requests, q => Assert.Equal("BOUNCED", q["reason"].Single()));
    }

    [Fact]
    public async Task Auto_paging_stops_on_an_empty_page_even_if_server_claims_more()
    {
        Respond("GET", "/v1/account-exclusions", 200, TopoJson.Page([], 10, 5, true));

        var count = 0;
        await foreach (var unused in _ctx.Client.ListAccountExclusionsAsync())
        {
            count++;
        }

        Assert.Equal(0, count);
        Assert.Single(_ctx.Requests);
    }

    [Fact]
    public async Task Auto_paging_fetches_lazily_as_the_caller_enumerates()
    {
        Respond("GET", "/v1/account-exclusions", 200, TopoJson.Page([TopoJson.Account()], 100, 100, true));

        await foreach (var unused in _ctx.Client.ListAccountExclusionsAsync())
        {
            break;
        }

        Assert.Single(_ctx.Requests);
    }

    [Fact]
    public async Task Create_contact_sends_exact_body_without_until_for_a_permanent_exclusion()
    {
        Respond("POST", "/v1/contact-exclusions", 201, TopoJson.Contact());

        var created = await _ctx.Client.CreateContactExclusionAsync(new CreateContactExclusionRequest
        {
            Email = " Jane.Doe@Acme.com",
            LinkedInUrl = "https://www.linkedin.com/in/jane-doe-98765/?trk=abc",
            Reason = ExclusionReason.Unsubscribed,
            Message = "Unsubscribed via footer link on 2025-06-10",
        });

        var request = _ctx.SingleRequest.RequestMessage!;
        Assert.Equal("POST", request.Method);
        Assert.StartsWith("application/json", request.Headers!["Content-Type"].Single(), StringComparison.Ordinal);
        Assert.Equal(
            """{"email":"jane.doe@acme.com","linkedin_url":"https://www.linkedin.com/in/jane-doe-98765","reason":"UNSUBSCRIBED","message":"Unsubscribed via footer link on 2025-06-10"}""",
            request.Body);
        Assert.Equal(Guid.Parse(TopoJson.ContactId), created.Id);
    }

    [Fact]
    public async Task Create_contact_with_until_sends_utc_iso8601()
    {
        Respond("POST", "/v1/contact-exclusions", 201, TopoJson.Contact(until: "\"2031-03-04T05:06:07Z\""));

        var created = await _ctx.Client.CreateContactExclusionAsync(new CreateContactExclusionRequest
        {
            LinkedInUrl = "linkedin.com/in/someone",
            Reason = ExclusionReason.BadTiming,
            Until = new DateTimeOffset(2031, 3, 4, 7, 6, 7, TimeSpan.FromHours(2)),
        });

        Assert.Equal("""{"linkedin_url":"https://linkedin.com/in/someone","reason":"BAD_TIMING","until":"2031-03-04T05:06:07Z"}""", _ctx.SingleRequest.RequestMessage!.Body);
        Assert.Equal(new DateTimeOffset(2031, 3, 4, 5, 6, 7, TimeSpan.Zero), created.Until);
        Assert.False(created.IsActive(new DateTimeOffset(2031, 3, 4, 5, 6, 7, TimeSpan.Zero)));
    }

    [Fact]
    public async Task Create_account_sends_exact_body_with_domain_from_url()
    {
        Respond("POST", "/v1/account-exclusions", 201, TopoJson.Account());

        var created = await _ctx.Client.CreateAccountExclusionAsync(new CreateAccountExclusionRequest
        {
            Domain = "HTTPS://Rival-Corp.com/pricing",
            Reason = ExclusionReason.Competitor,
            Message = "Direct competitor — do not contact",
        });

        Assert.Equal("/v1/account-exclusions", _ctx.SingleRequest.RequestMessage!.Path);
        Assert.Equal("""{"domain":"rival-corp.com","reason":"COMPETITOR","message":"Direct competitor \u2014 do not contact"}""", _ctx.SingleRequest.RequestMessage!.Body);
        Assert.Equal("rival-corp.com", created.Domain);
    }

    [Fact]
    public async Task Get_by_id_uses_the_uuid_in_the_path()
    {
        Respond("GET", "/v1/contact-exclusions/" + TopoJson.ContactId, 200, TopoJson.Contact());
        Respond("GET", "/v1/account-exclusions/" + TopoJson.AccountId, 200, TopoJson.Account());

        var contact = await _ctx.Client.GetContactExclusionAsync(Guid.Parse(TopoJson.ContactId));
        var account = await _ctx.Client.GetAccountExclusionAsync(Guid.Parse(TopoJson.AccountId));

        Assert.Equal("jane.doe@acme.com", contact.Email);
        Assert.Equal("rival-corp.com", account.Domain);
        Assert.Equal(2, _ctx.Requests.Count);
    }

    [Fact]
    public async Task Delete_handles_204_for_both_kinds()
    {
        Respond("DELETE", "/v1/contact-exclusions/" + TopoJson.ContactId, 204);
        Respond("DELETE", "/v1/account-exclusions/" + TopoJson.AccountId, 204);

        await _ctx.Client.DeleteContactExclusionAsync(Guid.Parse(TopoJson.ContactId));
        await _ctx.Client.DeleteAccountExclusionAsync(Guid.Parse(TopoJson.AccountId));

        Assert.Equal(["DELETE", "DELETE"], _ctx.Requests.Select(r => r.RequestMessage!.Method));
        Assert.Equal(["/v1/contact-exclusions/" + TopoJson.ContactId, "/v1/account-exclusions/" + TopoJson.AccountId], _ctx.Requests.Select(r => r.RequestMessage!.Path));
    }

    public static TheoryData<string, string> PatchCases => new()
    {
        { "omitted", """{"reason":"BOUNCED","message":"note"}""" },
        { "permanent", """{"until":null}""" },
        { "value", """{"until":"2030-01-02T03:04:05.678Z"}""" },
    };

    [Theory]
    [MemberData(nameof(PatchCases))]
    public async Task Patch_expresses_all_three_states_of_until(string state, string expectedBody)
    {
        Respond("PATCH", "/v1/contact-exclusions/" + TopoJson.ContactId, 200, TopoJson.Contact());
        var request = state switch
        {
            "omitted" => new UpdateExclusionRequest { Reason = ExclusionReason.Bounced, Message = "note" },
            "permanent" => new UpdateExclusionRequest { Until = UntilUpdate.Permanent },
            _ => new UpdateExclusionRequest { Until = new DateTimeOffset(2030, 1, 2, 3, 4, 5, 678, TimeSpan.Zero) },
        };

        await _ctx.Client.UpdateContactExclusionAsync(Guid.Parse(TopoJson.ContactId), request);

        Assert.Equal("PATCH", _ctx.SingleRequest.RequestMessage!.Method);
        Assert.Equal(expectedBody, _ctx.SingleRequest.RequestMessage!.Body);
    }

    [Fact]
    public async Task Patch_account_sends_only_set_fields()
    {
        Respond("PATCH", "/v1/account-exclusions/" + TopoJson.AccountId, 200, TopoJson.Account(reason: "OTHER"));

        var updated = await _ctx.Client.UpdateAccountExclusionAsync(Guid.Parse(TopoJson.AccountId), new UpdateExclusionRequest { Reason = ExclusionReason.Other, Until = UntilUpdate.Permanent });

        Assert.Equal("""{"reason":"OTHER","until":null}""", _ctx.SingleRequest.RequestMessage!.Body);
        Assert.Equal(ExclusionReason.Other, updated.Reason);
    }

    [Fact]
    public void UntilUpdate_default_is_unchanged()
    {
        var request = new UpdateExclusionRequest();
        Assert.False(request.Until.IsSet);
        Assert.Equal(UntilUpdate.Unchanged, request.Until);
        Assert.True(UntilUpdate.Permanent.IsPermanent);
        Assert.NotEqual(UntilUpdate.Permanent, UntilUpdate.Unchanged);
    }
}
