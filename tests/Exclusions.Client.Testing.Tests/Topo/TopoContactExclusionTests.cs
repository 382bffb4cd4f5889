using System.Net;
using System.Text.Json;

namespace Exclusions.Client.Testing.Tests.Topo;

public sealed class TopoContactExclusionTests : EmulatorTest
{
    private static readonly string[] ContactFields =
        Sorted("id", "email", "linkedin_url", "reason", "message", "until", "created_at", "updated_at");

    [Fact]
    public async Task Create_answers_201_with_the_documented_object_and_explicit_nulls()
    {
        var response = await TopoAsync(HttpMethod.Post, "contact-exclusions", """
            {"email":"jane.doe@acme.com","reason":"UNSUBSCRIBED","message":"Unsubscribed via footer link"}
            """);

        var created = await ExpectAsync(response, HttpStatusCode.Created);
        Assert.Equal(ContactFields, Names(created));
        Assert.True(Guid.TryParse(created.GetProperty("id").GetString(), out var id));
        Assert.Equal("jane.doe@acme.com", created.GetProperty("email").GetString());
        Assert.Equal(JsonValueKind.Null, created.GetProperty("linkedin_url").ValueKind);
        Assert.Equal("UNSUBSCRIBED", created.GetProperty("reason").GetString());
        Assert.Equal("Unsubscribed via footer link", created.GetProperty("message").GetString());
        Assert.Equal(JsonValueKind.Null, created.GetProperty("until").ValueKind);
        Assert.Equal("2025-06-01T12:00:00.000000Z", created.GetProperty("created_at").GetString());
        Assert.Equal("2025-06-01T12:00:00.000000Z", created.GetProperty("updated_at").GetString());
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(id, Assert.Single(Emulator.Topo.ContactExclusions).Id);
    }

    [Fact]
    public async Task Create_with_linkedin_only_and_until_keeps_the_expiry_in_UTC()
    {
        var created = await ExpectAsync(await TopoAsync(HttpMethod.Post, "contact-exclusions", """
            {"linkedin_url":"https://www.linkedin.com/in/jane-doe-98765","reason":"BAD_TIMING","until":"2025-09-01T10:00:00+02:00"}
            """), HttpStatusCode.Created);

        Assert.Equal(JsonValueKind.Null, created.GetProperty("email").ValueKind);
        Assert.Equal("https://www.linkedin.com/in/jane-doe-98765", created.GetProperty("linkedin_url").GetString());
        Assert.Equal("2025-09-01T08:00:00.000000Z", created.GetProperty("until").GetString());
    }

    [Theory]
    [InlineData("""{"reason":"UNSUBSCRIBED"}""", "email")]
    [InlineData("""{"email":"jane@acme.com"}""", "reason")]
    [InlineData("""{"email":"jane@acme.com","reason":"unsubscribed"}""", "reason")]
    [InlineData("""{"email":"jane@acme.com","reason":"NOT_A_REASON"}""", "reason")]
    [InlineData("""{"email":"not-an-email","reason":"OTHER"}""", "email")]
    [InlineData("""{"email":42,"reason":"OTHER"}""", "email")]
    [InlineData("""{"linkedin_url":"jane-doe","reason":"OTHER"}""", "linkedin_url")]
    [InlineData("""{"email":"jane@acme.com","reason":"OTHER","until":"next tuesday"}""", "until")]
    [InlineData("""{"email":"jane@acme.com",""", "body")]
    [InlineData("""["jane@acme.com"]""", "body")]
    public async Task Invalid_create_is_400_ValidationIssue_naming_the_field(string body, string field)
    {
        var error = await ExpectAsync(await TopoAsync(HttpMethod.Post, "contact-exclusions", body), HttpStatusCode.BadRequest);

        Assert.Equal("ValidationIssue", error.GetProperty("type").GetString());
        Assert.Equal(400, error.GetProperty("status_code").GetInt32());
        var messages = error.GetProperty("data").GetProperty(field);
        Assert.Equal(JsonValueKind.Array, messages.ValueKind);
        Assert.NotEmpty(messages.EnumerateArray());
        Assert.Empty(Emulator.Topo.ContactExclusions);
    }

    [Theory]
    [InlineData("""{"email":"JANE@Acme.com","reason":"OTHER"}""")]
    [InlineData("""{"linkedin_url":"https://www.linkedin.com/in/jane","reason":"OTHER"}""")]
    [InlineData("""{"email":"someone-else@acme.com","linkedin_url":"https://www.linkedin.com/in/jane","reason":"OTHER"}""")]
    public async Task Creating_a_duplicate_of_an_active_exclusion_is_409_CommitIssue(string body)
    {
        Emulator.Topo.SeedContactExclusion("jane@acme.com", "https://www.linkedin.com/in/jane");

        var error = await ExpectAsync(await TopoAsync(HttpMethod.Post, "contact-exclusions", body), HttpStatusCode.Conflict);

        Assert.Equal("CommitIssue", error.GetProperty("type").GetString());
        Assert.Single(Emulator.Topo.ContactExclusions);
    }

