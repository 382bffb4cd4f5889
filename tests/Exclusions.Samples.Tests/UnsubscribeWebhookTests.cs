using System.Net;
using System.Text;
using Exclusions.Client.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Exclusions.Samples.Tests;

/// <summary>The webhook sample, hosted by WebApplicationFactory, writing to both vendors through the emulator.</summary>
public sealed class UnsubscribeWebhookTests : IAsyncLifetime
{
    private const string Secret = "test-webhook-secret";
    private ExclusionsEmulator _emulator = null!;
    private WebApplicationFactory<Program> _factory = null!;
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        _emulator = await ExclusionsEmulator.StartAsync();
        _factory = new WebApplicationFactory<Program>().WithWebHostBuilder(b =>
        {
            b.UseSetting("Webhook:Secret", Secret);
            b.UseSetting("Exclusions:UseEmulatorWhenNoKeys", "false");
            b.UseSetting("Exclusions:Topo:ApiKey", _emulator.TopoApiKey);
            b.UseSetting("Exclusions:Topo:BaseAddress", _emulator.TopoBaseAddress.ToString());
            b.UseSetting("Exclusions:Topo:Resilience:MaxRetries", "0");
            b.UseSetting("Exclusions:Amplemarket:ApiKey", _emulator.AmplemarketApiKey);
            b.UseSetting("Exclusions:Amplemarket:BaseAddress", _emulator.AmplemarketBaseAddress.ToString());
            b.UseSetting("Exclusions:Amplemarket:Resilience:MaxRetries", "0");
        });
        _http = _factory.CreateClient();
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _factory.DisposeAsync();
        await _emulator.DisposeAsync();
    }

    private Task<HttpResponseMessage> PostAsync(string json, string? signature)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/webhooks/unsubscribe") { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        if (signature is not null)
        {
            request.Headers.Add("X-Signature", signature);
        }

        return _http.SendAsync(request);
    }

    private static string Sign(string json, string secret = Secret) => UnsubscribeWebhook.Sign(Encoding.UTF8.GetBytes(json), secret);

    [Fact]
    public async Task A_signed_opt_out_is_added_to_every_vendor()
    {
        const string json = """{"email":" Jane.Doe@Acme.com ","reason":"contact_refused"}""";

        var response = await PostAsync(json, Sign(json));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync();
        Assert.Contains("\"topo\":{\"outcome\":\"Added\"", body, StringComparison.Ordinal);
        Assert.Contains("\"amplemarket\":{\"outcome\":\"Added\"", body, StringComparison.Ordinal);
        var topo = Assert.Single(_emulator.Topo.ContactExclusions);
        Assert.Equal("jane.doe@acme.com", topo.Email);
        Assert.Equal("CONTACT_REFUSED", topo.Reason);
        Assert.Equal("jane.doe@acme.com", Assert.Single(_emulator.Amplemarket.ExcludedEmails).Value);
    }

    [Fact]
    public async Task A_repeated_delivery_is_already_excluded_not_an_error()
    {
        const string json = """{"email":"dup@acme.com"}""";
        await PostAsync(json, Sign(json));

        var again = await PostAsync(json, Sign(json));

        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Contains("AlreadyExcluded", await again.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Single(_emulator.Topo.ContactExclusions);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("sha256=00")]
    [InlineData("sha256=not-hex")]
    [InlineData("md5=abc")]
    [InlineData("wrong-secret")]
    public async Task A_bad_or_missing_signature_is_401_and_nothing_is_written(string? signature)
    {
        const string json = """{"email":"jane@acme.com"}""";
        if (signature == "wrong-secret")
        {
            signature = Sign(json, "another-secret");
        }

        var response = await PostAsync(json, signature);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Empty(_emulator.Requests);
    }

    [Fact]
    public async Task A_signature_over_a_different_body_is_rejected()
    {
        var response = await PostAsync("""{"email":"victim@acme.com"}""", Sign("""{"email":"jane@acme.com"}"""));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Empty(_emulator.Requests);
    }

    [Theory]
    [InlineData("""{"email":"not-an-email"}""")]
    [InlineData("""{"reason":"UNSUBSCRIBED"}""")]
    [InlineData("not json")]
    public async Task An_invalid_payload_is_400_and_nothing_is_sent(string json)
    {
        var response = await PostAsync(json, Sign(json));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Empty(_emulator.Requests);
    }

    [Fact]
    public async Task A_vendor_failure_is_503_so_the_crm_retries()
    {
        _emulator.Faults.Add(FaultRule.ServerError(500) with { Vendor = EmulatedVendor.Amplemarket, Times = 10 });
        const string json = """{"email":"retry-me@acme.com"}""";

        var response = await PostAsync(json, Sign(json));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Single(_emulator.Topo.ContactExclusions);
    }

    [Fact]
    public async Task Health_is_mapped()
    {
        var response = await _http.GetAsync("/health");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync());
    }
}
