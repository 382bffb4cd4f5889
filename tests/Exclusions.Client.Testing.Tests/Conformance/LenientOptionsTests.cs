using System.Net;

namespace Exclusions.Client.Testing.Tests.Conformance;

/// <summary>Each switch of docs/testing.md's "Strict by default" list restores the lenient behaviour it names.</summary>
[Trait("Conformance", "Strict")]
public sealed class LenientOptionsTests : EmulatorTest
{
    protected override void Configure(ExclusionsEmulatorOptions options)
    {
        options.AcceptAnyJsonMediaType = true;
        options.IgnoreUnknownFields = true;
        options.IgnoreUnknownQueryParameters = true;
        options.CaseSensitiveLinkedInUrls = true;
        options.EchoBulkKeysAsSent = true;
        options.NonUuidIdIsNotFound = true;
        options.TopoTimestampFractionalDigits = 3;
        options.AcceptAnyTopoContentType = true;
        options.AcceptNullForOptionalFields = true;
        options.AcceptPartialTimestamps = true;
    }

    [Fact]
    public async Task AcceptAnyTopoContentType_accepts_a_write_labelled_otherwise_or_not_at_all()
    {
        await ExpectAsync(await TopoAsync(HttpMethod.Post, "contact-exclusions", """{"email":"a@b.com","reason":"OTHER"}""", contentType: "text/plain"), HttpStatusCode.Created);
        await ExpectAsync(await TopoAsync(HttpMethod.Post, "contact-exclusions", """{"email":"c@d.com","reason":"OTHER"}""", contentType: null), HttpStatusCode.Created);

        Assert.Equal(2, Emulator.Topo.ContactExclusions.Count);
    }

    [Fact]
    public async Task AcceptNullForOptionalFields_treats_null_as_left_out_and_an_update_null_message_clears_the_note()
    {
        var created = await ExpectAsync(await TopoAsync(HttpMethod.Post, "contact-exclusions", """{"email":"a@b.com","linkedin_url":null,"reason":"OTHER","message":"note","until":null}"""), HttpStatusCode.Created);
        Assert.Equal(System.Text.Json.JsonValueKind.Null, created.GetProperty("until").ValueKind);

        var updated = await ExpectAsync(await TopoAsync(HttpMethod.Patch, $"contact-exclusions/{created.GetProperty("id").GetString()}", """{"message":null}"""), HttpStatusCode.OK);
        Assert.Equal(System.Text.Json.JsonValueKind.Null, updated.GetProperty("message").ValueKind);
    }

    [Fact]
    public async Task AcceptPartialTimestamps_takes_a_date_alone_as_midnight_UTC()
    {
        var created = await ExpectAsync(await TopoAsync(HttpMethod.Post, "contact-exclusions", """{"email":"a@b.com","reason":"OTHER","until":"2030-01-01"}"""), HttpStatusCode.Created);
        Assert.Equal("2030-01-01T00:00:00.000Z", created.GetProperty("until").GetString());

        await ExpectAsync(await TopoAsync(HttpMethod.Get, "contact-exclusions?created_at_after=2020-01-01"), HttpStatusCode.OK);
    }

    [Fact]
    public async Task AcceptAnyJsonMediaType_accepts_plain_application_json()
    {
        await ExpectAsync(await AmplemarketAsync(HttpMethod.Post, "excluded-emails", """{"excluded_emails":[{"email":"a@b.com"}]}""", contentType: "application/json"), HttpStatusCode.OK);

        Assert.Single(Emulator.Amplemarket.ExcludedEmails);
    }

    [Fact]
    public async Task IgnoreUnknownFields_ignores_them_on_both_vendors()
    {
        await ExpectAsync(await TopoAsync(HttpMethod.Post, "contact-exclusions", """{"email":"a@b.com","reason":"OTHER","emial":"x"}"""), HttpStatusCode.Created);
        await ExpectAsync(await AmplemarketAsync(HttpMethod.Post, "excluded-emails", """{"excluded_emails":[{"email":"a@b.com","reason":"api"}],"dry_run":true}"""), HttpStatusCode.OK);
    }

    [Fact]
    public async Task IgnoreUnknownQueryParameters_ignores_them_on_both_vendors()
    {
        await ExpectAsync(await TopoAsync(HttpMethod.Get, "contact-exclusions?per_page=5"), HttpStatusCode.OK);
        await ExpectAsync(await AmplemarketAsync(HttpMethod.Get, "excluded-emails?limit=5"), HttpStatusCode.OK);
    }

    [Fact]
    public async Task CaseSensitiveLinkedInUrls_stores_both_spellings()
    {
        await ExpectAsync(await TopoAsync(HttpMethod.Post, "contact-exclusions", """{"linkedin_url":"https://www.linkedin.com/in/Ana","reason":"OTHER"}"""), HttpStatusCode.Created);
        await ExpectAsync(await TopoAsync(HttpMethod.Post, "contact-exclusions", """{"linkedin_url":"https://www.linkedin.com/in/ana","reason":"OTHER"}"""), HttpStatusCode.Created);

        Assert.Equal(2, Emulator.Topo.ContactExclusions.Count);
    }

    [Fact]
    public async Task EchoBulkKeysAsSent_keys_each_item_as_sent()
    {
        Emulator.Amplemarket.SeedEmail("existing@domain.com");

        var body = await ExpectAsync(await AmplemarketAsync(HttpMethod.Post, "excluded-emails", """
            {"excluded_emails":[{"email":"Existing@Domain.com"},{"email":"New@domain.com"},{"email":"new@DOMAIN.com"}]}
            """), HttpStatusCode.OK);

        Assert.Equal(
            new Dictionary<string, string> { ["Existing@Domain.com"] = "duplicated", ["New@domain.com"] = "success", ["new@DOMAIN.com"] = "duplicated" },
            body.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!));
    }

    [Fact]
    public async Task NonUuidIdIsNotFound_answers_404()
    {
        foreach (var (method, json) in new[] { (HttpMethod.Get, (string?)null), (HttpMethod.Patch, """{"message":"x"}"""), (HttpMethod.Delete, null) })
        {
            var error = await ExpectAsync(await TopoAsync(method, "contact-exclusions/not-a-uuid", json), HttpStatusCode.NotFound);
            Assert.Equal("NotFoundIssue", error.GetProperty("type").GetString());
        }
    }

    [Fact]
    public async Task TopoTimestampFractionalDigits_sets_the_precision()
    {
        Time.Advance(TimeSpan.FromTicks(1_234_567));

        var created = await ExpectAsync(await TopoAsync(HttpMethod.Post, "contact-exclusions", """{"email":"a@b.com","reason":"OTHER"}"""), HttpStatusCode.Created);

        Assert.Equal("2025-06-01T12:00:00.123Z", created.GetProperty("created_at").GetString());
    }
}
