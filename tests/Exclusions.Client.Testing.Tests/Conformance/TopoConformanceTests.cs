using System.Net;
using System.Text.Json;

namespace Exclusions.Client.Testing.Tests.Conformance;

// The conformance suite for Topo: one class per documented behaviour, named after its docs/vendor-behaviour.md
// anchor; each test quotes the sentence it checks (from the vendor docs or the public material that page cites).
// Every exchange is validated against docs/openapi/topo.yaml by ConformanceTest's handler.

/// <summary>docs/vendor-behaviour.md#topo-base-address-and-versioning</summary>
[Trait("Conformance", "Documented")]
public sealed class TopoBaseAddressAndVersioningTests : ConformanceTest
{
    // "All endpoints are served under a single versioned base URL: https://api.topo.io/v1" (Topo API overview, Base URL)
    [Theory]
    [InlineData("me")]
    [InlineData("contact-exclusions")]
    [InlineData("account-exclusions")]
    public async Task Every_endpoint_is_under_v1(string path)
    {
        await ExpectAsync(await TopoAsync(HttpMethod.Get, path), HttpStatusCode.OK);
        AssertDocumentAllowsLastRequest();
    }

    // "New endpoint, new optional field, new response field, new enum value: Additive change in /v1": clients key on
    // the documented fields, so every documented field is there (the schema requires them) and typed as documented.
    [Fact]
    public async Task A_contact_exclusion_has_the_documented_fields()
    {
        var created = await ExpectAsync(await TopoAsync(HttpMethod.Post, "contact-exclusions", """{"email":"ana@acme.com","reason":"UNSUBSCRIBED"}"""), HttpStatusCode.Created);

        Assert.Equal(Sorted("id", "email", "linkedin_url", "reason", "message", "until", "created_at", "updated_at"), Names(created));
    }
}

/// <summary>docs/vendor-behaviour.md#topo-authentication</summary>
[Trait("Conformance", "Documented")]
public sealed class TopoAuthenticationConformanceTests : ConformanceTest
{
    // "401 = bad/missing key" (public material on Topo, see docs/vendor-behaviour.md)
    [Theory]
    [InlineData(null)]
    [InlineData("topo_not_a_key")]
    public async Task A_missing_or_unknown_key_is_401_UnauthorizedIssue(string? key)
    {
        var error = await ExpectAsync(await TopoAsync(HttpMethod.Get, "contact-exclusions", key: key), HttpStatusCode.Unauthorized);

        Assert.Equal("UnauthorizedIssue", error.GetProperty("type").GetString());
        if (key is null)
        {
            AssertDocumentForbidsLastRequest();
        }
    }

    // "Read endpoints require the exclusions:read scope. Create, update, and delete endpoints require exclusions:write."
    // (Topo exclusions reference) "403 = the key lacks the scope" (public material on Topo, see docs/vendor-behaviour.md)
    [Fact]
    public async Task A_read_only_key_reads_but_cannot_write()
    {
        Emulator.Topo.AddApiKey("topo_read_only", "read only", TopoEmulator.ReadScope);

        await ExpectAsync(await TopoAsync(HttpMethod.Get, "contact-exclusions", key: "topo_read_only"), HttpStatusCode.OK);
        var error = await ExpectAsync(await TopoAsync(HttpMethod.Post, "contact-exclusions", """{"email":"a@acme.com","reason":"OTHER"}""", key: "topo_read_only"), HttpStatusCode.Forbidden);

        Assert.Equal("UnauthorizedIssue", error.GetProperty("type").GetString());
        Assert.Empty(Emulator.Topo.ContactExclusions);
    }

    // "make your first request to confirm your credentials and see which scopes your key carries" (Topo API overview, Quick start)
    [Fact]
    public async Task V1_me_describes_the_key_and_its_scopes()
    {
        var me = await ExpectAsync(await TopoAsync(HttpMethod.Get, "me"), HttpStatusCode.OK);

        Assert.Equal(Sorted("id", "organization_id", "name", "key_prefix", "scopes", "created_at", "last_used_at"), Names(me));
        Assert.StartsWith("topo_", me.GetProperty("key_prefix").GetString(), StringComparison.Ordinal);
        Assert.Equal(["exclusions:read", "exclusions:write"], me.GetProperty("scopes").EnumerateArray().Select(s => s.GetString()!).Order(StringComparer.Ordinal));
    }
}

