using Exclusions.Client.Http;
using Exclusions.Client.Internal;
using Exclusions.Client.Topo;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Polly;
using Refit;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;

namespace Exclusions.Client.Tests.Resilience;

/// <summary>Replay marking, circuit breaker, timeouts, cancellation and what the pipeline logs.</summary>
public sealed class PipelineTests
{
    private static readonly Guid Id = Guid.Parse(TopoJsonBodies.ContactId);

    private static WireMock.RequestBuilders.IRequestBuilder GetContact => Request.Create().WithPath("/v1/contact-exclusions/" + TopoJsonBodies.ContactId).UsingGet();

    private static ITopoApi RawApi(ResilienceTestContext ctx)
        => RestService.For<ITopoApi>(
            ctx.Services.GetRequiredService<IHttpClientFactory>().CreateClient(TopoServiceCollectionExtensions.HttpClientName),
            RefitSettingsCache.Topo);

    [Theory]
    [InlineData(503, true)]
    [InlineData(500, true)]
    [InlineData(429, false)]
    [InlineData(408, false)]
    public async Task The_replay_mark_lands_on_the_request_message_Refit_returns(int firstStatus, bool expectReplay)
    {
        using var ctx = new ResilienceTestContext();
        ctx.Sequence(GetContact, ResilienceTestContext.Error(firstStatus), ResilienceTestContext.Json(200, TopoJsonBodies.Contact()));

        using var response = await ctx.Time.DriveAsync(RawApi(ctx).GetContactExclusion(Id, CancellationToken.None));

        Assert.True(response.IsSuccessful);
        Assert.Equal(expectReplay, RequestReplay.WasReplayed(response));
    }

    [Fact]
    public async Task A_first_attempt_is_not_marked_as_a_replay()
    {
        using var ctx = new ResilienceTestContext();
        ctx.Sequence(GetContact, ResilienceTestContext.Json(200, TopoJsonBodies.Contact()));

        using var response = await RawApi(ctx).GetContactExclusion(Id, CancellationToken.None);

        Assert.False(RequestReplay.WasReplayed(response));
    }

    [Fact]
    public async Task The_mark_stays_once_an_earlier_attempt_may_have_been_applied()
    {
        using var ctx = new ResilienceTestContext();
        ctx.Sequence(GetContact, ResilienceTestContext.Error(503), ResilienceTestContext.Error(429), ResilienceTestContext.Json(200, TopoJsonBodies.Contact()));

        using var response = await ctx.Time.DriveAsync(RawApi(ctx).GetContactExclusion(Id, CancellationToken.None));

        Assert.True(RequestReplay.WasReplayed(response));
    }

    [Fact]
    public async Task The_circuit_opens_after_repeated_failures_and_recovers_after_the_break()
    {
        using var ctx = new ResilienceTestContext(o =>
        {
            o.Resilience.MaxRetries = 0;
            o.Resilience.CircuitBreakerMinimumThroughput = 2;
            o.Resilience.CircuitBreakerFailureRatio = 0.5;
            o.Resilience.CircuitBreakerBreakDuration = TimeSpan.FromSeconds(5);
        });
        ctx.Sequence(GetContact, ResilienceTestContext.Error(500), ResilienceTestContext.Error(500), ResilienceTestContext.Json(200, TopoJsonBodies.Contact()));

        await Assert.ThrowsAsync<ExclusionServerException>(() => ctx.Client.GetContactExclusionAsync(Id));
        await Assert.ThrowsAsync<ExclusionServerException>(() => ctx.Client.GetContactExclusionAsync(Id));
        await Assert.ThrowsAsync<ExclusionCircuitOpenException>(() => ctx.Client.GetContactExclusionAsync(Id));
        Assert.Equal(2, ctx.Requests.Count);

        ctx.Time.Advance(TimeSpan.FromSeconds(5.1));
        var contact = await ctx.Client.GetContactExclusionAsync(Id);

        Assert.Equal(Id, contact.Id);
        Assert.Equal(3, ctx.Requests.Count);
        Assert.Contains(ctx.Logs.Entries, e => e.EventId.Id == 1006);
        Assert.Contains(ctx.Logs.Entries, e => e.EventId.Id == 1007);
    }

