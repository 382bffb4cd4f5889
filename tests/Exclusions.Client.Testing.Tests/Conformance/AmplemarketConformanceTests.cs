using System.Net;
using System.Text.Json;

namespace Exclusions.Client.Testing.Tests.Conformance;

// The conformance suite for Amplemarket: one class per documented behaviour, named after its docs/vendor-behaviour.md
// anchor; each test quotes the sentence it checks. Every exchange is validated against docs/openapi/amplemarket.yaml.

/// <summary>docs/vendor-behaviour.md#amplemarket-base-address-authentication-and-media-type</summary>
[Trait("Conformance", "Documented")]
public sealed class AmplemarketAuthenticationAndMediaTypeConformanceTests : ConformanceTest
{
    // "Authorization: Bearer {{API Key}}" on every example; "Content-Type: application/vnd.amp+json" on every answer.
    [Theory]
    [InlineData("excluded-emails")]
    [InlineData("excluded-domains")]
    public async Task Lists_answer_in_the_vendor_media_type(string path)
    {
        var response = await AmplemarketAsync(HttpMethod.Get, path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/vnd.amp+json", response.Content.Headers.ContentType?.MediaType);
        AssertDocumentAllowsLastRequest();
    }

    [Theory]
    [InlineData(null)]
    [InlineData("amp_not_a_key")]
    public async Task A_missing_or_unknown_key_is_401(string? key)
    {
        var body = await ExpectAsync(await AmplemarketAsync(HttpMethod.Get, "excluded-emails", key: key), HttpStatusCode.Unauthorized);

        Assert.Equal("401", body.GetProperty("_errors")[0].GetProperty("status").GetString());
    }

    // "POST /excluded-emails … Content-Type: application/vnd.amp+json" — a write in the documented media type is accepted.
    [Fact]
    public async Task A_write_in_the_documented_media_type_is_accepted()
    {
        await ExpectAsync(await AmplemarketAsync(HttpMethod.Post, "excluded-emails", """{"excluded_emails":[{"email":"someone@domain.com"}]}"""), HttpStatusCode.OK);
        AssertDocumentAllowsLastRequest();
    }
}

/// <summary>docs/vendor-behaviour.md#amplemarket-exclusion-objects</summary>
[Trait("Conformance", "Documented")]
public sealed class AmplemarketExclusionObjectsConformanceTests : ConformanceTest
{
    // "Exclusion Email Object: email, source, date_added (ISO 8601), excluded_reason" (and the same for domains);
    // the example's date_added is "2024-08-28T22:33:16.145Z".
    [Fact]
    public async Task Listed_items_have_the_documented_fields()
    {
        Emulator.Amplemarket.SeedEmail("someone@domain.com", source: "salesforce", excludedReason: "manual", dateAdded: new DateTimeOffset(2024, 8, 28, 22, 33, 16, 145, TimeSpan.Zero));
        Emulator.Amplemarket.SeedDomain("domain.com");

        var emails = await ExpectAsync(await AmplemarketAsync(HttpMethod.Get, "excluded-emails"), HttpStatusCode.OK);
        var domains = await ExpectAsync(await AmplemarketAsync(HttpMethod.Get, "excluded-domains"), HttpStatusCode.OK);

        var email = Assert.Single(emails.GetProperty("excluded_emails").EnumerateArray());
        Assert.Equal(Sorted("email", "source", "date_added", "excluded_reason"), Names(email));
        Assert.Equal("2024-08-28T22:33:16.145Z", email.GetProperty("date_added").GetString());
        Assert.Equal("salesforce", email.GetProperty("source").GetString());
        Assert.Equal(Sorted("domain", "source", "date_added", "excluded_reason"), Names(Assert.Single(domains.GetProperty("excluded_domains").EnumerateArray())));
    }

