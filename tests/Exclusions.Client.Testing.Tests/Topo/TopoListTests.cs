using System.Net;

namespace Exclusions.Client.Testing.Tests.Topo;

public sealed class TopoListTests : EmulatorTest
{
    [Fact]
    public async Task Empty_list_has_the_documented_envelope()
    {
        var list = await ExpectAsync(await TopoAsync(HttpMethod.Get, "contact-exclusions"), HttpStatusCode.OK);

        Assert.Equal(Sorted("items", "total_count", "total_pages", "has_more"), Names(list));
        Assert.Empty(list.GetProperty("items").EnumerateArray());
        Assert.Equal(0, list.GetProperty("total_count").GetInt32());
        Assert.Equal(0, list.GetProperty("total_pages").GetInt32());
        Assert.False(list.GetProperty("has_more").GetBoolean());
    }

    [Fact]
    public async Task Pages_default_to_size_10_and_report_totals()
    {
        SeedContacts(25);

        var first = await ExpectAsync(await TopoAsync(HttpMethod.Get, "contact-exclusions"), HttpStatusCode.OK);
        var last = await ExpectAsync(await TopoAsync(HttpMethod.Get, "contact-exclusions?page=3"), HttpStatusCode.OK);
        var beyond = await ExpectAsync(await TopoAsync(HttpMethod.Get, "contact-exclusions?page=4"), HttpStatusCode.OK);

        Assert.Equal(10, first.GetProperty("items").GetArrayLength());
        Assert.Equal(25, first.GetProperty("total_count").GetInt32());
        Assert.Equal(3, first.GetProperty("total_pages").GetInt32());
        Assert.True(first.GetProperty("has_more").GetBoolean());
        Assert.Equal(5, last.GetProperty("items").GetArrayLength());
        Assert.False(last.GetProperty("has_more").GetBoolean());
        Assert.Equal("user20@acme.com", last.GetProperty("items")[0].GetProperty("email").GetString());
        Assert.Empty(beyond.GetProperty("items").EnumerateArray());
        Assert.Equal(25, beyond.GetProperty("total_count").GetInt32());
    }

    [Fact]
    public async Task Walking_pages_visits_every_item_once()
    {
        SeedContacts(23);
        var seen = new List<string>();
        var page = 1;
        bool hasMore;
        do
        {
            var list = await ExpectAsync(await TopoAsync(HttpMethod.Get, $"contact-exclusions?size=7&page={page++}"), HttpStatusCode.OK);
            seen.AddRange(list.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("email").GetString()!));
            hasMore = list.GetProperty("has_more").GetBoolean();
        }
        while (hasMore);

