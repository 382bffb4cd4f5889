using System.Net;
using System.Text.Json;

namespace Exclusions.Client.Testing.Tests.Amplemarket;

public sealed class AmplemarketBulkTests : EmulatorTest
{
    // Keys were echoed as sent; by the strict default they are the stored (lower-cased) values, and a repeat
    // that lower-cases to the same key keeps the first outcome. The old echo is kept under EchoBulkKeysAsSent
    // (LenientOptionsTests).
    [Fact]
    public async Task Adding_emails_reports_success_or_duplicated_per_item_keyed_as_stored()
    {
        Emulator.Amplemarket.SeedEmail("existing@domain.com");

        var response = await AmplemarketAsync(HttpMethod.Post, "excluded-emails", """
            {"excluded_emails":[{"email":"Existing@Domain.com"},{"email":"New@domain.com"},{"email":"new@DOMAIN.com"}]}
            """);

        var body = await ExpectAsync(response, HttpStatusCode.OK);
        Assert.Equal("application/vnd.amp+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(
            new Dictionary<string, string> { ["existing@domain.com"] = "duplicated", ["new@domain.com"] = "success" },
            body.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!));
        var added = Emulator.Amplemarket.ExcludedEmails.Single(e => e.Value == "new@domain.com");
        Assert.Equal("amplemarket", added.Source);
        Assert.Equal("api", added.ExcludedReason);
        Assert.Equal(Start, added.DateAdded);
        Assert.Equal(2, Emulator.Amplemarket.ExcludedEmails.Count);
    }

    [Fact]
    public async Task Removing_emails_reports_success_not_found_and_unsupported_for_CRM_entries()
    {
        Emulator.Amplemarket.SeedEmail("existing@domain.com");
        Emulator.Amplemarket.SeedEmail("existing_from_crm@domain.com", source: "salesforce");

        var body = await ExpectAsync(await AmplemarketAsync(HttpMethod.Delete, "excluded-emails", """
            {"excluded_emails":[{"email":"EXISTING@domain.com"},{"email":"existing_from_crm@domain.com"},{"email":"unexistent@domain.com"}]}
            """), HttpStatusCode.OK);

        Assert.Equal(
            new Dictionary<string, string>
            {
                ["existing@domain.com"] = "success", // sent as EXISTING@domain.com: keyed as stored
                ["existing_from_crm@domain.com"] = "unsupported",
                ["unexistent@domain.com"] = "not_found",
            },
            body.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!));
        Assert.Equal(["existing_from_crm@domain.com"], Emulator.Amplemarket.ExcludedEmails.Select(e => e.Value));
    }

    [Fact]
    public async Task Domains_follow_the_same_rules()
    {
        Emulator.Amplemarket.SeedDomain("existing_domain.com");
        Emulator.Amplemarket.SeedDomain("existing_domain_from_crm.com", source: "hubspot");

        var added = await ExpectAsync(await AmplemarketAsync(HttpMethod.Post, "excluded-domains", """
            {"excluded_domains":[{"domain":"existing_domain.com"},{"domain":"new_domain.com"}]}
            """), HttpStatusCode.OK);
        var removed = await ExpectAsync(await AmplemarketAsync(HttpMethod.Delete, "excluded-domains", """
            {"excluded_domains":[{"domain":"existing_domain.com"},{"domain":"existing_domain_from_crm.com"},{"domain":"unexistent_domain.com"}]}
            """), HttpStatusCode.OK);

        Assert.Equal("duplicated", added.GetProperty("existing_domain.com").GetString());
        Assert.Equal("success", added.GetProperty("new_domain.com").GetString());
        Assert.Equal("success", removed.GetProperty("existing_domain.com").GetString());
        Assert.Equal("unsupported", removed.GetProperty("existing_domain_from_crm.com").GetString());
        Assert.Equal("not_found", removed.GetProperty("unexistent_domain.com").GetString());
        Assert.Equal(["existing_domain_from_crm.com", "new_domain.com"], Emulator.Amplemarket.ExcludedDomains.Select(e => e.Value));
    }

    // Plain application/json was accepted here; by the strict default it is a 415 (StrictChoicesTests), and
    // accepted under AcceptAnyJsonMediaType (LenientOptionsTests).

    [Fact]
    public async Task A_non_JSON_content_type_is_415()
    {
        var body = await ExpectAsync(
            await AmplemarketAsync(HttpMethod.Post, "excluded-emails", """{"excluded_emails":[{"email":"a@b.com"}]}""", contentType: "text/plain"),
            HttpStatusCode.UnsupportedMediaType);

        Assert.Equal("Content-Type", body.GetProperty("_errors")[0].GetProperty("source").GetProperty("header").GetString());
        Assert.Empty(Emulator.Amplemarket.ExcludedEmails);
    }

    [Theory]
    [InlineData("""{"excluded_emails":""", null)]
    [InlineData("""{"emails":[{"email":"a@b.com"}]}""", "/excluded_emails")]
    [InlineData("""{"excluded_emails":{"email":"a@b.com"}}""", "/excluded_emails")]
    [InlineData("""{"excluded_emails":[{"email":"a@b.com"},{"mail":"c@d.com"}]}""", "/excluded_emails/1/email")]
    [InlineData("""{"excluded_emails":["a@b.com"]}""", "/excluded_emails/0/email")]
    public async Task Malformed_body_is_400_and_applies_nothing(string json, string? pointer)
    {
        var body = await ExpectAsync(await AmplemarketAsync(HttpMethod.Post, "excluded-emails", json), HttpStatusCode.BadRequest);

        var error = body.GetProperty("_errors")[0];
        Assert.Equal("400", error.GetProperty("status").GetString());
        if (pointer is null)
        {
            Assert.False(error.TryGetProperty("source", out _));
        }
        else
        {
            Assert.Equal(pointer, error.GetProperty("source").GetProperty("pointer").GetString());
        }

        Assert.Empty(Emulator.Amplemarket.ExcludedEmails);
    }

    [Fact]
    public async Task Invalid_values_are_422_with_a_pointer_per_item_and_apply_nothing()
    {
        var body = await ExpectAsync(await AmplemarketAsync(HttpMethod.Post, "excluded-emails", """
            {"excluded_emails":[{"email":"good@domain.com"},{"email":"not an email"},{"email":"@domain.com"}]}
            """), HttpStatusCode.UnprocessableEntity);

        var errors = body.GetProperty("_errors").EnumerateArray().ToArray();
        Assert.Equal(["/excluded_emails/1/email", "/excluded_emails/2/email"], errors.Select(e => e.GetProperty("source").GetProperty("pointer").GetString()));
        Assert.All(errors, e => Assert.Equal("422", e.GetProperty("status").GetString()));
        Assert.Empty(Emulator.Amplemarket.ExcludedEmails);
    }

    [Fact]
    public async Task Invalid_domain_is_422()
    {
        var body = await ExpectAsync(await AmplemarketAsync(HttpMethod.Post, "excluded-domains", """
            {"excluded_domains":[{"domain":"https://acme.com/path"}]}
            """), HttpStatusCode.UnprocessableEntity);

        Assert.Equal("/excluded_domains/0/domain", body.GetProperty("_errors")[0].GetProperty("source").GetProperty("pointer").GetString());
    }

    [Fact]
    public async Task Empty_array_answers_an_empty_object()
    {
        var body = await ExpectAsync(await AmplemarketAsync(HttpMethod.Post, "excluded-emails", """{"excluded_emails":[]}"""), HttpStatusCode.OK);

        Assert.Equal(JsonValueKind.Object, body.ValueKind);
        Assert.Empty(body.EnumerateObject());
    }
}