/// <summary>docs/vendor-behaviour.md#topo-lists-and-paging</summary>
[Trait("Conformance", "Documented")]
public sealed class TopoListsAndPagingConformanceTests : ConformanceTest
{
    // "page integer default:"1" Page number (1-indexed)." "size integer default:"10" Results per page. Maximum 100."
    [Fact]
    public async Task Pages_count_from_1_with_10_items_by_default()
    {
        for (var i = 0; i < 12; i++)
        {
            Emulator.Topo.SeedContactExclusion($"p{i:D2}@acme.com");
        }

        var first = await ExpectAsync(await TopoAsync(HttpMethod.Get, "contact-exclusions"), HttpStatusCode.OK);
        var second = await ExpectAsync(await TopoAsync(HttpMethod.Get, "contact-exclusions?page=2"), HttpStatusCode.OK);

        Assert.Equal(10, first.GetProperty("items").GetArrayLength());
        Assert.Equal(12, first.GetProperty("total_count").GetInt32());
        Assert.Equal(2, first.GetProperty("total_pages").GetInt32());
        Assert.True(first.GetProperty("has_more").GetBoolean());
        Assert.Equal(2, second.GetProperty("items").GetArrayLength());
        Assert.False(second.GetProperty("has_more").GetBoolean());
    }

    // "Results per page. Maximum 100." and `page` is 1-indexed: outside those bounds is a ValidationIssue, as the document says.
    [Theory]
    [InlineData("size=101")]
    [InlineData("size=0")]
    [InlineData("page=0")]
    [InlineData("sort_order=up")]
    [InlineData("sort_by=linkedin_url")]
    [InlineData("reason=NOT_A_REASON")]
    [InlineData("created_at_after=yesterday")]
    public async Task Out_of_range_parameters_are_a_ValidationIssue(string query)
    {
        var error = await ExpectAsync(await TopoAsync(HttpMethod.Get, "contact-exclusions?" + query), HttpStatusCode.BadRequest);

        Assert.Equal("ValidationIssue", error.GetProperty("type").GetString());
        Assert.True(error.GetProperty("data").TryGetProperty(query.Split('=')[0], out _), error.ToString());
        AssertDocumentForbidsLastRequest();
    }

    // "email: Exact-match filter on the excluded email address." "domain: Exact-match filter on the excluded domain."
    [Fact]
    public async Task Email_and_domain_filters_match_exactly()
    {
        Emulator.Topo.SeedContactExclusion("ana@acme.com");
        Emulator.Topo.SeedContactExclusion("ana@acme.com.br");
        Emulator.Topo.SeedAccountExclusion("acme.com");
        Emulator.Topo.SeedAccountExclusion("sub.acme.com");

        var contacts = await ExpectAsync(await TopoAsync(HttpMethod.Get, "contact-exclusions?email=ana@acme.com"), HttpStatusCode.OK);
        var accounts = await ExpectAsync(await TopoAsync(HttpMethod.Get, "account-exclusions?domain=acme.com"), HttpStatusCode.OK);

        Assert.Equal("ana@acme.com", Assert.Single(contacts.GetProperty("items").EnumerateArray()).GetProperty("email").GetString());
        Assert.Equal("acme.com", Assert.Single(accounts.GetProperty("items").EnumerateArray()).GetProperty("domain").GetString());
    }

    // "created_at_after: Returns exclusions created strictly after this timestamp." "created_at_before: … strictly before …"
    [Fact]
    public async Task Created_at_bounds_are_strict()
    {
        var t = Start.AddHours(-1);
        Emulator.Topo.SeedContactExclusion("before@acme.com", createdAt: t.AddSeconds(-1));
        Emulator.Topo.SeedContactExclusion("at@acme.com", createdAt: t);
        Emulator.Topo.SeedContactExclusion("after@acme.com", createdAt: t.AddSeconds(1));
        var stamp = Uri.EscapeDataString(t.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture));

        var after = await ExpectAsync(await TopoAsync(HttpMethod.Get, $"contact-exclusions?created_at_after={stamp}"), HttpStatusCode.OK);
        var before = await ExpectAsync(await TopoAsync(HttpMethod.Get, $"contact-exclusions?created_at_before={stamp}"), HttpStatusCode.OK);

