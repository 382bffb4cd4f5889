using System.Globalization;
using System.Net;
using Exclusions.Client.Topo;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;

namespace Exclusions.Client.Tests.Resilience;

/// <summary>Transient failures are retried with the right delays; writes replayed after an unknown outcome reconcile.</summary>
public sealed class RetryTests : IDisposable
{
    private static readonly Guid Id = Guid.Parse(TopoJsonBodies.ContactId);
    private readonly ResilienceTestContext _ctx = new();

    public void Dispose() => _ctx.Dispose();

    private static IRequestBuilder GetContact => Request.Create().WithPath("/v1/contact-exclusions/" + TopoJsonBodies.ContactId).UsingGet();

    private static IRequestBuilder PostContact => Request.Create().WithPath("/v1/contact-exclusions").UsingPost();

    private static IRequestBuilder ListContacts => Request.Create().WithPath("/v1/contact-exclusions").UsingGet();

    [Fact]
    public async Task Retry_After_in_seconds_is_waited_for_exactly_then_the_call_succeeds()
    {
        _ctx.Sequence(GetContact, ResilienceTestContext.Error(429, headers: ("Retry-After", "7")), ResilienceTestContext.Json(200, TopoJsonBodies.Contact()));

        var call = _ctx.Client.GetContactExclusionAsync(Id);
        await _ctx.Time.WaitForTimerAsync(d => d == TimeSpan.FromSeconds(7));
        _ctx.Time.Advance(TimeSpan.FromSeconds(6.9));
        await Task.Delay(50);
        Assert.Single(_ctx.Requests);

        _ctx.Time.Advance(TimeSpan.FromSeconds(0.2));
        var contact = await call.WaitAsync(TimeSpan.FromSeconds(5));

        Assert.Equal(Id, contact.Id);
        Assert.Equal(2, _ctx.Requests.Count);
    }

    [Fact]
    public async Task Retry_After_as_an_http_date_is_waited_for_until_that_date()
    {
        var at = _ctx.Time.GetUtcNow().AddSeconds(20);
        _ctx.Sequence(GetContact, ResilienceTestContext.Error(429, headers: ("Retry-After", at.ToString("R", CultureInfo.InvariantCulture))), ResilienceTestContext.Json(200, TopoJsonBodies.Contact()));

        var call = _ctx.Client.GetContactExclusionAsync(Id);
        await _ctx.Time.WaitForTimerAsync(d => d == TimeSpan.FromSeconds(20));
        _ctx.Time.Advance(TimeSpan.FromSeconds(19.5));
        await Task.Delay(50);
        Assert.Single(_ctx.Requests);

        _ctx.Time.Advance(TimeSpan.FromSeconds(1));
        await call.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal(2, _ctx.Requests.Count);
    }

    [Fact]
    public async Task Retry_After_beyond_the_configured_maximum_is_capped()
    {
        using var ctx = new ResilienceTestContext(o => o.Resilience.MaxRetryAfter = TimeSpan.FromSeconds(10));
        ctx.Sequence(GetContact, ResilienceTestContext.Error(429, headers: ("Retry-After", "3600")), ResilienceTestContext.Json(200, TopoJsonBodies.Contact()));

        var call = ctx.Client.GetContactExclusionAsync(Id);
        await ctx.Time.WaitForTimerAsync(d => d == TimeSpan.FromSeconds(10));
        ctx.Time.Advance(TimeSpan.FromSeconds(10));

        await call.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal(2, ctx.Requests.Count);
    }

    [Fact]
    public async Task A_429_without_Retry_After_backs_off_exponentially_with_jitter()
    {
        _ctx.Sequence(GetContact, ResilienceTestContext.Error(429), ResilienceTestContext.Error(429), ResilienceTestContext.Json(200, TopoJsonBodies.Contact()));

        var call = _ctx.Client.GetContactExclusionAsync(Id);
        var first = await _ctx.Time.WaitForTimerAsync(d => d >= TimeSpan.FromSeconds(0.8) && d <= TimeSpan.FromSeconds(1.2));
        _ctx.Time.Advance(first);
        var second = await _ctx.Time.WaitForTimerAsync(d => d >= TimeSpan.FromSeconds(1.6) && d <= TimeSpan.FromSeconds(2.4));
        _ctx.Time.Advance(second);

        await call.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal(3, _ctx.Requests.Count);
    }