    [Fact]
    public async Task Concurrent_creates_of_the_same_email_yield_exactly_one_201()
    {
        var responses = await Task.WhenAll(Enumerable.Range(0, 30).Select(i =>
            TopoAsync(HttpMethod.Post, "contact-exclusions", $$"""{"email":"{{(i % 2 == 0 ? "jane" : "JANE")}}@acme.com","reason":"OTHER"}""")));

        Assert.Equal(1, responses.Count(r => r.StatusCode == HttpStatusCode.Created));
        Assert.Equal(29, responses.Count(r => r.StatusCode == HttpStatusCode.Conflict));
        Assert.Single(Emulator.Topo.ContactExclusions);
    }

    [Fact]
    public async Task Unsupported_method_is_405_in_the_Topo_error_shape()
    {
        var error = await ExpectAsync(await TopoAsync(HttpMethod.Put, "contact-exclusions", "{}"), HttpStatusCode.MethodNotAllowed);

        Assert.Equal(405, error.GetProperty("status_code").GetInt32());
    }

    [Fact]
    public async Task An_expired_exclusion_does_not_block_a_new_one_and_is_still_listed()
    {
        Emulator.Topo.SeedContactExclusion("jane@acme.com", until: Start.AddDays(-1), createdAt: Start.AddDays(-30));

        await ExpectAsync(await TopoAsync(HttpMethod.Post, "contact-exclusions", """{"email":"jane@acme.com","reason":"OTHER"}"""), HttpStatusCode.Created);
        var list = await ExpectAsync(await TopoAsync(HttpMethod.Get, "contact-exclusions?email=jane@acme.com"), HttpStatusCode.OK);

        Assert.Equal(2, list.GetProperty("total_count").GetInt32());
    }

    [Fact]
    public async Task An_exclusion_expires_by_the_emulator_clock()
    {
        Emulator.Topo.SeedContactExclusion("jane@acme.com", until: Start.AddHours(1));
        var body = """{"email":"jane@acme.com","reason":"OTHER"}""";

        Assert.Equal(HttpStatusCode.Conflict, (await TopoAsync(HttpMethod.Post, "contact-exclusions", body)).StatusCode);
        Time.Advance(TimeSpan.FromHours(1));
        Assert.Equal(HttpStatusCode.Created, (await TopoAsync(HttpMethod.Post, "contact-exclusions", body)).StatusCode);
    }

    [Fact]
    public async Task Get_by_id_returns_the_object()
    {
        var seeded = Emulator.Topo.SeedContactExclusion("jane@acme.com", reason: "BOUNCED", message: "hard bounce");

        var got = await ExpectAsync(await TopoAsync(HttpMethod.Get, $"contact-exclusions/{seeded.Id}"), HttpStatusCode.OK);

        Assert.Equal(ContactFields, Names(got));
        Assert.Equal(seeded.Id.ToString(), got.GetProperty("id").GetString());
        Assert.Equal("BOUNCED", got.GetProperty("reason").GetString());
        Assert.Equal("hard bounce", got.GetProperty("message").GetString());
    }

    // A malformed id was a 404 here too; it is now a 400 by the strict default (StrictChoicesTests), and the
    // old answer is kept under NonUuidIdIsNotFound (LenientOptionsTests).
    [Theory]
    [InlineData("0f8fad5b-d9cb-469f-a165-70867728950e")]
    public async Task Unknown_id_is_404_NotFoundIssue(string id)
    {
        foreach (var method in new[] { HttpMethod.Get, HttpMethod.Delete })
        {
            var error = await ExpectAsync(await TopoAsync(method, $"contact-exclusions/{id}"), HttpStatusCode.NotFound);
            Assert.Equal("NotFoundIssue", error.GetProperty("type").GetString());
        }

        var patch = await ExpectAsync(await TopoAsync(HttpMethod.Patch, $"contact-exclusions/{id}", """{"message":"x"}"""), HttpStatusCode.NotFound);
        Assert.Equal("NotFoundIssue", patch.GetProperty("type").GetString());
    }

    [Fact]
    public async Task Exclusion_ids_are_not_shared_between_resources()
    {
        var account = Emulator.Topo.SeedAccountExclusion("acme.com");

        Assert.Equal(HttpStatusCode.NotFound, (await TopoAsync(HttpMethod.Get, $"contact-exclusions/{account.Id}")).StatusCode);
    }

