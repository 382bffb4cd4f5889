using Exclusions.Client.Tests.Infrastructure;
using Exclusions.Client.Tests.Resilience;
using Microsoft.Extensions.Logging;
using WireMock.RequestBuilders;

namespace Exclusions.Client.Tests.Diagnostics;

/// <summary>
/// How much the SDK says at each level, counted with a captured logger at Trace: one Information line
/// per logical operation (however many attempts), attempts and retries at Debug, and Polly's own
/// telemetry for the SDK's pipelines at Debug, for a success and for a failure after retries.
/// </summary>
public sealed class LogVolumeTests : IDisposable
{
    private static readonly Guid Id = Guid.Parse(TopoJsonBodies.ContactId);
    private readonly ResilienceTestContext _ctx = new();

    public void Dispose() => _ctx.Dispose();

    private static IRequestBuilder GetContact => Request.Create().WithPath("/v1/contact-exclusions/" + TopoJsonBodies.ContactId).UsingGet();

    [Fact]
    public async Task A_successful_call_is_one_information_line_and_nothing_louder()
    {
        _ctx.Sequence(GetContact, ResilienceTestContext.Json(200, TopoJsonBodies.Contact(), ("X-Request-Id", "req-ok-1")));

        await _ctx.Client.GetContactExclusionAsync(Id);

        var info = Assert.Single(AtLeast(LogLevel.Information));
        Assert.Equal(LogLevel.Information, info.Level);
        Assert.Equal("Exclusions.Client.Http", info.Category);
        Assert.Equal(
            "Exclusions.Client.Topo GET /contact-exclusions/{id} returned 200 in 0 ms (1 attempt(s), request id req-ok-1)",
            info.Message);
        Assert.Equal(1, Count("Exclusions.Client.Http", LogLevel.Debug, "RequestCompleted"));
        Assert.All(Polly, e => Assert.True(e.Level <= LogLevel.Debug, e.ToString()));
    }

    [Fact]
    public async Task A_call_failing_after_three_retries_is_one_information_line_without_a_stack_trace()
    {
        _ctx.Sequence(GetContact, ResilienceTestContext.Error(503, headers: ("Retry-After", "1")));

        var call = _ctx.Client.GetContactExclusionAsync(Id);
        while (!call.IsCompleted)
        {
            _ctx.Time.Advance(TimeSpan.FromSeconds(1));
            await Task.Delay(10);
        }

        await Assert.ThrowsAsync<ExclusionServerException>(() => call);
        var info = Assert.Single(AtLeast(LogLevel.Information));
        Assert.Equal(LogLevel.Information, info.Level);
        Assert.StartsWith("Exclusions.Client.Topo GET /contact-exclusions/{id} returned 503 in ", info.Message, StringComparison.Ordinal);
        Assert.EndsWith("(4 attempt(s), request id (null))", info.Message, StringComparison.Ordinal);
        Assert.Null(info.Exception);

        // The rest is there for whoever turns Debug on: every attempt and every retry.
        Assert.Equal(4, Count("Exclusions.Client.Http", LogLevel.Debug, "RequestCompleted"));
        Assert.Equal(3, Count("Exclusions.Client.Http", LogLevel.Debug, "Retrying"));
        Assert.NotEmpty(Polly);
        Assert.All(Polly, e => Assert.True(e.Level <= LogLevel.Debug, e.ToString()));
    }

    [Fact]
    public async Task A_call_without_a_response_is_one_information_line_naming_the_failure()
    {
        using var ctx = new ResilienceTestContext(o =>
        {
            o.BaseAddress = new Uri($"http://127.0.0.1:{ClosedPort()}/v1");
            o.Resilience.MaxRetries = 0;
        });

        await Assert.ThrowsAnyAsync<ExclusionApiException>(() => ctx.Client.GetContactExclusionAsync(Id));

        var info = Assert.Single(ctx.Logs.Entries, e => e.Level >= LogLevel.Information);
        Assert.Equal(LogLevel.Information, info.Level);
        Assert.Contains("GET /contact-exclusions/{id} failed without a response", info.Message, StringComparison.Ordinal);
        Assert.Contains("(1 attempt(s)): HttpRequestException", info.Message, StringComparison.Ordinal);
        Assert.Null(info.Exception);
    }

    private IEnumerable<CapturingLoggerProvider.CapturedLog> AtLeast(LogLevel level) => _ctx.Logs.Entries.Where(e => e.Level >= level);

    private IEnumerable<CapturingLoggerProvider.CapturedLog> Polly => _ctx.Logs.Entries.Where(e => e.Category.StartsWith("Polly", StringComparison.Ordinal));

    private int Count(string category, LogLevel level, string eventName)
        => _ctx.Logs.Entries.Count(e => e.Category == category && e.Level == level && e.EventId.Name == eventName);

    private static int ClosedPort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }
}
