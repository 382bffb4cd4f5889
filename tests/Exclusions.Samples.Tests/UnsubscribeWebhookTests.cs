using System.Net;
using System.Text;
using Exclusions.Client.Outbox;
using Exclusions.Client.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Exclusions.Samples.Tests;

/// <summary>
/// The webhook sample, hosted by WebApplicationFactory: it answers 202 once the opt-out is in its SQLite
/// outbox (no vendor call inside the request), and the outbox's drain delivers it to both vendors (the
/// emulator). The hosted drain is off here and the tests drain explicitly on a clock the test moves forward, so nothing depends on timing.
/// </summary>
public sealed class UnsubscribeWebhookTests : IAsyncLifetime
{
    private const string Secret = "test-webhook-secret";
    private readonly SkippableClock _time = new();
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "exclusions-webhook-" + Guid.NewGuid().ToString("N")[..8]);
    private ExclusionsEmulator _emulator = null!;
    private WebApplicationFactory<Program> _factory = null!;
    private HttpClient _http = null!;

    private string OutboxPath => Path.Combine(_directory, "outbox.db");

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_directory);
        _emulator = await ExclusionsEmulator.StartAsync();
        _factory = Start();
        _http = _factory.CreateClient();
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _factory.DisposeAsync();
        await _emulator.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    private WebApplicationFactory<Program> Start() => new WebApplicationFactory<Program>().WithWebHostBuilder(b =>
    {
        b.UseSetting("Webhook:Secret", Secret);
        b.UseSetting("Exclusions:UseEmulatorWhenNoKeys", "false");
        b.UseSetting("Exclusions:Topo:ApiKey", _emulator.TopoApiKey);
        b.UseSetting("Exclusions:Topo:BaseAddress", _emulator.TopoBaseAddress.ToString());
        b.UseSetting("Exclusions:Topo:Resilience:MaxRetries", "0");
        b.UseSetting("Exclusions:Amplemarket:ApiKey", _emulator.AmplemarketApiKey);
        b.UseSetting("Exclusions:Amplemarket:BaseAddress", _emulator.AmplemarketBaseAddress.ToString());
        b.UseSetting("Exclusions:Amplemarket:Resilience:MaxRetries", "0");
        b.UseSetting("Exclusions:Outbox:SqlitePath", OutboxPath);
        b.UseSetting("Exclusions:Outbox:RunDrain", "false");
        b.ConfigureServices(services => services.AddSingleton<TimeProvider>(_time));
    });

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

    private Task<OutboxDrainResult> DrainAsync() => _factory.Services.GetRequiredService<ExclusionOutboxDrainer>().DrainDueAsync();

    private Task<OutboxStatus> StatusAsync() => _factory.Services.GetRequiredService<IExclusionOutbox>().GetStatusAsync();

    [Fact]
    public async Task A_signed_opt_out_is_accepted_once_queued_without_a_vendor_call_then_drained_to_every_vendor()
    {
        const string json = """{"email":" Jane.Doe@Acme.com ","reason":"contact_refused"}""";

        var response = await PostAsync(json, Sign(json));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Contains("\"queued\"", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Empty(_emulator.Requests);
        Assert.Equal(2, (await StatusAsync()).Pending);

        var drained = await DrainAsync();

        Assert.Equal(2, drained.Delivered);
        var topo = Assert.Single(_emulator.Topo.ContactExclusions);
        Assert.Equal("jane.doe@acme.com", topo.Email);
        Assert.Equal("CONTACT_REFUSED", topo.Reason);
        Assert.Equal("jane.doe@acme.com", Assert.Single(_emulator.Amplemarket.ExcludedEmails).Value);
    }

    [Fact]
    public async Task An_accepted_opt_out_survives_a_restart_of_the_app()
    {
        const string json = """{"email":"restart@acme.com"}""";
        Assert.Equal(HttpStatusCode.Accepted, (await PostAsync(json, Sign(json))).StatusCode);

        // The process goes away before any vendor was called; a new one on the same store delivers it.
        _http.Dispose();
        await _factory.DisposeAsync();
        _factory = Start();
        _http = _factory.CreateClient();

        Assert.Equal(2, (await StatusAsync()).Pending);
        Assert.Equal(2, (await DrainAsync()).Delivered);
        Assert.Equal("restart@acme.com", Assert.Single(_emulator.Topo.ContactExclusions).Email);
        Assert.Equal("restart@acme.com", Assert.Single(_emulator.Amplemarket.ExcludedEmails).Value);
    }

    [Fact]
    public async Task A_repeated_delivery_is_accepted_again_and_each_vendor_holds_the_value_once()
    {
        const string json = """{"email":"dup@acme.com"}""";
        Assert.Equal(HttpStatusCode.Accepted, (await PostAsync(json, Sign(json))).StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, (await PostAsync(json, Sign(json))).StatusCode);

        var drained = await DrainAsync();

        Assert.Equal(4, drained.Delivered);
        Assert.Single(_emulator.Topo.ContactExclusions);
        Assert.Single(_emulator.Amplemarket.ExcludedEmails);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("sha256=00")]
    [InlineData("sha256=not-hex")]
    [InlineData("md5=abc")]
    [InlineData("wrong-secret")]
    public async Task A_bad_or_missing_signature_is_401_and_nothing_is_queued(string? signature)
    {
        const string json = """{"email":"jane@acme.com"}""";
        if (signature == "wrong-secret")
        {
            signature = Sign(json, "another-secret");
        }

        var response = await PostAsync(json, signature);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(0, (await StatusAsync()).Pending);
        Assert.Empty(_emulator.Requests);
    }

    [Fact]
    public async Task A_signature_over_a_different_body_is_rejected()
    {
        var response = await PostAsync("""{"email":"victim@acme.com"}""", Sign("""{"email":"jane@acme.com"}"""));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(0, (await StatusAsync()).Pending);
    }

    [Theory]
    [InlineData("""{"email":"not-an-email"}""")]
    [InlineData("""{"reason":"UNSUBSCRIBED"}""")]
    [InlineData("not json")]
    public async Task An_invalid_payload_is_400_and_nothing_is_queued(string json)
    {
        var response = await PostAsync(json, Sign(json));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(0, (await StatusAsync()).Pending);
        Assert.Empty(_emulator.Requests);
    }

    [Fact]
    public async Task A_vendor_outage_does_not_fail_the_webhook_the_opt_out_waits_and_is_delivered_after_it()
    {
        _emulator.Faults.Add(FaultRule.ServerError(500) with { Vendor = EmulatedVendor.Amplemarket });
        const string json = """{"email":"retry-me@acme.com"}""";

        var response = await PostAsync(json, Sign(json));
        var during = await DrainAsync();

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal(1, during.Delivered);
        Assert.Single(_emulator.Topo.ContactExclusions);
        Assert.Empty(_emulator.Amplemarket.ExcludedEmails);
        Assert.Equal(1, (await StatusAsync()).Pending);

        _emulator.Faults.Clear();
        _time.Advance(TimeSpan.FromMinutes(1)); // past the first retry's backoff (5 s, plus at most 20 % jitter)
        var after = await DrainAsync();

        Assert.Equal(1, after.Delivered);
        Assert.Equal("retry-me@acme.com", Assert.Single(_emulator.Amplemarket.ExcludedEmails).Value);
        Assert.Equal(0, (await StatusAsync()).Pending);
    }

    [Fact]
    public async Task A_store_that_cannot_be_written_is_503_so_the_crm_retries()
    {
        const string json = """{"email":"lost@acme.com"}""";
        await StatusAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        File.Delete(OutboxPath);
        Directory.CreateDirectory(OutboxPath);

        var response = await PostAsync(json, Sign(json));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Empty(_emulator.Requests);
    }

    [Fact]
    public async Task Health_includes_the_outbox()
    {
        var response = await _http.GetAsync("/health");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync());
    }
}

/// <summary>The system clock plus an offset a test moves forward (to pass a retry backoff without waiting).</summary>
internal sealed class SkippableClock : TimeProvider
{
    private TimeSpan _offset;

    public override DateTimeOffset GetUtcNow() => base.GetUtcNow() + _offset;

    public void Advance(TimeSpan by) => _offset += by;
}
