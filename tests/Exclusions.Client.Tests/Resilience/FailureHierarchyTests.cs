using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Threading.RateLimiting;
using Exclusions.Client.Errors;
using Exclusions.Client.Topo;
using Microsoft.Extensions.DependencyInjection;
using Polly;
using Polly.CircuitBreaker;
using Polly.RateLimiting;
using Polly.Timeout;
using WireMock.RequestBuilders;

namespace Exclusions.Client.Tests.Resilience;

/// <summary>
/// Every failure a caller can get, other than its own cancellation and bad input, is an
/// <see cref="ExclusionApiException"/>: with no response as well (refused, reset, TLS, timeouts, an open
/// circuit, a limiter refusing). Each keeps the original as its inner exception and says the vendor, the
/// operation and how many attempts were sent. Real loopback sockets; fake time for every timeout.
/// </summary>
public sealed class FailureHierarchyTests
{
    private const string Operation = "GET /contact-exclusions/{id}";
    private static readonly Guid Id = Guid.Parse(TopoJsonBodies.ContactId);

    private static IRequestBuilder GetContact => Request.Create().WithPath("/v1/contact-exclusions/" + TopoJsonBodies.ContactId).UsingGet();

    [Fact]
    public async Task A_refused_connection_is_a_transport_exception_after_every_attempt()
    {
        using var ctx = new ResilienceTestContext(o => o.BaseAddress = ClosedPort());

        var ex = await Assert.ThrowsAsync<ExclusionTransportException>(() => ctx.Time.DriveAsync(ctx.Client.GetContactExclusionAsync(Id)));

        AssertSays(ex, attempts: 4, ctx.ApiKey);
        Assert.Equal(HttpRequestError.ConnectionError, ex.Details.TransportError);
        Assert.IsType<HttpRequestException>(ex.InnerException);
        Assert.Equal((HttpStatusCode)0, ex.StatusCode);
    }

    [Fact]
    public async Task A_connection_reset_after_the_request_is_a_transport_exception()
    {
        using var server = new ScriptedHttpServer((_, _) => null);
        using var ctx = new ResilienceTestContext(o =>
        {
            o.BaseAddress = server.BaseAddress;
            o.Resilience.MaxRetries = 1;
        });

        var ex = await Assert.ThrowsAsync<ExclusionTransportException>(() => ctx.Time.DriveAsync(ctx.Client.GetContactExclusionAsync(Id)));

        AssertSays(ex, attempts: 2, ctx.ApiKey);
        Assert.IsType<HttpRequestException>(ex.InnerException);
        Assert.Equal(2, server.RequestLines.Count);
    }

    [Fact]
    public async Task A_failed_tls_handshake_is_a_transport_exception_and_is_not_retried()
    {
        // A loopback server that answers a TLS hello with plain text.
        using var server = new RawServer(async socket =>
        {
            await socket.SendAsync("HTTP/1.1 400 Not TLS\r\n\r\n"u8.ToArray(), SocketFlags.None);
            socket.Shutdown(SocketShutdown.Both);
        });
        using var ctx = new ResilienceTestContext(o => o.BaseAddress = new Uri($"https://127.0.0.1:{server.Port}/v1"));

        var ex = await Assert.ThrowsAsync<ExclusionTransportException>(() => ctx.Time.DriveAsync(ctx.Client.GetContactExclusionAsync(Id)));

        AssertSays(ex, attempts: 1, ctx.ApiKey);
        Assert.Equal(HttpRequestError.SecureConnectionError, ex.Details.TransportError);
    }

    [Fact]
    public async Task A_server_that_stalls_past_the_attempt_timeout_on_the_last_attempt_is_a_timeout_exception()
    {
        using var server = new RawServer(_ => Task.Delay(Timeout.Infinite));
        using var ctx = new ResilienceTestContext(o =>
        {
            o.BaseAddress = new Uri($"http://127.0.0.1:{server.Port}/v1");
            o.Resilience.MaxRetries = 1;
            o.Resilience.AttemptTimeout = TimeSpan.FromSeconds(5);
        });

        var ex = await Assert.ThrowsAsync<ExclusionTimeoutException>(() => ctx.Time.DriveAsync(ctx.Client.GetContactExclusionAsync(Id)));

        AssertSays(ex, attempts: 2, ctx.ApiKey);
        Assert.IsType<TimeoutRejectedException>(ex.InnerException);
    }