    // Added through the API, an item is excluded_reason "api" (the reference's example: "source": "amplemarket", "excluded_reason": "api").
    [Fact]
    public async Task Items_added_through_the_api_say_so()
    {
        await ExpectAsync(await AmplemarketAsync(HttpMethod.Post, "excluded-domains", """{"excluded_domains":[{"domain":"new_domain.com"}]}"""), HttpStatusCode.OK);

        var list = await ExpectAsync(await AmplemarketAsync(HttpMethod.Get, "excluded-domains"), HttpStatusCode.OK);
        var item = Assert.Single(list.GetProperty("excluded_domains").EnumerateArray());
        Assert.Equal("amplemarket", item.GetProperty("source").GetString());
        Assert.Equal("api", item.GetProperty("excluded_reason").GetString());
    }
}

/// <summary>docs/vendor-behaviour.md#amplemarket-listing</summary>
[Trait("Conformance", "Documented")]
public sealed class AmplemarketListingConformanceTests : ConformanceTest
{
    // "Lists return excluded_domains / excluded_emails arrays and _links." "Follow _links.next whenever it is present;
    // stop when it is absent." (public material on Amplemarket, see docs/vendor-behaviour.md)
    [Fact]
    public async Task Following_links_next_until_it_is_absent_visits_every_item_once()
    {
        for (var i = 0; i < 7; i++)
        {
            Emulator.Amplemarket.SeedEmail($"p{i}@acme.com");
        }

        var seen = new List<string>();
        var next = "excluded-emails?page[size]=3";
        var pages = 0;
        while (next is not null)
        {
            var page = await ExpectAsync(await AmplemarketAsync(HttpMethod.Get, next), HttpStatusCode.OK);
            pages++;
            seen.AddRange(page.GetProperty("excluded_emails").EnumerateArray().Select(e => e.GetProperty("email").GetString()!));
            Assert.True(page.GetProperty("_links").TryGetProperty("self", out _));
            next = page.GetProperty("_links").TryGetProperty("next", out var link) ? link.GetProperty("href").GetString()!.TrimStart('/') : null;
        }

        Assert.Equal(3, pages);
        Assert.Equal(Enumerable.Range(0, 7).Select(i => $"p{i}@acme.com"), seen);
    }

    // The reference's example link: "self": { "href": "/excluded-domains?size=2000" }
    [Fact]
    public async Task The_reference_size_parameter_bounds_a_page()
    {
        Emulator.Amplemarket.SeedDomain("a.com");
        Emulator.Amplemarket.SeedDomain("b.com");

        var page = await ExpectAsync(await AmplemarketAsync(HttpMethod.Get, "excluded-domains?size=1"), HttpStatusCode.OK);

        Assert.Single(page.GetProperty("excluded_domains").EnumerateArray());
        Assert.True(page.GetProperty("_links").TryGetProperty("next", out _));
        AssertDocumentAllowsLastRequest();
    }

    [Theory]
    [InlineData("excluded-emails?page[size]=0")]
    [InlineData("excluded-emails?page[after]=")]
    public async Task A_bad_page_parameter_is_a_400_naming_it(string pathAndQuery)
    {
        var body = await ExpectAsync(await AmplemarketAsync(HttpMethod.Get, pathAndQuery), HttpStatusCode.BadRequest);

        Assert.True(body.GetProperty("_errors")[0].GetProperty("source").TryGetProperty("parameter", out _));
        AssertDocumentForbidsLastRequest();
    }
}

/// <summary>docs/vendor-behaviour.md#amplemarket-bulk-writes</summary>
[Trait("Conformance", "Documented")]
public sealed class AmplemarketBulkWritesConformanceTests : ConformanceTest
{
    // Create: { "existing_domain.com": "duplicated", "new_domain.com": "success" }
    [Fact]
    public async Task Post_answers_success_or_duplicated_per_item()
    {
        Emulator.Amplemarket.SeedDomain("existing_domain.com");

        var outcomes = await ExpectAsync(await AmplemarketAsync(HttpMethod.Post, "excluded-domains", """{"excluded_domains":[{"domain":"existing_domain.com"},{"domain":"new_domain.com"}]}"""), HttpStatusCode.OK);

        Assert.Equal("duplicated", outcomes.GetProperty("existing_domain.com").GetString());
        Assert.Equal("success", outcomes.GetProperty("new_domain.com").GetString());
    }