    [Fact]
    public async Task Throttling_429s_do_not_open_the_circuit()
    {
        using var ctx = new ResilienceTestContext(o =>
        {
            o.Resilience.MaxRetries = 0;
            o.Resilience.CircuitBreakerMinimumThroughput = 2;
        });
        ctx.Sequence(GetContact, ResilienceTestContext.Error(429));

        for (var i = 0; i < 5; i++)
        {
            await Assert.ThrowsAsync<ExclusionRateLimitedException>(() => ctx.Client.GetContactExclusionAsync(Id));
        }

        Assert.Equal(5, ctx.Requests.Count);
    }

    [Fact]
    public async Task An_attempt_that_exceeds_the_attempt_timeout_is_abandoned_and_retried_as_a_possible_replay()
    {
        // The first attempt is held at the server until the test ends, so it cannot be answered before the
        // fake attempt timeout fires, however slow the machine (no real-time race).
        using var server = new HoldingServer(hold: n => n == 1);
        using var ctx = new ResilienceTestContext(o =>
        {
            o.BaseAddress = server.BaseAddress;
            o.Resilience.AttemptTimeout = TimeSpan.FromSeconds(10);
        });

        var call = RawApi(ctx).GetContactExclusion(Id, CancellationToken.None);
        await server.WaitForRequestsAsync(1);
        ctx.Time.Advance(TimeSpan.FromSeconds(10));
        var backOff = await ctx.Time.WaitForTimerAsync(d => d >= TimeSpan.FromSeconds(0.8) && d <= TimeSpan.FromSeconds(1.2));
        ctx.Time.Advance(backOff);
        using var response = await call.WaitAsync(TimeSpan.FromSeconds(60));

        Assert.True(response.IsSuccessful);
        Assert.True(RequestReplay.WasReplayed(response));
        Assert.Equal(2, ctx.Logs.Entries.Count(e => e.EventId.Id == 1001));
        Assert.Contains(ctx.Logs.Entries, e => e.EventId.Id == 1004 && e.Message.Contains("attempt_timeout", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_total_timeout_surfaces_as_ExclusionTimeoutException()
    {
        // Every attempt is held at the server: only the (fake) timeouts can end the call.
        using var server = new HoldingServer(hold: _ => true);
        using var ctx = new ResilienceTestContext(o =>
        {
            o.BaseAddress = server.BaseAddress;
            o.Resilience.AttemptTimeout = TimeSpan.FromSeconds(8);
            o.Resilience.TotalTimeout = TimeSpan.FromSeconds(10);
        });
        var started = ctx.Time.GetUtcNow();

        var ex = await Assert.ThrowsAsync<ExclusionTimeoutException>(() => ctx.Time.DriveAsync(ctx.Client.GetContactExclusionAsync(Id)));

        Assert.IsType<Polly.Timeout.TimeoutRejectedException>(ex.InnerException);

        // Not before the total timeout; and long before retries could be exhausted (4 attempts of 8 s
        // plus back-off is over 36 s). The upper bound leaves room for DriveAsync, which keeps advancing
        // fake time while the exception travels up on a busy machine.
        Assert.InRange(ctx.Time.GetUtcNow() - started, TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task Cancelling_an_in_flight_call_stops_it_promptly()
    {
        // The server holds the request until the test ends: the call can only end through the cancellation.
        // "Promptly" is "while the server still holds it", not a wall-clock bound.
        using var server = new HoldingServer(hold: _ => true);
        using var ctx = new ResilienceTestContext(o => o.BaseAddress = server.BaseAddress);
        using var cts = new CancellationTokenSource();

        var call = ctx.Client.GetContactExclusionAsync(Id, cts.Token);
        await server.WaitForRequestsAsync(1);
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call.WaitAsync(TimeSpan.FromSeconds(60)));
        Assert.Equal(1, server.Requests);
    }

    [Fact]
    public async Task Cancelling_during_a_retry_delay_stops_without_another_attempt()
    {
        using var ctx = new ResilienceTestContext();
        ctx.Sequence(GetContact, ResilienceTestContext.Error(429, headers: ("Retry-After", "30")));
        using var cts = new CancellationTokenSource();

        var call = ctx.Client.GetContactExclusionAsync(Id, cts.Token);
        await ctx.Time.WaitForTimerAsync(d => d == TimeSpan.FromSeconds(30));
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call.WaitAsync(TimeSpan.FromSeconds(5)));
        Assert.Single(ctx.Requests);
    }

    [Fact]
    public async Task The_api_key_and_authorization_value_never_reach_any_log_even_on_failures()
    {
        using var server = new ScriptedHttpServer((n, line) => line switch
        {
            _ when line.StartsWith("POST", StringComparison.Ordinal) => null,
            _ when line.Contains("?email=", StringComparison.Ordinal) => ScriptedHttpServer.Respond(401, TopoJsonBodies.Error(401, "req_401")),
            _ => n % 2 == 1 ? ScriptedHttpServer.Respond(503, TopoJsonBodies.Error(503, "req_503")) : ScriptedHttpServer.Respond(200, TopoJsonBodies.Contact()),
        });
        using var ctx = new ResilienceTestContext(o =>
        {
            o.BaseAddress = server.BaseAddress;
            o.Resilience.MaxRetries = 1;
        });

        await ctx.Time.DriveAsync(ctx.Client.GetContactExclusionAsync(Id));
        await Assert.ThrowsAsync<ExclusionTransportException>(() => ctx.Time.DriveAsync(ctx.Client.CreateContactExclusionAsync(new CreateContactExclusionRequest { Email = "secret.person@acme.com", Reason = ExclusionReason.Unsubscribed })));
        await Assert.ThrowsAsync<ExclusionAuthenticationException>(() => ctx.Client.GetContactExclusionsPageAsync(new ContactExclusionQuery { Email = "secret.person@acme.com" }));

        var all = ctx.Logs.AllText;
        Assert.NotEmpty(ctx.Logs.Entries);
        Assert.DoesNotContain(ctx.ApiKey, all, StringComparison.Ordinal);
        Assert.DoesNotContain(ctx.ApiKey[5..], all, StringComparison.Ordinal);
        Assert.DoesNotContain("Bearer", all, StringComparison.OrdinalIgnoreCase);

        // Personal data (the e-mail in the list query) only at Debug.
        Assert.All(ctx.Logs.Entries.Where(e => e.Level > LogLevel.Debug), e => Assert.DoesNotContain("secret.person", e.ToString(), StringComparison.OrdinalIgnoreCase));
        Assert.All(ctx.Logs.Entries.Where(e => e.Level > LogLevel.Debug), e => Assert.DoesNotContain("email=", e.ToString(), StringComparison.Ordinal));
    }

    [Fact]
    public async Task Each_attempt_is_one_debug_line_with_template_status_attempt_and_request_id_each_retry_too_and_the_operation_one_information_line()
    {
        using var ctx = new ResilienceTestContext();
        ctx.Sequence(GetContact, ResilienceTestContext.Error(503, "req_one"), ResilienceTestContext.Json(200, TopoJsonBodies.Contact(), ("X-Request-Id", "req_two")));

        await ctx.Time.DriveAsync(ctx.Client.GetContactExclusionAsync(Id));

        var ends = ctx.Logs.Entries.Where(e => e.EventId.Id == 1002).ToList();
        Assert.Equal(2, ends.Count);
        Assert.All(ends, e => Assert.Equal(LogLevel.Debug, e.Level));
        Assert.Contains("GET /contact-exclusions/{id} returned 503", ends[0].Message, StringComparison.Ordinal);
        Assert.Contains("attempt 1", ends[0].Message, StringComparison.Ordinal);
        Assert.Contains("returned 200", ends[1].Message, StringComparison.Ordinal);
        Assert.Contains("attempt 2, request id req_two", ends[1].Message, StringComparison.Ordinal);
        var retry = Assert.Single(ctx.Logs.Entries, e => e.EventId.Id == 1004);
        Assert.Equal(LogLevel.Debug, retry.Level);
        Assert.Contains("after 503", retry.Message, StringComparison.Ordinal);
        Assert.Contains(ctx.Logs.Entries, e => e.EventId.Id == 1001 && e.Level == LogLevel.Debug);
        var operation = Assert.Single(ctx.Logs.Entries, e => e.Level >= LogLevel.Information);
        Assert.Equal(1008, operation.EventId.Id);
        Assert.Contains("returned 200 in", operation.Message, StringComparison.Ordinal);
        Assert.Contains("(2 attempt(s), request id req_two)", operation.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_the_default_pipeline_nothing_is_retried()
    {
        using var ctx = new ResilienceTestContext(o => o.Resilience.UseDefaultPipeline = false);
        ctx.Sequence(GetContact, ResilienceTestContext.Error(503), ResilienceTestContext.Json(200, TopoJsonBodies.Contact()));

        await Assert.ThrowsAsync<ExclusionServerException>(() => ctx.Client.GetContactExclusionAsync(Id));

        Assert.Single(ctx.Requests);
    }

    [Fact]
    public async Task A_user_pipeline_added_on_the_returned_builder_replaces_the_default()
    {
        using var ctx = new ResilienceTestContext(
            o => o.Resilience.UseDefaultPipeline = false,
            http => http.AddResilienceHandler("mine", p => p.AddRetry(new Microsoft.Extensions.Http.Resilience.HttpRetryStrategyOptions { MaxRetryAttempts = 1, Delay = TimeSpan.Zero })));
        ctx.Sequence(GetContact, ResilienceTestContext.Error(503), ResilienceTestContext.Json(200, TopoJsonBodies.Contact()));

        var contact = await ctx.Client.GetContactExclusionAsync(Id);

        Assert.Equal(Id, contact.Id);
        Assert.Equal(2, ctx.Requests.Count);
    }

    [Fact]
    public async Task The_HttpClient_timeout_is_infinite_so_the_pipeline_owns_timeouts()
    {
        using var ctx = new ResilienceTestContext();
        var client = ctx.Services.GetRequiredService<IHttpClientFactory>().CreateClient(TopoServiceCollectionExtensions.HttpClientName);

        Assert.Equal(Timeout.InfiniteTimeSpan, client.Timeout);
        await Task.CompletedTask;
    }

    /// <summary>
    /// A scripted server that signals each request's arrival and holds the ones <c>hold</c> picks until the
    /// test ends (then answers 200), so a test never races a real-time response against fake time.
    /// </summary>
    private sealed class HoldingServer : IDisposable
    {
        private readonly ManualResetEventSlim _release = new();
        private readonly SemaphoreSlim _arrived = new(0);
        private readonly ScriptedHttpServer _server;
        private int _requests;

        public HoldingServer(Func<int, bool> hold)
        {
            _server = new ScriptedHttpServer((n, _) =>
            {
                Interlocked.Increment(ref _requests);
                _arrived.Release();
                if (hold(n))
                {
                    _release.Wait(TimeSpan.FromMinutes(5));
                }

                return ScriptedHttpServer.Respond(200, TopoJsonBodies.Contact());
            });
        }

        public Uri BaseAddress => _server.BaseAddress;

        public int Requests => Volatile.Read(ref _requests);

        /// <summary>Waits (real time, generous) until <paramref name="count"/> requests reached the server.</summary>
        public async Task WaitForRequestsAsync(int count)
        {
            for (var i = 0; i < count; i++)
            {
                Assert.True(await _arrived.WaitAsync(TimeSpan.FromSeconds(60)), $"request {i + 1} never reached the server");
            }
        }

        public void Dispose()
        {
            _release.Set();
            _server.Dispose();
        }
    }
}
