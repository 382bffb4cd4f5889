using System.Net;
using System.Text.Json;

namespace Exclusions.Client.Testing.Tests.Topo;

public sealed class TopoAuthenticationTests : EmulatorTest
{
    [Fact]
    public async Task Missing_key_is_401_UnauthorizedIssue_in_the_documented_error_shape()
    {
        var response = await TopoAsync(HttpMethod.Get, "contact-exclusions", key: null);

        var error = await ExpectAsync(response, HttpStatusCode.Unauthorized);
        Assert.Equal(Sorted("status_code", "type", "message", "data", "request_id"), Names(error));
        Assert.Equal(401, error.GetProperty("status_code").GetInt32());
        Assert.Equal("UnauthorizedIssue", error.GetProperty("type").GetString());
        Assert.Equal(JsonValueKind.Null, error.GetProperty("data").ValueKind);
        Assert.Equal(response.Headers.GetValues("X-Request-Id").Single(), error.GetProperty("request_id").GetString());
    }

    [Fact]
    public async Task Unknown_key_is_401()
    {
        var response = await TopoAsync(HttpMethod.Get, "contact-exclusions", key: "topo_not_a_real_key");

        var error = await ExpectAsync(response, HttpStatusCode.Unauthorized);
        Assert.Equal("UnauthorizedIssue", error.GetProperty("type").GetString());
    }

    [Fact]
    public async Task Read_only_key_can_list_but_writing_is_403_naming_the_missing_scope()
    {
        Emulator.Topo.AddApiKey("topo_readonly", "Read only", TopoEmulator.ReadScope);

        var list = await TopoAsync(HttpMethod.Get, "contact-exclusions", key: "topo_readonly");
        var write = await TopoAsync(HttpMethod.Post, "contact-exclusions", """{"email":"a@b.com","reason":"OTHER"}""", key: "topo_readonly");

        Assert.Equal(HttpStatusCode.OK, list.StatusCode);
        var error = await ExpectAsync(write, HttpStatusCode.Forbidden);
        Assert.Equal("UnauthorizedIssue", error.GetProperty("type").GetString());
        Assert.Contains("exclusions:write", error.GetProperty("message").GetString());
        Assert.Empty(Emulator.Topo.ContactExclusions);
    }

    [Fact]
    public async Task Write_only_key_cannot_read()
    {
        Emulator.Topo.AddApiKey("topo_writeonly", "Write only", TopoEmulator.WriteScope);

        var error = await ExpectAsync(await TopoAsync(HttpMethod.Get, "account-exclusions", key: "topo_writeonly"), HttpStatusCode.Forbidden);

        Assert.Contains("exclusions:read", error.GetProperty("message").GetString());
    }

    [Fact]
    public async Task Removed_key_is_401()
    {
        Emulator.Topo.AddApiKey("topo_temp", "Temp", TopoEmulator.ReadScope);
        Assert.True(Emulator.Topo.RemoveApiKey("topo_temp"));

        Assert.Equal(HttpStatusCode.Unauthorized, (await TopoAsync(HttpMethod.Get, "me", key: "topo_temp")).StatusCode);
    }

    [Fact]
    public async Task Me_describes_the_calling_key()
    {
        Emulator.Topo.AddApiKey("topo_abcdefghijk", "CI key", TopoEmulator.ReadScope);
        Time.Advance(TimeSpan.FromMinutes(5));

        var me = await ExpectAsync(await TopoAsync(HttpMethod.Get, "me", key: "topo_abcdefghijk"), HttpStatusCode.OK);

        Assert.Equal(Sorted("id", "organization_id", "name", "key_prefix", "scopes", "last_used_at", "created_at"), Names(me));
        Assert.True(Guid.TryParse(me.GetProperty("id").GetString(), out _));
        Assert.True(Guid.TryParse(me.GetProperty("organization_id").GetString(), out _));
        Assert.Equal("CI key", me.GetProperty("name").GetString());
        Assert.Equal("topo_abcd", me.GetProperty("key_prefix").GetString());
        Assert.Equal(["exclusions:read"], me.GetProperty("scopes").EnumerateArray().Select(s => s.GetString()));
        Assert.Equal("2025-06-01T12:00:00.000000Z", me.GetProperty("created_at").GetString());
        Assert.Equal("2025-06-01T12:05:00.000000Z", me.GetProperty("last_used_at").GetString());
    }

    [Fact]
    public async Task Default_key_starts_with_topo_and_has_both_exclusion_scopes()
    {
        var me = await ExpectAsync(await TopoAsync(HttpMethod.Get, "me"), HttpStatusCode.OK);

        Assert.StartsWith("topo_", Emulator.TopoApiKey, StringComparison.Ordinal);
        Assert.Equal(["exclusions:read", "exclusions:write"], me.GetProperty("scopes").EnumerateArray().Select(s => s.GetString()));
    }

    [Fact]
    public async Task Every_response_carries_a_distinct_X_Request_Id()
    {
        var seeded = Emulator.Topo.SeedContactExclusion("a@b.com");
        var responses = new[]
        {
            await TopoAsync(HttpMethod.Get, "me"),
            await TopoAsync(HttpMethod.Get, "contact-exclusions", key: null),
            await TopoAsync(HttpMethod.Delete, $"contact-exclusions/{seeded.Id}"),
        };

        Assert.Equal(HttpStatusCode.NoContent, responses[2].StatusCode);
        var ids = responses.Select(r => r.Headers.GetValues("X-Request-Id").Single()).ToArray();
        Assert.All(ids, id => Assert.False(string.IsNullOrEmpty(id)));
        Assert.Equal(ids.Length, ids.Distinct().Count());
    }

    [Fact]
    public async Task Optional_Topo_rate_limit_answers_429_with_Retry_After()
    {
        await using var limited = await ExclusionsEmulator.StartAsync(new() { TimeProvider = Time, TopoRequestsPerMinute = 2 });
        var uri = new Uri(limited.TopoBaseAddress, "me");

        Assert.Equal(HttpStatusCode.OK, (await SendAsync(uri, HttpMethod.Get, null, "", limited.TopoApiKey)).StatusCode);
        Time.Advance(TimeSpan.FromSeconds(20));
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(uri, HttpMethod.Get, null, "", limited.TopoApiKey)).StatusCode);
        var third = await SendAsync(uri, HttpMethod.Get, null, "", limited.TopoApiKey);

        var error = await ExpectAsync(third, (HttpStatusCode)429);
        Assert.Equal(429, error.GetProperty("status_code").GetInt32());
        Assert.Equal(TimeSpan.FromSeconds(40), third.Headers.RetryAfter?.Delta);
        Time.Advance(TimeSpan.FromSeconds(40));
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(uri, HttpMethod.Get, null, "", limited.TopoApiKey)).StatusCode);
    }
}
