using System.Net;
using System.Text.RegularExpressions;

namespace Exclusions.Client.Testing.Tests.Conformance;

/// <summary>
/// STRICT CHOICES: where the vendor docs are silent the emulator takes the stricter reading, so code that
/// passes it also works against a lenient server (not the reverse). Each test names the
/// <see cref="ExclusionsEmulatorOptions"/> switch that relaxes it (docs/testing.md, "Strict by default");
/// <see cref="LenientOptionsTests"/> proves each switch. Every exchange is validated against docs/openapi/*.yaml
/// (<see cref="ConformanceTest"/>), where each of these choices is marked <c>x-emulator-strict</c>; where the emulator
/// refuses a request, the test also checks that the document forbids it.
/// </summary>
[Trait("Conformance", "Strict")]
public sealed class StrictChoicesTests : ConformanceTest
{
    private const string Email = """{"excluded_emails":[{"email":"a@b.com"}]}""";

    // Relaxed by AcceptAnyJsonMediaType. Docs: 'Content-Type: application/vnd.amp+json' on every write example.
    [Theory]
    [InlineData("application/json")]
    [InlineData("application/problem+json")]
    public async Task Amplemarket_writes_need_the_documented_media_type(string contentType)
    {
        foreach (var method in new[] { HttpMethod.Post, HttpMethod.Delete })
        {
            var body = await ExpectAsync(await AmplemarketAsync(method, "excluded-emails", Email, contentType: contentType), HttpStatusCode.UnsupportedMediaType);
            AssertDocumentForbidsLastRequest();
            Assert.Equal("Content-Type", body.GetProperty("_errors")[0].GetProperty("source").GetProperty("header").GetString());
        }

        Assert.Empty(Emulator.Amplemarket.ExcludedEmails);
        await ExpectAsync(await AmplemarketAsync(HttpMethod.Post, "excluded-emails", Email, contentType: "application/vnd.amp+json; charset=utf-8"), HttpStatusCode.OK);
    }

    // Relaxed by IgnoreUnknownFields.
    [Theory]
    [InlineData("contact-exclusions", """{"email":"a@b.com","reason":"OTHER","emial":"x"}""", "emial")]
    [InlineData("contact-exclusions", """{"email":"a@b.com","reason":"OTHER","domain":"b.com"}""", "domain")]
    [InlineData("account-exclusions", """{"domain":"b.com","reason":"OTHER","email":"a@b.com"}""", "email")]
    public async Task Topo_create_refuses_unknown_body_fields(string path, string json, string field)
    {
        var error = await ExpectAsync(await TopoAsync(HttpMethod.Post, path, json), HttpStatusCode.BadRequest);
        AssertDocumentForbidsLastRequest();

        Assert.Equal("ValidationIssue", error.GetProperty("type").GetString());
        Assert.True(error.GetProperty("data").TryGetProperty(field, out _), error.ToString());
        Assert.Empty(Emulator.Topo.ContactExclusions.Concat(Emulator.Topo.AccountExclusions));
    }

    [Fact]
    public async Task Topo_patch_refuses_unknown_body_fields_and_changes_nothing()
    {
        var seeded = Emulator.Topo.SeedContactExclusion("a@b.com", message: "kept");

        var error = await ExpectAsync(await TopoAsync(HttpMethod.Patch, $"contact-exclusions/{seeded.Id}", """{"message":"new","expires":null}"""), HttpStatusCode.BadRequest);
        AssertDocumentForbidsLastRequest();

        Assert.Equal("ValidationIssue", error.GetProperty("type").GetString());
        Assert.True(error.GetProperty("data").TryGetProperty("expires", out _));
        Assert.Equal("kept", Assert.Single(Emulator.Topo.ContactExclusions).Message);
    }