    [Theory]
    [InlineData(500)]
    [InlineData(502)]
    [InlineData(503)]
    [InlineData(504)]
    [InlineData(408)]
    public async Task A_transient_status_is_retried_then_succeeds(int status)
    {
        _ctx.Sequence(GetContact, ResilienceTestContext.Error(status), ResilienceTestContext.Json(200, TopoJsonBodies.Contact()));

        var contact = await _ctx.Time.DriveAsync(_ctx.Client.GetContactExclusionAsync(Id));

        Assert.Equal(Id, contact.Id);
        Assert.Equal(2, _ctx.Requests.Count);
    }

    [Theory]
    [InlineData(400)]
    [InlineData(401)]
    [InlineData(404)]
    [InlineData(409)]
    [InlineData(422)]
    public async Task A_non_transient_status_is_not_retried(int status)
    {
        _ctx.Sequence(GetContact, ResilienceTestContext.Error(status));

        await Assert.ThrowsAnyAsync<ExclusionApiException>(() => _ctx.Time.DriveAsync(_ctx.Client.GetContactExclusionAsync(Id)));

        Assert.Single(_ctx.Requests);
    }

    [Fact]
    public async Task A_connection_reset_after_the_request_was_sent_is_retried_then_succeeds()
    {
        using var server = new ScriptedHttpServer((n, _) => n == 1 ? null : ScriptedHttpServer.Respond(200, TopoJsonBodies.Contact()));
        using var ctx = new ResilienceTestContext(o => o.BaseAddress = server.BaseAddress);

        var contact = await ctx.Time.DriveAsync(ctx.Client.GetContactExclusionAsync(Id));

        Assert.Equal(Id, contact.Id);
        Assert.Equal(2, server.RequestLines.Count);
    }