    [Fact]
    public async Task The_total_timeout_is_a_timeout_exception_that_says_how_many_attempts_were_sent()
    {
        using var server = new RawServer(_ => Task.Delay(Timeout.Infinite));
        using var ctx = new ResilienceTestContext(o =>
        {
            o.BaseAddress = new Uri($"http://127.0.0.1:{server.Port}/v1");
            // Equal limits: whichever fires, the call ends in its first attempt.
            o.Resilience.AttemptTimeout = TimeSpan.FromSeconds(10);
            o.Resilience.TotalTimeout = TimeSpan.FromSeconds(10);
        });

        var ex = await Assert.ThrowsAsync<ExclusionTimeoutException>(() => ctx.Time.DriveAsync(ctx.Client.GetContactExclusionAsync(Id)));

        AssertSays(ex, attempts: 1, ctx.ApiKey);
        Assert.IsType<TimeoutRejectedException>(ex.InnerException);
    }

    [Fact]
    public async Task An_open_circuit_is_a_circuit_open_exception_with_no_attempt_sent()
    {
        using var ctx = new ResilienceTestContext(o =>
        {
            o.Resilience.MaxRetries = 0;
            o.Resilience.CircuitBreakerMinimumThroughput = 2;
            o.Resilience.CircuitBreakerFailureRatio = 0.5;
        });
        ctx.Sequence(GetContact, ResilienceTestContext.Error(500));
        await Assert.ThrowsAsync<ExclusionServerException>(() => ctx.Client.GetContactExclusionAsync(Id));
        await Assert.ThrowsAsync<ExclusionServerException>(() => ctx.Client.GetContactExclusionAsync(Id));

        var ex = await Assert.ThrowsAsync<ExclusionCircuitOpenException>(() => ctx.Client.GetContactExclusionAsync(Id));

        AssertSays(ex, attempts: 0, ctx.ApiKey);
        Assert.IsAssignableFrom<BrokenCircuitException>(ex.InnerException);
        Assert.Equal(2, ctx.Requests.Count);
    }

    [Fact]
    public async Task A_rate_limiter_that_refuses_is_a_rate_limited_exception_with_no_attempt_sent()
    {
        using var limiter = new ConcurrencyLimiter(new ConcurrencyLimiterOptions { PermitLimit = 1, QueueLimit = 0 });
        using var held = limiter.AttemptAcquire();
        using var ctx = new ResilienceTestContext(http: b => b.AddResilienceHandler("user-limiter", p => p.AddRateLimiter(limiter)));
        ctx.Sequence(GetContact, ResilienceTestContext.Json(200, TopoJsonBodies.Contact()));

        var ex = await Assert.ThrowsAsync<ExclusionRateLimitedException>(() => ctx.Time.DriveAsync(ctx.Client.GetContactExclusionAsync(Id)));

        // The user's limiter sits inside the SDK's per-attempt handler: one attempt started, none reached the server.
        AssertSays(ex, attempts: 1, ctx.ApiKey);
        Assert.Equal("client_rate_limited", ex.ErrorCode);
        Assert.IsType<RateLimiterRejectedException>(ex.InnerException);
        Assert.Empty(ctx.Requests);
    }

    [Fact]
    public async Task An_http_error_also_says_the_operation_and_the_attempts()
    {
        using var ctx = new ResilienceTestContext();
        ctx.Sequence(GetContact, ResilienceTestContext.Error(503, "req_503"));

        var ex = await Assert.ThrowsAsync<ExclusionServerException>(() => ctx.Time.DriveAsync(ctx.Client.GetContactExclusionAsync(Id)));

        AssertSays(ex, attempts: 4, ctx.ApiKey);
        Assert.Equal("req_503", ex.RequestId);
    }