    [Theory]
    [InlineData("""{"excluded_emails":[{"email":"a@b.com"}],"dry_run":true}""", "/dry_run")]
    [InlineData("""{"excluded_emails":[{"email":"a@b.com","reason":"api"}]}""", "/excluded_emails/0/reason")]
    public async Task Amplemarket_bulk_refuses_unknown_body_fields(string json, string pointer)
    {
        var body = await ExpectAsync(await AmplemarketAsync(HttpMethod.Post, "excluded-emails", json), HttpStatusCode.BadRequest);
        AssertDocumentForbidsLastRequest();

        Assert.Equal(pointer, body.GetProperty("_errors")[0].GetProperty("source").GetProperty("pointer").GetString());
        Assert.Empty(Emulator.Amplemarket.ExcludedEmails);
    }

    // Relaxed by IgnoreUnknownQueryParameters.
    [Theory]
    [InlineData("contact-exclusions?per_page=5", "per_page")]
    [InlineData("contact-exclusions?domain=acme.com", "domain")]
    [InlineData("account-exclusions?email=a@acme.com", "email")]
    [InlineData("me?verbose=1", "verbose")]
    [InlineData("contact-exclusions/0f8fad5b-d9cb-469f-a165-70867728950e?expand=all", "expand")]
    public async Task Topo_refuses_unknown_query_parameters(string pathAndQuery, string parameter)
    {
        var error = await ExpectAsync(await TopoAsync(HttpMethod.Get, pathAndQuery), HttpStatusCode.BadRequest);
        AssertDocumentForbidsLastRequest();

        Assert.Equal("ValidationIssue", error.GetProperty("type").GetString());
        Assert.True(error.GetProperty("data").TryGetProperty(parameter, out _), error.ToString());
    }

    [Theory]
    [InlineData("GET", "excluded-emails?limit=5", "limit")]
    [InlineData("POST", "excluded-emails?dry_run=1", "dry_run")]
    public async Task Amplemarket_refuses_unknown_query_parameters(string method, string pathAndQuery, string parameter)
    {
        var json = method == "GET" ? null : Email;
        var body = await ExpectAsync(await AmplemarketAsync(new HttpMethod(method), pathAndQuery, json), HttpStatusCode.BadRequest);
        AssertDocumentForbidsLastRequest();

        Assert.Equal(parameter, body.GetProperty("_errors")[0].GetProperty("source").GetProperty("parameter").GetString());
        Assert.Empty(Emulator.Amplemarket.ExcludedEmails);
    }

    // No switch: RFC 9110 requires Allow on a 405.
    [Theory]
    [InlineData("topo", "PUT", "contact-exclusions", "GET, POST")]
    [InlineData("topo", "POST", "account-exclusions/0f8fad5b-d9cb-469f-a165-70867728950e", "GET, PATCH, DELETE")]
    [InlineData("topo", "DELETE", "me", "GET")]
    [InlineData("amplemarket", "PUT", "excluded-domains", "GET, POST, DELETE")]
    public async Task Method_not_allowed_lists_the_allowed_methods(string vendor, string method, string path, string allow)
    {
        var response = vendor == "topo"
            ? await TopoAsync(new HttpMethod(method), path)
            : await AmplemarketAsync(new HttpMethod(method), path);

        await ExpectAsync(response, HttpStatusCode.MethodNotAllowed);
        AssertDocumentForbidsLastRequest();
        Assert.Equal(allow, string.Join(", ", response.Content.Headers.Allow));
    }

    // Relaxed by CaseSensitiveLinkedInUrls.
    [Fact]
    public async Task LinkedIn_urls_differing_only_in_case_are_duplicates_and_match_the_filter()
    {
        await ExpectAsync(await TopoAsync(HttpMethod.Post, "contact-exclusions", """{"linkedin_url":"https://www.linkedin.com/in/Ana","reason":"OTHER"}"""), HttpStatusCode.Created);

        var conflict = await ExpectAsync(await TopoAsync(HttpMethod.Post, "contact-exclusions", """{"linkedin_url":"https://www.linkedin.com/in/ana","reason":"OTHER"}"""), HttpStatusCode.Conflict);
        var found = await ExpectAsync(await TopoAsync(HttpMethod.Get, "contact-exclusions?linkedin_url=https%3A%2F%2Fwww.linkedin.com%2Fin%2FANA"), HttpStatusCode.OK);

        Assert.Equal("CommitIssue", conflict.GetProperty("type").GetString());
        Assert.Equal(1, found.GetProperty("total_count").GetInt32());
        Assert.Single(Emulator.Topo.ContactExclusions);
    }

