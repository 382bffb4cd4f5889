using System.Net;

namespace Exclusions.Client.Testing.Tests.Amplemarket;

public sealed class AmplemarketAuthenticationTests : EmulatorTest
{
    [Theory]
    [InlineData(null)]
    [InlineData("not-a-key")]
    public async Task Missing_or_unknown_key_is_401_in_the_errors_shape(string? key)
    {
        var response = await AmplemarketAsync(HttpMethod.Get, "excluded-emails", key: key);

        var body = await ExpectAsync(response, HttpStatusCode.Unauthorized);
        Assert.Equal("application/vnd.amp+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(["_errors"], Names(body));
        var error = Assert.Single(body.GetProperty("_errors").EnumerateArray());
        Assert.Equal(System.Text.Json.JsonValueKind.String, error.GetProperty("status").ValueKind);
        Assert.Equal("401", error.GetProperty("status").GetString());
        foreach (var field in new[] { "id", "code", "title", "detail" })
        {
            Assert.False(string.IsNullOrEmpty(error.GetProperty(field).GetString()), field);
        }
    }

    [Fact]
    public async Task Key_without_access_is_403()
    {
        Emulator.Amplemarket.AddApiKey("amp_no_access", hasAccess: false);

        var body = await ExpectAsync(await AmplemarketAsync(HttpMethod.Get, "excluded-domains", key: "amp_no_access"), HttpStatusCode.Forbidden);

        Assert.Equal("403", body.GetProperty("_errors")[0].GetProperty("status").GetString());
    }

    [Fact]
    public async Task Additional_keys_work()
    {
        Emulator.Amplemarket.AddApiKey("amp_second");

        Assert.Equal(HttpStatusCode.OK, (await AmplemarketAsync(HttpMethod.Get, "excluded-domains", key: "amp_second")).StatusCode);
    }

    [Fact]
    public async Task Unsupported_method_is_405_in_the_errors_shape()
    {
        var response = await AmplemarketAsync(HttpMethod.Put, "excluded-emails", """{"excluded_emails":[]}""");

        var body = await ExpectAsync(response, HttpStatusCode.MethodNotAllowed);
        Assert.Equal("405", body.GetProperty("_errors")[0].GetProperty("status").GetString());
        Assert.Equal("application/vnd.amp+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Unknown_route_is_404_in_the_errors_shape()
    {
        var body = await ExpectAsync(await AmplemarketAsync(HttpMethod.Get, "excluded-phones"), HttpStatusCode.NotFound);

        Assert.Equal("404", body.GetProperty("_errors")[0].GetProperty("status").GetString());
    }
}
