using System.Diagnostics;
using System.Net;

namespace Exclusions.Client.Testing.Tests.Faults;

public sealed class FaultInjectionTests : EmulatorTest
{
    private const string NewContact = """{"email":"jane@acme.com","reason":"UNSUBSCRIBED"}""";

    [Fact]
    public async Task Rate_limit_fault_sends_Retry_After_in_seconds_then_is_used_up()
    {
        Emulator.Faults.Add(FaultRule.RateLimit(TimeSpan.FromSeconds(7)) with { Times = 1 });

        var limited = await TopoAsync(HttpMethod.Post, "contact-exclusions", NewContact);
        var retried = await TopoAsync(HttpMethod.Post, "contact-exclusions", NewContact);

        var error = await ExpectAsync(limited, HttpStatusCode.TooManyRequests);
        Assert.Equal(TimeSpan.FromSeconds(7), limited.Headers.RetryAfter?.Delta);
        Assert.Equal(429, error.GetProperty("status_code").GetInt32());
        Assert.Equal(HttpStatusCode.Created, retried.StatusCode);
        Assert.Single(Emulator.Topo.ContactExclusions);
        Assert.Equal(0, Emulator.Faults.Count);
    }

    [Fact]
    public async Task Rate_limit_fault_can_send_Retry_After_as_an_HTTP_date()
    {
        Emulator.Faults.Add(FaultRule.RateLimitUntilDate(TimeSpan.FromSeconds(30)));

        var limited = await AmplemarketAsync(HttpMethod.Get, "excluded-emails");

        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.Equal(Start.AddSeconds(30), limited.Headers.RetryAfter?.Date);
        Assert.Null(limited.Headers.RetryAfter?.Delta);
        var body = await JsonAsync(limited);
        Assert.Equal("429", body.GetProperty("_errors")[0].GetProperty("status").GetString());
    }

    [Fact]
    public async Task Rate_limit_fault_without_Retry_After()
    {
        Emulator.Faults.Add(FaultRule.RateLimit());

        var limited = await TopoAsync(HttpMethod.Get, "contact-exclusions");

        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.Null(limited.Headers.RetryAfter);
    }

    [Theory]
    [InlineData(500)]
    [InlineData(502)]
    [InlineData(503)]
    [InlineData(504)]
    public async Task Server_error_fault_answers_the_status_in_the_vendor_error_shape_without_applying(int status)
    {
        Emulator.Faults.Add(FaultRule.ServerError(status));

        var topo = await TopoAsync(HttpMethod.Post, "contact-exclusions", NewContact);
        var amplemarket = await AmplemarketAsync(HttpMethod.Post, "excluded-emails", """{"excluded_emails":[{"email":"a@b.com"}]}""");

        var topoError = await ExpectAsync(topo, (HttpStatusCode)status);
        Assert.Equal(status, topoError.GetProperty("status_code").GetInt32());
        var ampError = await ExpectAsync(amplemarket, (HttpStatusCode)status);
        Assert.Equal(status.ToString(System.Globalization.CultureInfo.InvariantCulture), ampError.GetProperty("_errors")[0].GetProperty("status").GetString());
        Assert.Empty(Emulator.Topo.ContactExclusions);
        Assert.Empty(Emulator.Amplemarket.ExcludedEmails);
    }