        Assert.Equal(Enumerable.Range(0, 23).Select(i => $"user{i:D2}@acme.com"), seen);
    }

    [Theory]
    [InlineData("size=0", "size")]
    [InlineData("size=101", "size")]
    [InlineData("size=ten", "size")]
    [InlineData("page=0", "page")]
    [InlineData("page=-1", "page")]
    [InlineData("sort_by=id", "sort_by")]
    [InlineData("sort_order=up", "sort_order")]
    [InlineData("reason=NOPE", "reason")]
    [InlineData("created_at_after=yesterday", "created_at_after")]
    public async Task Invalid_query_is_400_ValidationIssue(string query, string field)
    {
        var error = await ExpectAsync(await TopoAsync(HttpMethod.Get, $"contact-exclusions?{query}"), HttpStatusCode.BadRequest);

        Assert.Equal("ValidationIssue", error.GetProperty("type").GetString());
        Assert.True(error.GetProperty("data").TryGetProperty(field, out _), error.ToString());
    }

    [Fact]
    public async Task Size_100_is_allowed()
    {
        SeedContacts(3);

        var list = await ExpectAsync(await TopoAsync(HttpMethod.Get, "contact-exclusions?size=100"), HttpStatusCode.OK);

        Assert.Equal(1, list.GetProperty("total_pages").GetInt32());
    }

    [Fact]
    public async Task Filters_are_exact_matches()
    {
        Emulator.Topo.SeedContactExclusion("jane@acme.com", "https://www.linkedin.com/in/jane", reason: "BOUNCED");
        Emulator.Topo.SeedContactExclusion("jane@acme.co", reason: "UNSUBSCRIBED");
        Emulator.Topo.SeedContactExclusion(null, "https://www.linkedin.com/in/jane-2", reason: "BOUNCED");

        Assert.Equal("jane@acme.com", await EmailsAsync("contact-exclusions?email=JANE@acme.com"));
        Assert.Equal("jane@acme.com", await EmailsAsync("contact-exclusions?linkedin_url=https%3A%2F%2Fwww.linkedin.com%2Fin%2Fjane"));
        Assert.Equal("jane@acme.com,(null)", await EmailsAsync("contact-exclusions?reason=BOUNCED"));
        Assert.Equal("", await EmailsAsync("contact-exclusions?email=acme.com"));
    }

    [Fact]
    public async Task Created_at_bounds_are_strict()
    {
        Emulator.Topo.SeedContactExclusion("a@acme.com", createdAt: Start.AddDays(-3));
        Emulator.Topo.SeedContactExclusion("b@acme.com", createdAt: Start.AddDays(-2));
        Emulator.Topo.SeedContactExclusion("c@acme.com", createdAt: Start.AddDays(-1));

        Assert.Equal("b@acme.com,c@acme.com", await EmailsAsync("contact-exclusions?created_at_after=2025-05-29T12:00:00Z"));
        Assert.Equal("a@acme.com,b@acme.com", await EmailsAsync("contact-exclusions?created_at_before=2025-05-31T12:00:00Z"));
        Assert.Equal("b@acme.com", await EmailsAsync("contact-exclusions?created_at_after=2025-05-29T12:00:00Z&created_at_before=2025-05-31T12:00:00Z"));
        Assert.Equal("c@acme.com", await EmailsAsync("contact-exclusions?created_at_after=2025-05-30T13:00:00%2B01:00"));
    }

    [Fact]
    public async Task Sorting_by_each_documented_field_in_both_orders()
    {
        Emulator.Topo.SeedContactExclusion("b@acme.com", reason: "OTHER", createdAt: Start.AddDays(-1));
        Emulator.Topo.SeedContactExclusion("c@acme.com", reason: "BOUNCED", createdAt: Start.AddDays(-3));
        Emulator.Topo.SeedContactExclusion("a@acme.com", reason: "MEETING", createdAt: Start.AddDays(-2));

        Assert.Equal("c@acme.com,a@acme.com,b@acme.com", await EmailsAsync("contact-exclusions"));
        Assert.Equal("b@acme.com,a@acme.com,c@acme.com", await EmailsAsync("contact-exclusions?sort_by=created_at&sort_order=desc"));
        Assert.Equal("a@acme.com,b@acme.com,c@acme.com", await EmailsAsync("contact-exclusions?sort_by=email"));
        Assert.Equal("c@acme.com,b@acme.com,a@acme.com", await EmailsAsync("contact-exclusions?sort_by=email&sort_order=desc"));
        Assert.Equal("c@acme.com,a@acme.com,b@acme.com", await EmailsAsync("contact-exclusions?sort_by=reason"));
        Assert.Equal("c@acme.com,a@acme.com,b@acme.com", await EmailsAsync("contact-exclusions?sort_by=updated_at"));
    }

    [Fact]
    public async Task Account_lists_filter_and_sort_by_domain()
    {
        Emulator.Topo.SeedAccountExclusion("zeta.com");
        Emulator.Topo.SeedAccountExclusion("alpha.com", reason: "OTHER");

        var sorted = await ExpectAsync(await TopoAsync(HttpMethod.Get, "account-exclusions?sort_by=domain"), HttpStatusCode.OK);
        var filtered = await ExpectAsync(await TopoAsync(HttpMethod.Get, "account-exclusions?domain=ZETA.com"), HttpStatusCode.OK);
        var byEmail = await TopoAsync(HttpMethod.Get, "account-exclusions?sort_by=email");

        Assert.Equal(["alpha.com", "zeta.com"], sorted.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("domain").GetString()));
        Assert.Equal("zeta.com", filtered.GetProperty("items").EnumerateArray().Single().GetProperty("domain").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, byEmail.StatusCode);
    }

    private void SeedContacts(int count)
    {
        for (var i = 0; i < count; i++)
        {
            Emulator.Topo.SeedContactExclusion($"user{i:D2}@acme.com", createdAt: Start.AddMinutes(i));
        }
    }

    /// <summary>The listed emails, comma-separated, <c>(null)</c> for none.</summary>
    private async Task<string> EmailsAsync(string relativePath)
    {
        var list = await ExpectAsync(await TopoAsync(HttpMethod.Get, relativePath), HttpStatusCode.OK);
        return string.Join(",", list.GetProperty("items").EnumerateArray()
            .Select(i => i.GetProperty("email").ValueKind == System.Text.Json.JsonValueKind.Null ? "(null)" : i.GetProperty("email").GetString()));
    }
}