    // Relaxed by EchoBulkKeysAsSent.
    [Fact]
    public async Task Bulk_answers_are_keyed_by_the_stored_value()
    {
        var added = await ExpectAsync(await AmplemarketAsync(HttpMethod.Post, "excluded-domains", """{"excluded_domains":[{"domain":"Acme.COM"}]}"""), HttpStatusCode.OK);
        var removed = await ExpectAsync(await AmplemarketAsync(HttpMethod.Delete, "excluded-domains", """{"excluded_domains":[{"domain":"ACME.com"}]}"""), HttpStatusCode.OK);

        Assert.Equal(["acme.com"], Names(added));
        Assert.Equal("success", added.GetProperty("acme.com").GetString());
        Assert.Equal("success", removed.GetProperty("acme.com").GetString());
    }

    // Relaxed by NonUuidIdIsNotFound.
    [Fact]
    public async Task A_non_UUID_id_is_a_validation_error()
    {
        foreach (var (method, json) in new[] { (HttpMethod.Get, (string?)null), (HttpMethod.Patch, """{"message":"x"}"""), (HttpMethod.Delete, null) })
        {
            var error = await ExpectAsync(await TopoAsync(method, "account-exclusions/not-a-uuid", json), HttpStatusCode.BadRequest);
            AssertDocumentForbidsLastRequest();
            Assert.Equal("ValidationIssue", error.GetProperty("type").GetString());
            Assert.True(error.GetProperty("data").TryGetProperty("exclusion_id", out _));
        }
    }

