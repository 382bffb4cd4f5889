using System.Net;

namespace Exclusions.Client.Testing.Tests.Hosting;

public sealed class RequestLogTests : EmulatorTest
{
    [Fact]
    public async Task Requests_are_recorded_with_their_outcome()
    {
        await TopoAsync(HttpMethod.Post, "contact-exclusions", """{"email":"jane@acme.com","reason":"OTHER"}""");
        await AmplemarketAsync(HttpMethod.Get, "excluded-emails?page[size]=5", key: null);

        var requests = Emulator.Requests;

        Assert.Equal(2, requests.Count);
        var topo = requests[0];
        Assert.Equal(EmulatedVendor.Topo, topo.Vendor);
        Assert.Equal("POST", topo.Method);
        Assert.Equal("/v1/contact-exclusions", topo.Path);
        Assert.Equal("", topo.Query);
        Assert.Equal("""{"email":"jane@acme.com","reason":"OTHER"}""", topo.Body);
        Assert.StartsWith("application/json", topo.ContentType, StringComparison.Ordinal);
        Assert.True(topo.HadAuthorization);
        Assert.Equal(201, topo.StatusCode);
        Assert.Null(topo.Fault);
        Assert.Equal(Start, topo.Timestamp);
        var amplemarket = requests[1];
        Assert.Equal(EmulatedVendor.Amplemarket, amplemarket.Vendor);
        Assert.Equal("?page[size]=5", amplemarket.Query);
        Assert.Null(amplemarket.Body);
        Assert.False(amplemarket.HadAuthorization);
        Assert.Equal(401, amplemarket.StatusCode);
    }

    [Fact]
    public async Task Api_keys_never_appear_in_the_log()
    {
        Emulator.Topo.AddApiKey("topo_super_secret_value", "secret", TopoEmulator.ReadScope);
        await TopoAsync(HttpMethod.Get, "me", key: "topo_super_secret_value");
        await TopoAsync(HttpMethod.Get, "me", key: "topo_wrong_secret_value");
        await AmplemarketAsync(HttpMethod.Get, "excluded-emails");

        var everything = string.Join("\n", Emulator.Requests.Select(r => r.ToString()));

        Assert.Equal(3, Emulator.Requests.Count);
        Assert.All(Emulator.Requests, r => Assert.True(r.HadAuthorization));
        Assert.DoesNotContain("secret_value", everything, StringComparison.Ordinal);
        Assert.DoesNotContain(Emulator.AmplemarketApiKey, everything, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Request_ids_match_the_X_Request_Id_header()
    {
        var response = await TopoAsync(HttpMethod.Get, "me");

        Assert.Equal(response.Headers.GetValues("X-Request-Id").Single(), Emulator.Requests.Single().RequestId);
    }

    [Fact]
    public async Task OnRequest_sees_every_recorded_request()
    {
        var seen = new List<RecordedRequest>();
        await using var emulator = await ExclusionsEmulator.StartAsync(new() { OnRequest = r => { lock (seen) { seen.Add(r); } } });

        await SendAsync(new Uri(emulator.TopoBaseAddress, "me"), HttpMethod.Get, null, "", emulator.TopoApiKey);

        Assert.Equal(emulator.Requests, seen);
    }

    [Fact]
    public async Task Reset_returns_to_the_just_started_state()
    {
        Emulator.Topo.SeedContactExclusion("jane@acme.com");
        Emulator.Topo.SeedAccountExclusion("acme.com");
        Emulator.Amplemarket.SeedEmail("a@b.com");
        Emulator.Amplemarket.SeedDomain("b.com");
        Emulator.Topo.AddApiKey("topo_extra", "extra", TopoEmulator.ReadScope);
        Emulator.Faults.Add(FaultRule.ServerError());
        await TopoAsync(HttpMethod.Get, "me");

        Emulator.Reset();

        Assert.Empty(Emulator.Requests);
        Assert.Empty(Emulator.Topo.ContactExclusions);
        Assert.Empty(Emulator.Topo.AccountExclusions);
        Assert.Empty(Emulator.Amplemarket.ExcludedEmails);
        Assert.Empty(Emulator.Amplemarket.ExcludedDomains);
        Assert.Equal(0, Emulator.Faults.Count);
        Assert.Equal(HttpStatusCode.OK, (await TopoAsync(HttpMethod.Get, "me")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await TopoAsync(HttpMethod.Get, "me", key: "topo_extra")).StatusCode);
    }
}
