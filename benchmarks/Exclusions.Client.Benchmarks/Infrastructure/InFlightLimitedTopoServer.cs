using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Exclusions.Client.Benchmarks.Infrastructure;

/// <summary>
/// A Kestrel on 127.0.0.1 answering Topo's <c>POST /v1/contact-exclusions</c> after a fixed latency, with an
/// optional limit on requests in flight: a request that arrives while <c>limit</c> creates are being served is
/// answered 429 at once (Topo's error body, no <c>Retry-After</c>), as a vendor protecting itself would. The
/// emulator has no in-flight limit, hence this server. Counts every create per address, so a run can show that
/// no item was lost or created twice.
/// </summary>
internal sealed class InFlightLimitedTopoServer : IAsyncDisposable
{
    private static readonly byte[] RateLimited = Encoding.UTF8.GetBytes(
        """{"status_code":429,"type":"RateLimitIssue","message":"Too many requests in flight","data":null,"request_id":"req_benchmark"}""");

    private readonly int? _limit;
    private readonly TimeSpan _latency;
    private int _inFlight;
    private int _peakInFlight;
    private int _requests;
    private int _refused;
    private long _servedTicks;
    private WebApplication _app = null!;

    private InFlightLimitedTopoServer(int? limit, TimeSpan latency)
    {
        _limit = limit;
        _latency = latency;
    }

    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>Creates per address (an address created twice shows 2).</summary>
    public ConcurrentDictionary<string, int> Created { get; } = new(StringComparer.Ordinal);

    public int Requests => Volatile.Read(ref _requests);

    public int Refused => Volatile.Read(ref _refused);

    /// <summary>
    /// Seconds spent serving creates, summed over all of them (429s excluded): divided by the wall time of a run,
    /// the mean number of creates in flight at the server; divided by the creates, the mean time a create took.
    /// </summary>
    public double ServedSeconds => Volatile.Read(ref _servedTicks) / (double)System.Diagnostics.Stopwatch.Frequency;

    /// <summary>Most creates served at once (429s excluded).</summary>
    public int PeakInFlight => Volatile.Read(ref _peakInFlight);

    public static async Task<InFlightLimitedTopoServer> StartAsync(int? limit, TimeSpan latency)
    {
        var server = new InFlightLimitedTopoServer(limit, latency);
        var (app, address) = await LoopbackKestrel.StartAsync(server.ServeAsync).ConfigureAwait(false);
        server._app = app;
        server.BaseAddress = new Uri(address.ToString().TrimEnd('/') + "/v1");
        return server;
    }

    public ValueTask DisposeAsync() => LoopbackKestrel.StopAsync(_app);

    private async Task ServeAsync(HttpContext context)
    {
        Interlocked.Increment(ref _requests);
        using var body = await JsonDocument.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted).ConfigureAwait(false);
        var now = Interlocked.Increment(ref _inFlight);
        try
        {
            if (_limit is { } limit && now > limit)
            {
                Interlocked.Increment(ref _refused);
                await LoopbackKestrel.WriteJsonAsync(context, 429, RateLimited).ConfigureAwait(false);
                return;
            }

            var started = System.Diagnostics.Stopwatch.GetTimestamp();
            int peak;
            while (now > (peak = Volatile.Read(ref _peakInFlight)) && Interlocked.CompareExchange(ref _peakInFlight, now, peak) != peak)
            {
            }

            await Task.Delay(_latency, context.RequestAborted).ConfigureAwait(false);
            var email = body.RootElement.GetProperty("email").GetString()!;
            Created.AddOrUpdate(email, 1, (_, n) => n + 1);
            var json = string.Create(
                CultureInfo.InvariantCulture,
                $$"""{"id":"{{Guid.NewGuid()}}","email":"{{email}}","linkedin_url":null,"reason":null,"message":null,"until":null,"created_at":"2025-06-01T10:00:00Z","updated_at":"2025-06-01T10:00:00Z"}""");
            await LoopbackKestrel.WriteJsonAsync(context, 201, Encoding.UTF8.GetBytes(json)).ConfigureAwait(false);
            Interlocked.Add(ref _servedTicks, System.Diagnostics.Stopwatch.GetTimestamp() - started);
        }
        finally
        {
            Interlocked.Decrement(ref _inFlight);
        }
    }
}