    [Fact]
    public async Task Patch_modifies_only_the_fields_present_and_omitted_until_is_kept()
    {
        var until = Start.AddDays(30);
        var seeded = Emulator.Topo.SeedContactExclusion("jane@acme.com", reason: "BAD_TIMING", message: "old", until: until);
        Time.Advance(TimeSpan.FromMinutes(1));

        var patched = await ExpectAsync(await TopoAsync(HttpMethod.Patch, $"contact-exclusions/{seeded.Id}", """{"message":"new note"}"""), HttpStatusCode.OK);

        Assert.Equal("new note", patched.GetProperty("message").GetString());
        Assert.Equal("BAD_TIMING", patched.GetProperty("reason").GetString());
        Assert.Equal("2025-07-01T12:00:00.000000Z", patched.GetProperty("until").GetString());
        Assert.Equal("jane@acme.com", patched.GetProperty("email").GetString());
        Assert.Equal("2025-06-01T12:00:00.000000Z", patched.GetProperty("created_at").GetString());
        Assert.Equal("2025-06-01T12:01:00.000000Z", patched.GetProperty("updated_at").GetString());
        Assert.Equal(until, Emulator.Topo.ContactExclusions.Single().Until);
    }

    [Fact]
    public async Task Patch_with_explicit_null_until_makes_the_exclusion_permanent()
    {
        var seeded = Emulator.Topo.SeedContactExclusion("jane@acme.com", until: Start.AddDays(30));

        var patched = await ExpectAsync(await TopoAsync(HttpMethod.Patch, $"contact-exclusions/{seeded.Id}", """{"until":null}"""), HttpStatusCode.OK);

        Assert.Equal(JsonValueKind.Null, patched.GetProperty("until").ValueKind);
        Assert.Null(Emulator.Topo.ContactExclusions.Single().Until);
    }

    [Fact]
    public async Task Patch_with_an_until_value_and_a_reason_sets_both_and_keeps_the_note()
    {
        var seeded = Emulator.Topo.SeedContactExclusion("jane@acme.com", message: "note");

        var patched = await ExpectAsync(await TopoAsync(HttpMethod.Patch, $"contact-exclusions/{seeded.Id}", """
            {"until":"2025-12-31T23:59:59Z","reason":"OUT_OF_OFFICE"}
            """), HttpStatusCode.OK);

        Assert.Equal("2025-12-31T23:59:59.000000Z", patched.GetProperty("until").GetString());
        Assert.Equal("OUT_OF_OFFICE", patched.GetProperty("reason").GetString());
        Assert.Equal("note", patched.GetProperty("message").GetString());
    }

    [Theory]
    [InlineData("""{"reason":"NOPE"}""", "reason")]
    [InlineData("""{"reason":null}""", "reason")]
    [InlineData("""{"message":null}""", "message")]
    [InlineData("""{"until":"2025-12-31"}""", "until")]
    [InlineData("""{"until":"soon"}""", "until")]
    [InlineData("""{"until":12}""", "until")]
    public async Task Invalid_patch_is_400_and_changes_nothing(string body, string field)
    {
        var seeded = Emulator.Topo.SeedContactExclusion("jane@acme.com", until: Start.AddDays(1));

        var error = await ExpectAsync(await TopoAsync(HttpMethod.Patch, $"contact-exclusions/{seeded.Id}", body), HttpStatusCode.BadRequest);

        Assert.Equal("ValidationIssue", error.GetProperty("type").GetString());
        Assert.True(error.GetProperty("data").TryGetProperty(field, out _));
        Assert.Equal(seeded, Emulator.Topo.ContactExclusions.Single());
    }

    [Fact]
    public async Task Delete_answers_204_and_the_exclusion_is_gone()
    {
        var seeded = Emulator.Topo.SeedContactExclusion("jane@acme.com");

        var response = await TopoAsync(HttpMethod.Delete, $"contact-exclusions/{seeded.Id}");

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal(0, response.Content.Headers.ContentLength ?? 0);
        Assert.Empty(Emulator.Topo.ContactExclusions);
        Assert.Equal(HttpStatusCode.NotFound, (await TopoAsync(HttpMethod.Get, $"contact-exclusions/{seeded.Id}")).StatusCode);
    }

    [Fact]
    public async Task Deleting_a_CRM_synced_exclusion_is_422_BusinessIssue()
    {
        var seeded = Emulator.Topo.SeedContactExclusion("jane@acme.com", crmSynced: true);

        var error = await ExpectAsync(await TopoAsync(HttpMethod.Delete, $"contact-exclusions/{seeded.Id}"), HttpStatusCode.UnprocessableEntity);

        Assert.Equal("BusinessIssue", error.GetProperty("type").GetString());
        Assert.Equal(422, error.GetProperty("status_code").GetInt32());
        Assert.Single(Emulator.Topo.ContactExclusions);
    }

    [Fact]
    public async Task Seeded_unknown_reason_codes_reach_the_wire_verbatim()
    {
        Emulator.Topo.SeedContactExclusion("jane@acme.com", reason: "GDPR_ERASURE");

        var list = await ExpectAsync(await TopoAsync(HttpMethod.Get, "contact-exclusions"), HttpStatusCode.OK);

        Assert.Equal("GDPR_ERASURE", list.GetProperty("items")[0].GetProperty("reason").GetString());
    }
}