    [Fact]
    public async Task A_refused_connection_is_retried_and_finally_surfaces_as_ExclusionTransportException()
    {
        var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        using var ctx = new ResilienceTestContext(o => o.BaseAddress = new Uri($"http://127.0.0.1:{port}/v1"));

        await Assert.ThrowsAsync<ExclusionTransportException>(() => ctx.Time.DriveAsync(ctx.Client.GetContactExclusionAsync(Id)));

        Assert.Equal(4, ctx.Logs.Entries.Count(e => e.EventId.Id == 1001));
        Assert.DoesNotContain(ctx.Logs.Entries, e => e.EventId.Id == 1004 && e.Message.Contains("may have been applied", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Exhausted_retries_on_429_throw_the_rate_limit_exception_with_retry_after_and_request_id()
    {
        _ctx.Sequence(GetContact, ResilienceTestContext.Error(429, "req_last", ("Retry-After", "2")));

        var ex = await Assert.ThrowsAsync<ExclusionRateLimitedException>(() => _ctx.Time.DriveAsync(_ctx.Client.GetContactExclusionAsync(Id)));

        Assert.Equal(TimeSpan.FromSeconds(2), ex.RetryAfter);
        Assert.Equal("req_last", ex.RequestId);
        Assert.Equal(1 + ExclusionResilienceOptions.DefaultMaxRetries, _ctx.Requests.Count);
    }

    [Fact]
    public async Task Exhausted_retries_on_5xx_throw_the_server_exception_with_request_id()
    {
        _ctx.Sequence(GetContact, ResilienceTestContext.Error(503, "req_5xx"));

        var ex = await Assert.ThrowsAsync<ExclusionServerException>(() => _ctx.Time.DriveAsync(_ctx.Client.GetContactExclusionAsync(Id)));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, ex.StatusCode);
        Assert.Equal("req_5xx", ex.RequestId);
        Assert.Equal(4, _ctx.Requests.Count);
    }

    [Fact]
    public async Task MaxRetries_zero_sends_once()
    {
        using var ctx = new ResilienceTestContext(o => o.Resilience.MaxRetries = 0);
        ctx.Sequence(GetContact, ResilienceTestContext.Error(503));

        await Assert.ThrowsAsync<ExclusionServerException>(() => ctx.Client.GetContactExclusionAsync(Id));

        Assert.Single(ctx.Requests);
    }

    [Theory]
    [InlineData(503)]
    [InlineData(504)]
    public async Task A_create_applied_whose_response_was_lost_returns_the_existing_exclusion_on_the_409_replay(int firstStatus)
    {
        _ctx.Sequence(PostContact, ResilienceTestContext.Error(firstStatus), ResilienceTestContext.Error(409, "req_conflict"));
        _ctx.Server.Given(ListContacts.WithParam("email", "jane.doe@acme.com"))
            .RespondWith(ResilienceTestContext.Json(200, TopoJsonBodies.Page(TopoJsonBodies.Contact())));

        var created = await _ctx.Time.DriveAsync(_ctx.Client.CreateContactExclusionAsync(new CreateContactExclusionRequest { Email = "Jane.Doe@ACME.com", Reason = ExclusionReason.Unsubscribed }));

        Assert.Equal(Id, created.Id);
        Assert.Equal("jane.doe@acme.com", created.Email);
        Assert.Equal(2, _ctx.Requests.Count(r => r.RequestMessage!.Method == "POST"));
        Assert.Single(_ctx.Requests, r => r.RequestMessage!.Method == "GET");
    }

    [Fact]
    public async Task A_create_whose_connection_dropped_after_sending_reconciles_the_409_replay()
    {
        using var server = new ScriptedHttpServer((n, line) => line.StartsWith("POST", StringComparison.Ordinal)
            ? (n == 1 ? null : ScriptedHttpServer.Respond(409, TopoJsonBodies.Error(409, "req_dup")))
            : ScriptedHttpServer.Respond(200, TopoJsonBodies.Page(TopoJsonBodies.Contact())));
        using var ctx = new ResilienceTestContext(o => o.BaseAddress = server.BaseAddress);

        var created = await ctx.Time.DriveAsync(ctx.Client.CreateContactExclusionAsync(new CreateContactExclusionRequest { Email = "jane.doe@acme.com", Reason = ExclusionReason.Unsubscribed }));

        Assert.Equal(Id, created.Id);
        Assert.Equal(2, server.RequestLines.Count(l => l.StartsWith("POST", StringComparison.Ordinal)));
        Assert.Contains(server.RequestLines, l => l.StartsWith("GET /v1/contact-exclusions?email=jane.doe%40acme.com", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_account_create_replayed_after_a_timeout_reconciles_the_409_by_domain()
    {
        const string account = """{"id":"7c1d2e3f-4a5b-4c6d-8e7f-9a0b1c2d3e4f","domain":"rival-corp.com","reason":"COMPETITOR","message":null,"until":null,"created_at":"2025-06-10T12:00:00Z","updated_at":"2025-06-10T12:00:00Z"}""";
        var post = Request.Create().WithPath("/v1/account-exclusions").UsingPost();
        _ctx.Sequence(post, ResilienceTestContext.Error(500), ResilienceTestContext.Error(409));
        _ctx.Server.Given(Request.Create().WithPath("/v1/account-exclusions").UsingGet().WithParam("domain", "rival-corp.com"))
            .RespondWith(ResilienceTestContext.Json(200, TopoJsonBodies.Page(account)));

        var created = await _ctx.Time.DriveAsync(_ctx.Client.CreateAccountExclusionAsync(new CreateAccountExclusionRequest { Domain = "rival-corp.com", Reason = ExclusionReason.Competitor }));

        Assert.Equal("rival-corp.com", created.Domain);
    }

    [Fact]
    public async Task A_409_on_a_first_attempt_stays_a_conflict_and_nothing_is_looked_up()
    {
        _ctx.Sequence(PostContact, ResilienceTestContext.Error(409));

        await Assert.ThrowsAsync<ExclusionConflictException>(() => _ctx.Client.CreateContactExclusionAsync(new CreateContactExclusionRequest { Email = "jane.doe@acme.com", Reason = ExclusionReason.Unsubscribed }));

        Assert.Single(_ctx.Requests);
    }

    [Fact]
    public async Task A_409_after_a_429_stays_a_conflict_because_a_429_was_not_applied()
    {
        _ctx.Sequence(PostContact, ResilienceTestContext.Error(429), ResilienceTestContext.Error(409));

        await Assert.ThrowsAsync<ExclusionConflictException>(() => _ctx.Time.DriveAsync(_ctx.Client.CreateContactExclusionAsync(new CreateContactExclusionRequest { Email = "jane.doe@acme.com", Reason = ExclusionReason.Unsubscribed })));

        Assert.Equal(2, _ctx.Requests.Count);
        Assert.DoesNotContain(_ctx.Requests, r => r.RequestMessage!.Method == "GET");
    }

    [Fact]
    public async Task A_replayed_409_whose_record_cannot_be_found_is_still_the_conflict()
    {
        _ctx.Sequence(PostContact, ResilienceTestContext.Error(503), ResilienceTestContext.Error(409, "req_c"));
        _ctx.Server.Given(ListContacts).RespondWith(ResilienceTestContext.Json(200, TopoJsonBodies.Page()));

        var ex = await Assert.ThrowsAsync<ExclusionConflictException>(() => _ctx.Time.DriveAsync(_ctx.Client.CreateContactExclusionAsync(new CreateContactExclusionRequest { Email = "jane.doe@acme.com", Reason = ExclusionReason.Unsubscribed })));

        Assert.Equal("req_c", ex.RequestId);
    }
}