        Assert.Equal(["after@acme.com"], Emails(after));
        Assert.Equal(["before@acme.com"], Emails(before));
    }

    // "sort_by: Field to sort by. One of created_at, updated_at, email, or reason." sort_order "asc|desc" (public material on Topo, see docs/vendor-behaviour.md)
    [Fact]
    public async Task Sort_by_and_sort_order_order_the_items()
    {
        Emulator.Topo.SeedContactExclusion("b@acme.com");
        Emulator.Topo.SeedContactExclusion("c@acme.com");
        Emulator.Topo.SeedContactExclusion("a@acme.com");

        var asc = await ExpectAsync(await TopoAsync(HttpMethod.Get, "contact-exclusions?sort_by=email&sort_order=asc"), HttpStatusCode.OK);
        var desc = await ExpectAsync(await TopoAsync(HttpMethod.Get, "contact-exclusions?sort_by=email&sort_order=desc"), HttpStatusCode.OK);

        Assert.Equal(["a@acme.com", "b@acme.com", "c@acme.com"], Emails(asc));
        Assert.Equal(["c@acme.com", "b@acme.com", "a@acme.com"], Emails(desc));
    }

    private static string[] Emails(JsonElement page) =>
        page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("email").GetString()!).ToArray();
}

/// <summary>docs/vendor-behaviour.md#topo-exclusion-reasons</summary>
[Trait("Conformance", "Documented")]
public sealed class TopoExclusionReasonsConformanceTests : ConformanceTest
{
    public static TheoryData<string> Reasons => new(
        "UNSUBSCRIBED", "CONTACT_REFUSED", "BOUNCED", "WRONG_PERSON", "LEFT_COMPANY", "BAD_TIMING", "OUT_OF_OFFICE", "MEETING",
        "INTERESTED", "COMPETITOR", "REFERRAL", "EXCLUDE_FROM_SEARCH", "EXCLUDE_FROM_CRM", "OTHER", "UNKNOWN");

    // "Both contact and account exclusions carry a reason field. Valid values are:" (the 15 codes)
    [Theory]
    [MemberData(nameof(Reasons))]
    public async Task Every_documented_reason_is_accepted_and_echoed(string reason)
    {
        var contact = await ExpectAsync(await TopoAsync(HttpMethod.Post, "contact-exclusions", $$"""{"email":"a@acme.com","reason":"{{reason}}"}"""), HttpStatusCode.Created);
        var account = await ExpectAsync(await TopoAsync(HttpMethod.Post, "account-exclusions", $$"""{"domain":"acme.com","reason":"{{reason}}"}"""), HttpStatusCode.Created);

        Assert.Equal(reason, contact.GetProperty("reason").GetString());
        Assert.Equal(reason, account.GetProperty("reason").GetString());
    }

    // "reason string required Reason code for the exclusion. Must be one of the values in Exclusion reasons."
    [Theory]
    [InlineData("""{"email":"a@acme.com"}""")]
    [InlineData("""{"email":"a@acme.com","reason":"unsubscribed"}""")]
    [InlineData("""{"email":"a@acme.com","reason":"SPAM"}""")]
    public async Task A_missing_or_unknown_reason_is_a_ValidationIssue(string body)
    {
        var error = await ExpectAsync(await TopoAsync(HttpMethod.Post, "contact-exclusions", body), HttpStatusCode.BadRequest);

        Assert.True(error.GetProperty("data").TryGetProperty("reason", out _));
        AssertDocumentForbidsLastRequest();
    }
}

/// <summary>docs/vendor-behaviour.md#topo-contact-and-account-exclusions</summary>
[Trait("Conformance", "Documented")]
public sealed class TopoContactAndAccountExclusionsConformanceTests : ConformanceTest
{
    // "At least one of email or linkedin_url must be provided. Returns HTTP 201 Created on success."
    [Theory]
    [InlineData("""{"email":"jane.doe@acme.com","reason":"UNSUBSCRIBED"}""")]
    [InlineData("""{"linkedin_url":"https://www.linkedin.com/in/jane-doe-98765","reason":"UNSUBSCRIBED"}""")]
    [InlineData("""{"email":"jane.doe@acme.com","linkedin_url":"https://www.linkedin.com/in/jane-doe-98765","reason":"UNSUBSCRIBED","message":"Unsubscribed via footer link on 2025-06-10"}""")]
    public async Task A_contact_exclusion_needs_an_email_or_a_linkedin_url_and_answers_201(string body)
    {
        var created = await ExpectAsync(await TopoAsync(HttpMethod.Post, "contact-exclusions", body), HttpStatusCode.Created);

        AssertDocumentAllowsLastRequest();
        Assert.True(Guid.TryParseExact(created.GetProperty("id").GetString(), "D", out _)); // "id string (UUID)"
        var fetched = await ExpectAsync(await TopoAsync(HttpMethod.Get, $"contact-exclusions/{created.GetProperty("id").GetString()}"), HttpStatusCode.OK);
        Assert.Equal(created.ToString(), fetched.ToString());
    }