    // Set by TopoTimestampFractionalDigits (default 6).
    [Fact]
    public async Task Topo_timestamps_have_six_fractional_digits_and_filters_agree_with_them()
    {
        Time.Advance(TimeSpan.FromTicks(1_234_567));

        var created = await ExpectAsync(await TopoAsync(HttpMethod.Post, "contact-exclusions", """{"email":"a@b.com","reason":"OTHER","until":"2030-01-01T00:00:00.9999999Z"}"""), HttpStatusCode.Created);
        var createdAt = created.GetProperty("created_at").GetString()!;
        var after = await ExpectAsync(await TopoAsync(HttpMethod.Get, $"contact-exclusions?created_at_after={Uri.EscapeDataString(createdAt)}"), HttpStatusCode.OK);

        Assert.Equal("2025-06-01T12:00:00.123456Z", createdAt);
        Assert.Equal("2030-01-01T00:00:00.999999Z", created.GetProperty("until").GetString());
        Assert.Matches(new Regex(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$"), created.GetProperty("updated_at").GetString()!);
        Assert.Equal(0, after.GetProperty("total_count").GetInt32());
    }

    // Relaxed by AcceptAnyTopoContentType. Docs: every Topo write example sends 'Content-Type: application/json'.
    [Theory]
    [InlineData("text/plain")]
    [InlineData("application/x-www-form-urlencoded")]
    [InlineData(null)]
    public async Task Topo_writes_need_application_json(string? contentType)
    {
        var error = await ExpectAsync(await TopoAsync(HttpMethod.Post, "contact-exclusions", """{"email":"a@b.com","reason":"OTHER"}""", contentType: contentType), HttpStatusCode.BadRequest);
        Assert.Equal("ValidationIssue", error.GetProperty("type").GetString());
        Assert.True(error.GetProperty("data").TryGetProperty("Content-Type", out _), error.ToString());
        Assert.Empty(Emulator.Topo.ContactExclusions);

        var seeded = Emulator.Topo.SeedContactExclusion("c@d.com");
        await ExpectAsync(await TopoAsync(HttpMethod.Patch, $"contact-exclusions/{seeded.Id}", """{"message":"x"}""", contentType: contentType), HttpStatusCode.BadRequest);
        Assert.Null(Emulator.Topo.ContactExclusions.Single().Message);

        await ExpectAsync(await TopoAsync(HttpMethod.Post, "contact-exclusions", """{"email":"a@b.com","reason":"OTHER"}""", contentType: "application/json; charset=utf-8"), HttpStatusCode.Created);
    }

    // Relaxed by AcceptNullForOptionalFields. Docs: the create fields are typed 'string' ("Omit this field to create a
    // permanent exclusion"); only an update's until is 'string (ISO 8601) | null' ("Pass null to make the exclusion permanent").
    [Theory]
    [InlineData("contact-exclusions", """{"email":"a@b.com","linkedin_url":null,"reason":"OTHER"}""", "linkedin_url")]
    [InlineData("contact-exclusions", """{"email":"a@b.com","reason":"OTHER","message":null}""", "message")]
    [InlineData("contact-exclusions", """{"email":"a@b.com","reason":"OTHER","until":null}""", "until")]
    [InlineData("account-exclusions", """{"domain":"b.com","reason":"OTHER","message":null}""", "message")]
    public async Task A_null_for_a_string_field_is_a_validation_error(string path, string json, string field)
    {
        var error = await ExpectAsync(await TopoAsync(HttpMethod.Post, path, json), HttpStatusCode.BadRequest);
        Assert.Equal("ValidationIssue", error.GetProperty("type").GetString());
        Assert.True(error.GetProperty("data").TryGetProperty(field, out _), error.ToString());
        Assert.Empty(Emulator.Topo.ContactExclusions);
        Assert.Empty(Emulator.Topo.AccountExclusions);
    }

    [Fact]
    public async Task An_update_may_send_until_null_but_not_message_null()
    {
        var seeded = Emulator.Topo.SeedContactExclusion("a@b.com", until: DateTimeOffset.UtcNow.AddDays(30));

        var error = await ExpectAsync(await TopoAsync(HttpMethod.Patch, $"contact-exclusions/{seeded.Id}", """{"message":null}"""), HttpStatusCode.BadRequest);
        Assert.True(error.GetProperty("data").TryGetProperty("message", out _), error.ToString());

        var updated = await ExpectAsync(await TopoAsync(HttpMethod.Patch, $"contact-exclusions/{seeded.Id}", """{"until":null}"""), HttpStatusCode.OK);
        Assert.Equal(System.Text.Json.JsonValueKind.Null, updated.GetProperty("until").ValueKind);
    }

    // Relaxed by AcceptPartialTimestamps. Docs: 'string (ISO 8601)', silent on which of its forms.
    [Theory]
    [InlineData("2030-01-01")]
    [InlineData("2030-01-01T00:00")]
    [InlineData("2030-01-01T00:00:00")]
    public async Task Timestamps_must_be_full_date_times_with_an_offset(string partial)
    {
        var error = await ExpectAsync(await TopoAsync(HttpMethod.Post, "contact-exclusions", $$"""{"email":"a@b.com","reason":"OTHER","until":"{{partial}}"}"""), HttpStatusCode.BadRequest);
        Assert.True(error.GetProperty("data").TryGetProperty("until", out _), error.ToString());

        var filter = await ExpectAsync(await TopoAsync(HttpMethod.Get, $"contact-exclusions?created_at_after={Uri.EscapeDataString(partial)}"), HttpStatusCode.BadRequest);
        Assert.True(filter.GetProperty("data").TryGetProperty("created_at_after", out _), filter.ToString());

        await ExpectAsync(await TopoAsync(HttpMethod.Post, "contact-exclusions", """{"email":"a@b.com","reason":"OTHER","until":"2030-01-01T00:00:00+02:00"}"""), HttpStatusCode.Created);
    }
}