    // Delete: { "existing@domain.com": "success", "existing_from_crm@domain.com": "unsupported", "unexistent@domain.com": "not_found" }
    [Fact]
    public async Task Delete_answers_success_unsupported_or_not_found_per_item()
    {
        Emulator.Amplemarket.SeedEmail("existing@domain.com");
        Emulator.Amplemarket.SeedEmail("existing_from_crm@domain.com", source: "salesforce");

        var outcomes = await ExpectAsync(await AmplemarketAsync(HttpMethod.Delete, "excluded-emails",
            """{"excluded_emails":[{"email":"existing@domain.com"},{"email":"existing_from_crm@domain.com"},{"email":"unexistent@domain.com"}]}"""), HttpStatusCode.OK);

        Assert.Equal("success", outcomes.GetProperty("existing@domain.com").GetString());
        Assert.Equal("unsupported", outcomes.GetProperty("existing_from_crm@domain.com").GetString());
        Assert.Equal("not_found", outcomes.GetProperty("unexistent@domain.com").GetString());
        Assert.Equal(["existing_from_crm@domain.com"], Emulator.Amplemarket.ExcludedEmails.Select(e => e.Value));
    }

    // The body is {"excluded_emails":[{"email":"…"}]}; anything else is refused and nothing is applied.
    [Theory]
    [InlineData("""{"excluded_domains":[{"domain":"a.com"}]}""")]
    [InlineData("""{"excluded_emails":"a@b.com"}""")]
    [InlineData("""[{"email":"a@b.com"}]""")]
    public async Task A_body_of_another_shape_is_a_400(string body)
    {
        await ExpectAsync(await AmplemarketAsync(HttpMethod.Post, "excluded-emails", body), HttpStatusCode.BadRequest);

        AssertDocumentForbidsLastRequest();
        Assert.Empty(Emulator.Amplemarket.ExcludedEmails);
    }
}

/// <summary>docs/vendor-behaviour.md#amplemarket-rate-limit</summary>
[Trait("Conformance", "Documented")]
public sealed class AmplemarketRateLimitConformanceTests : ConformanceTest
{
    // "Rate limit: 500 requests per minute per consumer; excess gets 429. No documented rate-limit headers and no
    // documented Retry-After." (public material on Amplemarket, see docs/vendor-behaviour.md)
    [Fact]
    public async Task The_501st_request_in_a_minute_is_429_without_Retry_After()
    {
        for (var i = 0; i < 500; i++)
        {
            var ok = await AmplemarketAsync(HttpMethod.Get, "excluded-domains");
            Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        }

        var limited = await AmplemarketAsync(HttpMethod.Get, "excluded-domains");

        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.Null(limited.Headers.RetryAfter);
        Time.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(HttpStatusCode.OK, (await AmplemarketAsync(HttpMethod.Get, "excluded-domains")).StatusCode);
    }
}

/// <summary>docs/vendor-behaviour.md#amplemarket-errors</summary>
[Trait("Conformance", "Documented")]
public sealed class AmplemarketErrorsConformanceTests : ConformanceTest
{
    // {"_errors":[{"id","status"(string),"code","title","detail","source":{"pointer"|"parameter"|"header"}}]} (public material on Amplemarket, see docs/vendor-behaviour.md)
    [Fact]
    public async Task Errors_have_the_documented_shape_with_a_string_status_and_a_source()
    {
        var body = await ExpectAsync(await AmplemarketAsync(HttpMethod.Post, "excluded-emails", """{"excluded_emails":[{"email":"not-an-email"}]}"""), HttpStatusCode.UnprocessableEntity);

        var error = Assert.Single(body.GetProperty("_errors").EnumerateArray());
        Assert.Equal(Sorted("id", "status", "code", "title", "detail", "source"), Names(error));
        Assert.Equal(JsonValueKind.String, error.GetProperty("status").ValueKind);
        Assert.Equal("422", error.GetProperty("status").GetString());
        Assert.Equal("/excluded_emails/0/email", error.GetProperty("source").GetProperty("pointer").GetString());
    }

    // Not in the document: a path outside it is 404, a method outside it 405 with Allow (components.responses).
    [Fact]
    public async Task Undocumented_paths_and_methods_get_the_documented_404_and_405()
    {
        await ExpectAsync(await AmplemarketAsync(HttpMethod.Get, "sequences"), HttpStatusCode.NotFound);
        await ExpectAsync(await AmplemarketAsync(HttpMethod.Patch, "excluded-domains", """{"excluded_domains":[]}"""), HttpStatusCode.MethodNotAllowed);
        AssertDocumentForbidsLastRequest();
    }
}