    [Fact]
    public async Task A_contact_exclusion_with_neither_is_a_ValidationIssue()
    {
        await ExpectAsync(await TopoAsync(HttpMethod.Post, "contact-exclusions", """{"reason":"OTHER","message":"who?"}"""), HttpStatusCode.BadRequest);
        AssertDocumentForbidsLastRequest();
    }

    // "POST /v1/account-exclusions Adds a company domain to your workspace blocklist. … Returns HTTP 201 Created on success."
    [Fact]
    public async Task An_account_exclusion_blocks_a_domain_and_answers_201()
    {
        var created = await ExpectAsync(await TopoAsync(HttpMethod.Post, "account-exclusions", """{"domain":"rival-corp.com","reason":"COMPETITOR","message":"Direct competitor — do not contact"}"""), HttpStatusCode.Created);

        Assert.Equal("rival-corp.com", created.GetProperty("domain").GetString());
        Assert.Equal(JsonValueKind.Null, created.GetProperty("until").ValueKind);
    }

    // "CommitIssue (409, e.g. duplicate)" (public material on Topo, see docs/vendor-behaviour.md)
    [Fact]
    public async Task A_second_active_exclusion_for_the_same_value_is_409_CommitIssue()
    {
        await ExpectAsync(await TopoAsync(HttpMethod.Post, "account-exclusions", """{"domain":"acme.com","reason":"COMPETITOR"}"""), HttpStatusCode.Created);
        var error = await ExpectAsync(await TopoAsync(HttpMethod.Post, "account-exclusions", """{"domain":"acme.com","reason":"OTHER"}"""), HttpStatusCode.Conflict);

        Assert.Equal("CommitIssue", error.GetProperty("type").GetString());
    }

    // "Permanently removes a contact exclusion … Returns HTTP 204 No Content on success."
    [Fact]
    public async Task Delete_answers_204_and_the_exclusion_is_gone()
    {
        var seeded = Emulator.Topo.SeedContactExclusion("a@acme.com");

        var deleted = await TopoAsync(HttpMethod.Delete, $"contact-exclusions/{seeded.Id}");
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        var error = await ExpectAsync(await TopoAsync(HttpMethod.Get, $"contact-exclusions/{seeded.Id}"), HttpStatusCode.NotFound);

        Assert.Equal("NotFoundIssue", error.GetProperty("type").GetString());
    }

    // "Exclusions synced from a CRM (e.g. HubSpot) cannot be removed through the API." (public material on Topo, see docs/vendor-behaviour.md) — 422 BusinessIssue (assumption)
    [Fact]
    public async Task A_crm_synced_exclusion_cannot_be_deleted()
    {
        var seeded = Emulator.Topo.SeedAccountExclusion("acme.com", crmSynced: true);

        var error = await ExpectAsync(await TopoAsync(HttpMethod.Delete, $"account-exclusions/{seeded.Id}"), HttpStatusCode.UnprocessableEntity);

        Assert.Equal("BusinessIssue", error.GetProperty("type").GetString());
        Assert.Single(Emulator.Topo.AccountExclusions);
    }
}

/// <summary>docs/vendor-behaviour.md#topo-expiry-until</summary>
[Trait("Conformance", "Documented")]
public sealed class TopoExpiryConformanceTests : ConformanceTest
{
    // "To convert a temporary exclusion into a permanent one, include "until": null explicitly in the request body.
    // Omitting until entirely leaves the existing value unchanged."
    [Fact]
    public async Task Patch_until_null_makes_it_permanent_and_leaving_until_out_keeps_it()
    {
        var until = Start.AddDays(30);
        var seeded = Emulator.Topo.SeedContactExclusion("a@acme.com", until: until);

        var kept = await ExpectAsync(await TopoAsync(HttpMethod.Patch, $"contact-exclusions/{seeded.Id}", """{"message":"still temporary"}"""), HttpStatusCode.OK);
        Assert.Equal(until, kept.GetProperty("until").GetDateTimeOffset());
        Assert.Equal("still temporary", kept.GetProperty("message").GetString());

        var permanent = await ExpectAsync(await TopoAsync(HttpMethod.Patch, $"contact-exclusions/{seeded.Id}", """{"until":null}"""), HttpStatusCode.OK);
        Assert.Equal(JsonValueKind.Null, permanent.GetProperty("until").ValueKind);
        Assert.Equal("still temporary", permanent.GetProperty("message").GetString());
    }