    [Fact]
    public async Task The_callers_own_cancellation_stays_an_OperationCanceledException()
    {
        using var server = new RawServer(_ => Task.Delay(Timeout.Infinite));
        using var ctx = new ResilienceTestContext(o => o.BaseAddress = new Uri($"http://127.0.0.1:{server.Port}/v1"));
        using var cts = new CancellationTokenSource();

        var call = ctx.Client.GetContactExclusionAsync(Id, cts.Token);
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call.WaitAsync(TimeSpan.FromSeconds(10)));
    }

    /// <summary>The mapping, for every kind of failure without a response: always an <see cref="ExclusionApiException"/> holding the original.</summary>
    [Theory]
    [InlineData(HttpRequestError.NameResolutionError, "the host name did not resolve")]
    [InlineData(HttpRequestError.ConnectionError, "connection refused or lost")]
    [InlineData(HttpRequestError.SecureConnectionError, "TLS failed")]
    [InlineData(HttpRequestError.ResponseEnded, "closed before a response")]
    [InlineData(HttpRequestError.Unknown, "Unknown")]
    public void Every_transport_error_kind_maps_to_a_transport_exception(HttpRequestError error, string says)
    {
        var original = new HttpRequestException(error, "socket said no (example.invalid:443)");

        var ex = ApiErrorMapper.CreateWithoutResponse(ExclusionProvider.Amplemarket, null, original, "secret");

        Assert.IsType<ExclusionTransportException>(ex);
        Assert.Same(original, ex.InnerException);
        Assert.Equal(error, ex.Details.TransportError);
        Assert.Contains("Amplemarket", ex.Message, StringComparison.Ordinal);
        Assert.Contains(says, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Any_other_failure_without_a_response_is_still_an_ExclusionApiException_with_the_original_inside()
    {
        var original = new IOException("pipe broke");

        var ex = ApiErrorMapper.CreateWithoutResponse(ExclusionProvider.Topo, null, original, "secret");

        Assert.IsType<ExclusionTransportException>(ex);
        Assert.Same(original, ex.InnerException);
    }

    private static void AssertSays(ExclusionApiException ex, int attempts, string apiKey)
    {
        Assert.Equal(ExclusionProvider.Topo, ex.Provider);
        Assert.Equal(Operation, ex.Details.Operation);
        Assert.Equal(attempts, ex.Details.Attempts);
        Assert.Contains("Topo", ex.Message, StringComparison.Ordinal);
        Assert.Contains(Operation, ex.Message, StringComparison.Ordinal);
        Assert.Contains($"{attempts} attempt", ex.Message, StringComparison.Ordinal);
        Assert.NotNull(ex.InnerException);
        Assert.DoesNotContain(apiKey, ex.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("Bearer", ex.ToString(), StringComparison.Ordinal);
    }

    private static Uri ClosedPort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return new Uri($"http://127.0.0.1:{port}/v1");
    }

    /// <summary>A loopback server that hands each accepted socket to a script (stall, or answer TLS with plain text).</summary>
    private sealed class RawServer : IDisposable
    {
        private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
        private readonly CancellationTokenSource _stop = new();
        private readonly ConcurrentBag<Socket> _sockets = [];
        private int _connections;

        public RawServer(Func<Socket, Task> serve)
        {
            _listener.Start();
            _ = LoopbackAcceptLoop.RunAsync(_listener, _stop.Token, async socket =>
            {
                Interlocked.Increment(ref _connections);
                _sockets.Add(socket);
                try
                {
                    await serve(socket).WaitAsync(_stop.Token);
                }
                catch (Exception) when (_stop.IsCancellationRequested)
                {
                }
            });
        }

        public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

        public int Connections => Volatile.Read(ref _connections);

        public void Dispose()
        {
            _stop.Cancel();
            _listener.Stop();
            foreach (var socket in _sockets)
            {
                socket.Dispose();
            }

            _stop.Dispose();
        }
    }
}