    [Fact]
    public void Server_error_fault_rejects_non_5xx_statuses()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => FaultRule.ServerError(418));
        Assert.Throws<ArgumentOutOfRangeException>(() => Emulator.Faults.Add(FaultRule.ServerError() with { StatusCode = 404 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => Emulator.Faults.Add(FaultRule.DropConnection() with { Times = 0 }));
    }

    [Fact]
    public async Task Latency_fault_delays_then_processes_normally()
    {
        Emulator.Faults.Add(FaultRule.Delay(TimeSpan.FromMilliseconds(200)));

        var stopwatch = Stopwatch.StartNew();
        var response = await TopoAsync(HttpMethod.Post, "contact-exclusions", NewContact);
        stopwatch.Stop();

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.True(stopwatch.Elapsed >= TimeSpan.FromMilliseconds(190), stopwatch.Elapsed.ToString());
        Assert.Single(Emulator.Topo.ContactExclusions);
    }

    [Fact]
    public async Task Dropped_connection_surfaces_as_HttpRequestException_and_changes_nothing()
    {
        Emulator.Faults.Add(FaultRule.DropConnection());

        await Assert.ThrowsAsync<HttpRequestException>(() => TopoAsync(HttpMethod.Post, "contact-exclusions", NewContact));

        Assert.Empty(Emulator.Topo.ContactExclusions);
        var recorded = Assert.Single(Emulator.Requests);
        Assert.Null(recorded.StatusCode);
        Assert.Equal(FaultKind.DropConnection, recorded.Fault);
    }

    [Fact]
    public async Task Apply_then_drop_changes_state_although_the_client_saw_an_error()
    {
        Emulator.Faults.Add(FaultRule.ApplyThenDropResponse() with { Times = 1 });

        await Assert.ThrowsAsync<HttpRequestException>(() => TopoAsync(HttpMethod.Post, "contact-exclusions", NewContact));

        Assert.Equal("jane@acme.com", Assert.Single(Emulator.Topo.ContactExclusions).Email);
        var recorded = Assert.Single(Emulator.Requests);
        Assert.Null(recorded.StatusCode);
        Assert.Equal(FaultKind.ApplyThenDropResponse, recorded.Fault);

        // A client retrying the create now meets its own write.
        Assert.Equal(HttpStatusCode.Conflict, (await TopoAsync(HttpMethod.Post, "contact-exclusions", NewContact)).StatusCode);
    }

    [Theory]
    [InlineData(FaultKind.DropConnection, 0)]
    [InlineData(FaultKind.ApplyThenDropResponse, 1)]
    public async Task A_drop_on_a_reused_connection_is_not_silently_retried_by_HttpClient(FaultKind kind, int contactsAfter)
    {
        // SocketsHttpHandler transparently resends a request when a pooled connection merely closes (EOF)
        // before any response byte; the emulator resets the connection instead, so the fault reaches the caller.
        Assert.Equal(HttpStatusCode.OK, (await TopoAsync(HttpMethod.Get, "me")).StatusCode);
        Emulator.Faults.Add((kind == FaultKind.DropConnection ? FaultRule.DropConnection() : FaultRule.ApplyThenDropResponse()) with { Times = 1 });

        await Assert.ThrowsAsync<HttpRequestException>(() => TopoAsync(HttpMethod.Post, "contact-exclusions", NewContact));

        Assert.Equal(2, Emulator.Requests.Count);
        Assert.Equal(contactsAfter, Emulator.Topo.ContactExclusions.Count);
    }

    [Fact]
    public async Task Apply_then_drop_on_an_Amplemarket_bulk_add()
    {
        Emulator.Faults.Add(FaultRule.ApplyThenDropResponse() with { Vendor = EmulatedVendor.Amplemarket, Times = 1 });

        await Assert.ThrowsAsync<HttpRequestException>(() =>
            AmplemarketAsync(HttpMethod.Post, "excluded-emails", """{"excluded_emails":[{"email":"a@b.com"}]}"""));

        Assert.Equal("a@b.com", Assert.Single(Emulator.Amplemarket.ExcludedEmails).Value);
        var retried = await ExpectAsync(
            await AmplemarketAsync(HttpMethod.Post, "excluded-emails", """{"excluded_emails":[{"email":"a@b.com"}]}"""), HttpStatusCode.OK);
        Assert.Equal("duplicated", retried.GetProperty("a@b.com").GetString());
    }

    [Fact]
    public async Task Rules_match_on_vendor_method_and_path_prefix()
    {
        Emulator.Faults.Add(FaultRule.ServerError(502) with { Vendor = EmulatedVendor.Topo, Method = "DELETE", PathPrefix = "/v1/account-exclusions" });
        var account = Emulator.Topo.SeedAccountExclusion("acme.com");
        var contact = Emulator.Topo.SeedContactExclusion("jane@acme.com");

        Assert.Equal(HttpStatusCode.OK, (await TopoAsync(HttpMethod.Get, $"account-exclusions/{account.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await TopoAsync(HttpMethod.Delete, $"contact-exclusions/{contact.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await AmplemarketAsync(HttpMethod.Get, "excluded-emails")).StatusCode);
        Assert.Equal(HttpStatusCode.BadGateway, (await TopoAsync(HttpMethod.Delete, $"account-exclusions/{account.Id}")).StatusCode);
        Assert.Single(Emulator.Topo.AccountExclusions);
    }

    [Fact]
    public async Task Times_limits_a_rule_exactly_even_under_concurrency()
    {
        Emulator.Faults.Add(FaultRule.ServerError(503) with { Times = 5 });

        var responses = await Task.WhenAll(Enumerable.Range(0, 40).Select(_ => TopoAsync(HttpMethod.Get, "contact-exclusions")));

        Assert.Equal(5, responses.Count(r => r.StatusCode == HttpStatusCode.ServiceUnavailable));
        Assert.Equal(35, responses.Count(r => r.StatusCode == HttpStatusCode.OK));
        Assert.Equal(5, Emulator.Requests.Count(r => r.Fault == FaultKind.ServerError));
    }

    [Fact]
    public async Task The_first_matching_rule_wins()
    {
        Emulator.Faults.Add(FaultRule.ServerError(500) with { Times = 1 });
        Emulator.Faults.Add(FaultRule.RateLimit() with { Times = 1 });

        Assert.Equal(HttpStatusCode.InternalServerError, (await TopoAsync(HttpMethod.Get, "me")).StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, (await TopoAsync(HttpMethod.Get, "me")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await TopoAsync(HttpMethod.Get, "me")).StatusCode);
    }

    [Fact]
    public async Task Probability_draws_are_reproducible_from_the_seed()
    {
        var first = await FaultPatternAsync(seed: 7);
        var second = await FaultPatternAsync(seed: 7);

        Assert.Equal(first, second);
        Assert.Contains(true, first);
        Assert.Contains(false, first);
    }

    [Fact]
    public async Task Probability_zero_never_fires()
    {
        Emulator.Faults.Add(FaultRule.ServerError() with { Probability = 0 });

        for (var i = 0; i < 10; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await TopoAsync(HttpMethod.Get, "me")).StatusCode);
        }
    }

    private static async Task<bool[]> FaultPatternAsync(int seed)
    {
        await using var emulator = await ExclusionsEmulator.StartAsync(new() { RandomSeed = seed });
        emulator.Faults.Add(FaultRule.ServerError() with { Probability = 0.5 });
        using var client = NewClient();
        var pattern = new bool[20];
        for (var i = 0; i < pattern.Length; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(emulator.AmplemarketBaseAddress, "excluded-emails"));
            request.Headers.Authorization = new("Bearer", emulator.AmplemarketApiKey);
            pattern[i] = (await client.SendAsync(request)).StatusCode == HttpStatusCode.ServiceUnavailable;
        }

        return pattern;
    }
}