    // "until … Expiry timestamp. When this time is reached, the exclusion is lifted automatically."
    [Fact]
    public async Task An_expired_exclusion_no_longer_blocks_a_new_one()
    {
        await ExpectAsync(await TopoAsync(HttpMethod.Post, "account-exclusions", $$"""{"domain":"acme.com","reason":"BAD_TIMING","until":"{{Start.AddHours(1):yyyy-MM-ddTHH:mm:ssZ}}"}"""), HttpStatusCode.Created);
        await ExpectAsync(await TopoAsync(HttpMethod.Post, "account-exclusions", """{"domain":"acme.com","reason":"OTHER"}"""), HttpStatusCode.Conflict);

        Time.Advance(TimeSpan.FromHours(2));

        await ExpectAsync(await TopoAsync(HttpMethod.Post, "account-exclusions", """{"domain":"acme.com","reason":"OTHER"}"""), HttpStatusCode.Created);
    }
}

/// <summary>docs/vendor-behaviour.md#topo-errors</summary>
[Trait("Conformance", "Documented")]
public sealed class TopoErrorsConformanceTests : ConformanceTest
{
    // Error body {"status_code":N, "type":"…", "message":"…", "data":{…}|null, "request_id":"…"} (public material on Topo, see docs/vendor-behaviour.md);
    // the request_id is what support asks for ("debug with request IDs").
    [Theory]
    [InlineData("contact-exclusions/0f8fad5b-d9cb-469f-a165-70867728950e", 404, "NotFoundIssue")]
    [InlineData("contact-exclusions?size=500", 400, "ValidationIssue")]
    public async Task Errors_have_the_documented_body_and_a_request_id(string path, int status, string type)
    {
        var response = await TopoAsync(HttpMethod.Get, path);
        var error = await ExpectAsync(response, (HttpStatusCode)status);

        Assert.Equal(Sorted("status_code", "type", "message", "data", "request_id"), Names(error));
        Assert.Equal(status, error.GetProperty("status_code").GetInt32());
        Assert.Equal(type, error.GetProperty("type").GetString());
        Assert.Equal(response.Headers.GetValues("X-Request-Id").Single(), error.GetProperty("request_id").GetString());
    }

    // Not in the document: a path outside it is NotFoundIssue, a method outside it 405 with Allow (components.responses).
    [Fact]
    public async Task Undocumented_paths_and_methods_get_the_documented_404_and_405()
    {
        await ExpectAsync(await TopoAsync(HttpMethod.Get, "contacts"), HttpStatusCode.NotFound);
        await ExpectAsync(await TopoAsync(HttpMethod.Put, "contact-exclusions", """{"email":"a@acme.com","reason":"OTHER"}"""), HttpStatusCode.MethodNotAllowed);
        await ExpectAsync(await TopoAsync(HttpMethod.Post, "me", "{}"), HttpStatusCode.MethodNotAllowed);
        AssertDocumentForbidsLastRequest();
    }
}

/// <summary>docs/vendor-behaviour.md#topo-rate-limits</summary>
[Trait("Conformance", "Documented")]
public sealed class TopoRateLimitsConformanceTests : ConformanceTest
{
    protected override void Configure(ExclusionsEmulatorOptions options) => options.TopoRequestsPerMinute = 2;

    // "Assume 429 may come, with or without Retry-After (seconds or HTTP date)." (public material on Topo, see docs/vendor-behaviour.md) — opt-in in the emulator.
    [Fact]
    public async Task An_opted_in_limit_answers_429_with_Retry_After()
    {
        await ExpectAsync(await TopoAsync(HttpMethod.Get, "me"), HttpStatusCode.OK);
        await ExpectAsync(await TopoAsync(HttpMethod.Get, "me"), HttpStatusCode.OK);
        var response = await TopoAsync(HttpMethod.Get, "me");

        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        Assert.NotNull(response.Headers.RetryAfter);
    }
}
