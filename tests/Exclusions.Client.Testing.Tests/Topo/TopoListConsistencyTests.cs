using System.Net;
using System.Text.Json;

namespace Exclusions.Client.Testing.Tests.Topo;

/// <summary>
/// The store keeps indexes and reuses a list's sorted order while nothing changes (so a 100,000-entry walk
/// does not sort once per page under the lock); every change must still show in the very next list.
/// </summary>
public sealed class TopoListConsistencyTests : EmulatorTest
{
    [Fact]
    public async Task Every_change_shows_in_the_next_list_of_the_same_query()
    {
        for (var i = 0; i < 5; i++)
        {
            Emulator.Topo.SeedContactExclusion($"user{i}@acme.com", createdAt: Start.AddMinutes(i - 10));
        }

        const string Query = "contact-exclusions?sort_by=updated_at&size=100";
        Assert.Equal("user0,user1,user2,user3,user4", await LocalsAsync(Query));

        var created = await ExpectAsync(await TopoAsync(HttpMethod.Post, "contact-exclusions", """{"email":"new@acme.com","reason":"OTHER"}"""), HttpStatusCode.Created);
        Assert.Equal("user0,user1,user2,user3,user4,new", await LocalsAsync(Query));

        Time.Advance(TimeSpan.FromMinutes(1));
        var user1 = Emulator.Topo.ContactExclusions.Single(e => e.Email == "user1@acme.com").Id;
        await ExpectAsync(await TopoAsync(HttpMethod.Patch, $"contact-exclusions/{user1}", """{"reason":"BOUNCED"}"""), HttpStatusCode.OK);
        Assert.Equal("user0,user2,user3,user4,new,user1", await LocalsAsync(Query));
        Assert.Equal("user1", await LocalsAsync("contact-exclusions?reason=BOUNCED"));

        var id = created.GetProperty("id").GetString();
        Assert.Equal(HttpStatusCode.NoContent, (await TopoAsync(HttpMethod.Delete, $"contact-exclusions/{id}")).StatusCode);
        Assert.Equal("user0,user2,user3,user4,user1", await LocalsAsync(Query));

        Emulator.Topo.SeedContactExclusion("seeded@acme.com");
        Assert.Equal("user0,user2,user3,user4,user1,seeded", await LocalsAsync(Query));

        Emulator.Reset();
        Assert.Equal("", await LocalsAsync(Query));
    }

    [Fact]
    public async Task A_deleted_exclusion_no_longer_blocks_a_create_and_filters_find_the_new_one()
    {
        var body = """{"email":"Jane@Acme.com","reason":"OTHER"}""";
        var first = await ExpectAsync(await TopoAsync(HttpMethod.Post, "contact-exclusions", body), HttpStatusCode.Created);
        Assert.Equal(HttpStatusCode.Conflict, (await TopoAsync(HttpMethod.Post, "contact-exclusions", body.Replace("Jane", "JANE", StringComparison.Ordinal))).StatusCode);

        Assert.Equal(HttpStatusCode.NoContent, (await TopoAsync(HttpMethod.Delete, $"contact-exclusions/{first.GetProperty("id").GetString()}")).StatusCode);
        Assert.Equal("", await LocalsAsync("contact-exclusions?email=jane@acme.com"));

        var second = await ExpectAsync(await TopoAsync(HttpMethod.Post, "contact-exclusions", body), HttpStatusCode.Created);
        var found = await ExpectAsync(await TopoAsync(HttpMethod.Get, "contact-exclusions?email=JANE@ACME.COM"), HttpStatusCode.OK);
        Assert.Equal(second.GetProperty("id").GetString(), found.GetProperty("items").EnumerateArray().Single().GetProperty("id").GetString());
        Assert.Equal(HttpStatusCode.NotFound, (await TopoAsync(HttpMethod.Get, $"contact-exclusions/{first.GetProperty("id").GetString()}")).StatusCode);
    }

    [Fact]
    public async Task Pages_of_a_walk_that_races_with_writes_neither_repeat_nor_skip_an_unchanged_entry()
    {
        for (var i = 0; i < 250; i++)
        {
            Emulator.Topo.SeedAccountExclusion($"d{i:D3}.example", createdAt: Start.AddMinutes(i - 1000));
        }

        // Writes between pages add entries at the end (newest created_at): the earlier entries keep their pages.
        var seen = new List<string>();
        for (var page = 1; page <= 3; page++)
        {
            var list = await ExpectAsync(await TopoAsync(HttpMethod.Get, $"account-exclusions?size=100&page={page}"), HttpStatusCode.OK);
            seen.AddRange(list.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("domain").GetString()!));
            await ExpectAsync(await TopoAsync(HttpMethod.Post, "account-exclusions", $$"""{"domain":"added{{page}}.example","reason":"OTHER"}"""), HttpStatusCode.Created);
        }

        Assert.Equal(Enumerable.Range(0, 250).Select(i => $"d{i:D3}.example").Concat(["added1.example", "added2.example"]), seen);
    }

    /// <summary>The local parts of the listed e-mails, comma-separated.</summary>
    private async Task<string> LocalsAsync(string relativePath)
    {
        var list = await ExpectAsync(await TopoAsync(HttpMethod.Get, relativePath), HttpStatusCode.OK);
        return string.Join(",", list.GetProperty("items").EnumerateArray()
            .Select(i => i.GetProperty("email").ValueKind == JsonValueKind.Null ? "(null)" : i.GetProperty("email").GetString()!.Split('@')[0]));
    }
}
