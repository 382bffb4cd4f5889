using System.Net;
using System.Text.Json;

namespace Exclusions.Client.Testing.Tests.Topo;

public sealed class TopoAccountExclusionTests : EmulatorTest
{
    [Fact]
    public async Task Create_answers_201_with_the_account_object()
    {
        var created = await ExpectAsync(await TopoAsync(HttpMethod.Post, "account-exclusions", """
            {"domain":"rival-corp.com","reason":"COMPETITOR","message":"Direct competitor — do not contact"}
            """), HttpStatusCode.Created);

        Assert.Equal(Sorted("id", "domain", "reason", "message", "until", "created_at", "updated_at"), Names(created));
        Assert.Equal("rival-corp.com", created.GetProperty("domain").GetString());
        Assert.Equal("Direct competitor — do not contact", created.GetProperty("message").GetString());
        Assert.Equal(JsonValueKind.Null, created.GetProperty("until").ValueKind);
        Assert.Equal("rival-corp.com", Assert.Single(Emulator.Topo.AccountExclusions).Domain);
    }

    [Theory]
    [InlineData("""{"reason":"COMPETITOR"}""", "domain")]
    [InlineData("""{"domain":null,"reason":"COMPETITOR"}""", "domain")]
    [InlineData("""{"domain":"https://acme.com/","reason":"COMPETITOR"}""", "domain")]
    [InlineData("""{"domain":"acme","reason":"COMPETITOR"}""", "domain")]
    [InlineData("""{"domain":"acme.com"}""", "reason")]
    public async Task Invalid_create_is_400_ValidationIssue(string body, string field)
    {
        var error = await ExpectAsync(await TopoAsync(HttpMethod.Post, "account-exclusions", body), HttpStatusCode.BadRequest);

        Assert.Equal("ValidationIssue", error.GetProperty("type").GetString());
        Assert.True(error.GetProperty("data").TryGetProperty(field, out _), error.ToString());
    }

    [Fact]
    public async Task Duplicate_domain_is_409_case_insensitively()
    {
        Emulator.Topo.SeedAccountExclusion("acme.com");

        var error = await ExpectAsync(await TopoAsync(HttpMethod.Post, "account-exclusions", """{"domain":"ACME.com","reason":"OTHER"}"""), HttpStatusCode.Conflict);

        Assert.Equal("CommitIssue", error.GetProperty("type").GetString());
    }

    [Fact]
    public async Task Patch_until_tri_state_works_for_accounts_too()
    {
        var seeded = Emulator.Topo.SeedAccountExclusion("acme.com", until: Start.AddDays(7));

        var kept = await ExpectAsync(await TopoAsync(HttpMethod.Patch, $"account-exclusions/{seeded.Id}", """{"reason":"REFERRAL"}"""), HttpStatusCode.OK);
        var cleared = await ExpectAsync(await TopoAsync(HttpMethod.Patch, $"account-exclusions/{seeded.Id}", """{"until":null}"""), HttpStatusCode.OK);

        Assert.Equal("2025-06-08T12:00:00.000000Z", kept.GetProperty("until").GetString());
        Assert.Equal("REFERRAL", kept.GetProperty("reason").GetString());
        Assert.Equal(JsonValueKind.Null, cleared.GetProperty("until").ValueKind);
        Assert.Equal("REFERRAL", cleared.GetProperty("reason").GetString());
    }

    [Fact]
    public async Task Delete_answers_204_unless_CRM_synced()
    {
        var plain = Emulator.Topo.SeedAccountExclusion("acme.com");
        var synced = Emulator.Topo.SeedAccountExclusion("hubspot-managed.com", crmSynced: true);

        Assert.Equal(HttpStatusCode.NoContent, (await TopoAsync(HttpMethod.Delete, $"account-exclusions/{plain.Id}")).StatusCode);
        var error = await ExpectAsync(await TopoAsync(HttpMethod.Delete, $"account-exclusions/{synced.Id}"), HttpStatusCode.UnprocessableEntity);

        Assert.Equal("BusinessIssue", error.GetProperty("type").GetString());
        Assert.Equal(["hubspot-managed.com"], Emulator.Topo.AccountExclusions.Select(e => e.Domain));
    }
}
