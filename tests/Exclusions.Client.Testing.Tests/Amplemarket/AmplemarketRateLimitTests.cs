using System.Net;

namespace Exclusions.Client.Testing.Tests.Amplemarket;

public sealed class AmplemarketRateLimitTests : EmulatorTest
{
    protected override void Configure(ExclusionsEmulatorOptions options) => options.AmplemarketRequestsPerMinute = 3;

    [Fact]
    public async Task Requests_over_the_limit_get_429_without_Retry_After_until_the_window_slides()
    {
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await AmplemarketAsync(HttpMethod.Get, "excluded-emails")).StatusCode);
            Time.Advance(TimeSpan.FromSeconds(10));
        }

        var limited = await AmplemarketAsync(HttpMethod.Get, "excluded-emails");
        var body = await ExpectAsync(limited, HttpStatusCode.TooManyRequests);
        Assert.Null(limited.Headers.RetryAfter);
        Assert.Equal("application/vnd.amp+json", limited.Content.Headers.ContentType?.MediaType);
        Assert.Equal("429", body.GetProperty("_errors")[0].GetProperty("status").GetString());

        // t = 30 s; the first request (t = 0) leaves the window at t = 60 s.
        Time.Advance(TimeSpan.FromSeconds(29));
        Assert.Equal(HttpStatusCode.TooManyRequests, (await AmplemarketAsync(HttpMethod.Get, "excluded-emails")).StatusCode);
        Time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(HttpStatusCode.OK, (await AmplemarketAsync(HttpMethod.Get, "excluded-emails")).StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, (await AmplemarketAsync(HttpMethod.Get, "excluded-emails")).StatusCode);
    }

    [Fact]
    public async Task The_limit_is_per_key_and_writes_count_too()
    {
        Emulator.Amplemarket.AddApiKey("amp_other");
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await AmplemarketAsync(HttpMethod.Post, "excluded-emails", $$"""{"excluded_emails":[{"email":"u{{i}}@x.com"}]}""")).StatusCode);
        }

        Assert.Equal(HttpStatusCode.TooManyRequests, (await AmplemarketAsync(HttpMethod.Post, "excluded-emails", """{"excluded_emails":[{"email":"late@x.com"}]}""")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await AmplemarketAsync(HttpMethod.Get, "excluded-emails", key: "amp_other")).StatusCode);
        Assert.DoesNotContain(Emulator.Amplemarket.ExcludedEmails, e => e.Value == "late@x.com");
    }

    [Fact]
    public async Task Default_limit_is_500_per_minute()
    {
        await using var defaults = await ExclusionsEmulator.StartAsync(new() { TimeProvider = Time });
        var uri = new Uri(defaults.AmplemarketBaseAddress, "excluded-domains");

        var statuses = new List<HttpStatusCode>();
        for (var batch = 0; batch < 5; batch++)
        {
            var responses = await Task.WhenAll(Enumerable.Range(0, 100).Select(_ => SendAsync(uri, HttpMethod.Get, null, "", defaults.AmplemarketApiKey)));
            statuses.AddRange(responses.Select(r => r.StatusCode));
        }

        Assert.All(statuses, s => Assert.Equal(HttpStatusCode.OK, s));
        Assert.Equal(HttpStatusCode.TooManyRequests, (await SendAsync(uri, HttpMethod.Get, null, "", defaults.AmplemarketApiKey)).StatusCode);
    }

    [Fact]
    public async Task The_limit_can_be_disabled()
    {
        await using var unlimited = await ExclusionsEmulator.StartAsync(new() { TimeProvider = Time, AmplemarketRequestsPerMinute = null });
        for (var i = 0; i < 10; i++)
        {
            var response = await SendAsync(new Uri(unlimited.AmplemarketBaseAddress, "excluded-emails"), HttpMethod.Get, null, "", unlimited.AmplemarketApiKey);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
    }
}
