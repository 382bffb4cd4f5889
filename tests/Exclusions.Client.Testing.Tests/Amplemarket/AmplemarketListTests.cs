using System.Net;
using System.Text.Json;

namespace Exclusions.Client.Testing.Tests.Amplemarket;

public sealed class AmplemarketListTests : EmulatorTest
{
    protected override void Configure(ExclusionsEmulatorOptions options) => options.AmplemarketPageSize = 4;

    [Fact]
    public async Task Lists_emails_in_the_documented_shape_and_media_type()
    {
        Emulator.Amplemarket.SeedEmail("someone@domain.com", dateAdded: new DateTimeOffset(2024, 8, 28, 22, 33, 16, 145, TimeSpan.Zero));

        var response = await AmplemarketAsync(HttpMethod.Get, "excluded-emails");

        var body = await ExpectAsync(response, HttpStatusCode.OK);
        Assert.Equal("application/vnd.amp+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(Sorted("excluded_emails", "_links"), Names(body));
        var item = Assert.Single(body.GetProperty("excluded_emails").EnumerateArray());
        Assert.Equal(Sorted("email", "source", "date_added", "excluded_reason"), Names(item));
        Assert.Equal("someone@domain.com", item.GetProperty("email").GetString());
        Assert.Equal("amplemarket", item.GetProperty("source").GetString());
        Assert.Equal("2024-08-28T22:33:16.145Z", item.GetProperty("date_added").GetString());
        Assert.Equal("manual", item.GetProperty("excluded_reason").GetString());
        Assert.Equal("/excluded-emails?page[size]=4", body.GetProperty("_links").GetProperty("self").GetProperty("href").GetString());
        Assert.False(body.GetProperty("_links").TryGetProperty("next", out _));
    }

    [Fact]
    public async Task Lists_domains_under_excluded_domains()
    {
        Emulator.Amplemarket.SeedDomain("Domain.com", source: "salesforce");

        var body = await ExpectAsync(await AmplemarketAsync(HttpMethod.Get, "excluded-domains"), HttpStatusCode.OK);

        Assert.Equal(Sorted("excluded_domains", "_links"), Names(body));
        var item = Assert.Single(body.GetProperty("excluded_domains").EnumerateArray());
        Assert.Equal(Sorted("domain", "source", "date_added", "excluded_reason"), Names(item));
        Assert.Equal("domain.com", item.GetProperty("domain").GetString());
        Assert.Equal("salesforce", item.GetProperty("source").GetString());
        Assert.Equal("2025-06-01T12:00:00.000Z", item.GetProperty("date_added").GetString());
    }

    [Fact]
    public async Task Following_next_links_until_absent_returns_everything_once_in_insertion_order()
    {
        var expected = Enumerable.Range(0, 10).Select(i => $"user{i}@acme.com").ToArray();
        foreach (var email in expected)
        {
            Emulator.Amplemarket.SeedEmail(email);
        }

        var seen = new List<string>();
        var pages = 0;
        string? next = "excluded-emails";
        while (next is not null)
        {
            var body = await ExpectAsync(await AmplemarketAsync(HttpMethod.Get, next.TrimStart('/')), HttpStatusCode.OK);
            pages++;
            seen.AddRange(body.GetProperty("excluded_emails").EnumerateArray().Select(e => e.GetProperty("email").GetString()!));
            next = body.GetProperty("_links").TryGetProperty("next", out var link) ? link.GetProperty("href").GetString() : null;
            Assert.True(next is null || next.StartsWith("/excluded-emails?page[size]=4&page[after]=", StringComparison.Ordinal), next);
        }

        Assert.Equal(3, pages);
        Assert.Equal(expected, seen);
    }

    [Fact]
    public async Task Page_size_comes_from_the_query_and_an_exact_fit_has_no_next()
    {
        for (var i = 0; i < 6; i++)
        {
            Emulator.Amplemarket.SeedDomain($"d{i}.com");
        }

        var six = await ExpectAsync(await AmplemarketAsync(HttpMethod.Get, "excluded-domains?page[size]=6"), HttpStatusCode.OK);
        var two = await ExpectAsync(await AmplemarketAsync(HttpMethod.Get, "excluded-domains?page%5Bsize%5D=2"), HttpStatusCode.OK);

        Assert.Equal(6, six.GetProperty("excluded_domains").GetArrayLength());
        Assert.False(six.GetProperty("_links").TryGetProperty("next", out _));
        Assert.Equal(2, two.GetProperty("excluded_domains").GetArrayLength());
        Assert.True(two.GetProperty("_links").TryGetProperty("next", out _));
    }

    [Fact]
    public async Task Cursor_survives_deletions_of_seen_items()
    {
        foreach (var email in new[] { "a@x.com", "b@x.com", "c@x.com", "d@x.com", "e@x.com", "f@x.com" })
        {
            Emulator.Amplemarket.SeedEmail(email);
        }

        var first = await ExpectAsync(await AmplemarketAsync(HttpMethod.Get, "excluded-emails"), HttpStatusCode.OK);
        await ExpectAsync(await AmplemarketAsync(HttpMethod.Delete, "excluded-emails", """{"excluded_emails":[{"email":"d@x.com"}]}"""), HttpStatusCode.OK);
        var next = first.GetProperty("_links").GetProperty("next").GetProperty("href").GetString()!;
        var second = await ExpectAsync(await AmplemarketAsync(HttpMethod.Get, next.TrimStart('/')), HttpStatusCode.OK);

        Assert.Equal(["e@x.com", "f@x.com"], second.GetProperty("excluded_emails").EnumerateArray().Select(e => e.GetProperty("email").GetString()));
    }

    [Theory]
    [InlineData("excluded-emails?page[size]=0", "page[size]")]
    [InlineData("excluded-emails?page[size]=lots", "page[size]")]
    [InlineData("excluded-emails?page[after]=garbage!", "page[after]")]
    public async Task Invalid_paging_parameters_are_400_pointing_at_the_parameter(string relativePath, string parameter)
    {
        var body = await ExpectAsync(await AmplemarketAsync(HttpMethod.Get, relativePath), HttpStatusCode.BadRequest);

        var error = body.GetProperty("_errors")[0];
        Assert.Equal("400", error.GetProperty("status").GetString());
        Assert.Equal(parameter, error.GetProperty("source").GetProperty("parameter").GetString());
    }

    [Fact]
    public async Task Empty_list_has_an_empty_array()
    {
        var body = await ExpectAsync(await AmplemarketAsync(HttpMethod.Get, "excluded-emails"), HttpStatusCode.OK);

        Assert.Equal(JsonValueKind.Array, body.GetProperty("excluded_emails").ValueKind);
        Assert.Equal(0, body.GetProperty("excluded_emails").GetArrayLength());
    }
}
