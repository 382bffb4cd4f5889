using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace Exclusions.Client.Testing.Hosting;

/// <summary>
/// The pipeline every request goes through, in front of the endpoints: pick the vendor, read and log the
/// request (without its credentials), inject a fault if a rule says so, then admit (auth, rate limit) and
/// hand over to the endpoint.
/// </summary>
internal sealed class EmulatorMiddleware
{
    private readonly IEmulatedApi _topo;
    private readonly IEmulatedApi _amplemarket;
    private readonly EmulatorFaults _faults;
    private readonly RequestLog _log;
    private readonly TimeProvider _time;
    private readonly FailureLog _failures;
    private readonly RequestGate _gate;
    private long _requestCounter;

    public EmulatorMiddleware(IEmulatedApi topo, IEmulatedApi amplemarket, EmulatorFaults faults, RequestLog log, TimeProvider time, FailureLog failures, RequestGate gate)
    {
        _gate = gate;
        _topo = topo;
        _amplemarket = amplemarket;
        _faults = faults;
        _log = log;
        _time = time;
        _failures = failures;
    }

    /// <summary>Serves <c>/_emulator/…</c> when admin endpoints are on; set once, before the server starts.</summary>
    public Func<HttpContext, Task>? Admin { get; set; }

    public async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        // Nothing is answered while the state is being built (seeding at start, a reset): a list read
        // half-way through seeding would be a silently short list.
        var open = _gate.WhenOpen;
        if (!open.IsCompleted)
        {
            try
            {
                await open.WaitAsync(context.RequestAborted);
            }
            catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
            {
                return;
            }
        }

        if (Admin is not null && context.Request.Path.StartsWithSegments("/_emulator", StringComparison.Ordinal))
        {
            await Admin(context);
            return;
        }

        if (OpenApiDocuments.Owns(context.Request.Path))
        {
            await OpenApiDocuments.ServeAsync(context);
            return;
        }

        var api = _topo.Owns(context.Request.Path) ? _topo : _amplemarket;
        var request = new EmulatorRequestContext
        {
            Vendor = api.Vendor,
            RequestId = "req_" + Interlocked.Increment(ref _requestCounter).ToString("D12", CultureInfo.InvariantCulture),
            Body = await ReadBodyAsync(context.Request, context.RequestAborted),
        };
        context.Features.Set(request);
        api.AddResponseHeaders(context, request);

        var path = context.Request.Path.Value ?? "/";
        var fault = _faults.Next(api.Vendor, context.Request.Method, path);
        var recorder = new Recorder(_log, Describe(context, request, fault?.Kind), ex => Fail(context, request, ex));

        // Recording just before the response starts (not after it is sent) guarantees the entry exists
        // by the time the client has the response in hand.
        context.Response.OnStarting(() =>
        {
            if (!recorder.Record(context.Response.StatusCode))
            {
                // The request callback threw: the response still goes out, marked, so the test hears of it.
                context.Response.Headers[FailureLog.HeaderName] = request.RequestId;
            }

            return Task.CompletedTask;
        });

        try
        {
            switch (fault?.Kind)
            {
                case FaultKind.DropConnection:
                    recorder.Record(null);
                    context.Abort();
                    return;

                case FaultKind.RateLimit:
                    if (fault.RetryAfter is { } retryAfter)
                    {
                        context.Response.Headers.RetryAfter = fault.RetryAfterAsHttpDate
                            ? (_time.GetUtcNow() + retryAfter).ToString("R", CultureInfo.InvariantCulture)
                            : ((long)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
                    }

                    await api.WriteErrorAsync(context, request, fault.StatusCode, "Too many requests (injected fault).");
                    return;

                case FaultKind.ServerError:
                    await api.WriteErrorAsync(context, request, fault.StatusCode, "Server error (injected fault).");
                    return;

                case FaultKind.Latency:
                    await Task.Delay(fault.Latency, context.RequestAborted);
                    break;

                case FaultKind.ApplyThenDropResponse:
                    // The response goes nowhere: the write happens, the client never hears about it.
                    recorder.Suppress();
                    context.Response.Body = Stream.Null;
                    await AdmitAndRunAsync(context, api, request, next);
                    recorder.Record(null, force: true);
                    context.Abort();
                    return;
            }

            await AdmitAndRunAsync(context, api, request, next);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The client went away; nothing to answer.
        }
        catch (Exception ex) when (!context.Response.HasStarted)
        {
            // Never a silent 500: the failure is kept for the test (ExclusionsEmulator.Failures, DisposeAsync)
            // and the response is marked so clients registered by AddExclusionsEmulator throw it.
            Fail(context, request, ex);
            context.Response.Clear();
            context.Response.Headers[FailureLog.HeaderName] = request.RequestId;
            await api.WriteErrorAsync(context, request, StatusCodes.Status500InternalServerError, "Unexpected emulator error: " + ex.GetType().Name + ".");
        }
        catch (Exception ex)
        {
            Fail(context, request, ex);
            context.Abort();
        }
    }

    private void Fail(HttpContext context, EmulatorRequestContext request, Exception exception) =>
        _failures.Add(new EmulatorFailure
        {
            Vendor = request.Vendor,
            Method = context.Request.Method,
            Path = context.Request.Path.Value ?? "/",
            RequestId = request.RequestId,
            Exception = exception,
        });

    private static async Task AdmitAndRunAsync(HttpContext context, IEmulatedApi api, EmulatorRequestContext request, RequestDelegate next)
    {
        if (await api.AdmitAsync(context, request))
        {
            await next(context);
        }
    }

    private static async Task<string?> ReadBodyAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (request.ContentLength == 0 || (request.ContentLength is null && !request.Headers.ContainsKey(HeaderNames.TransferEncoding)))
        {
            return null;
        }

        using var reader = new StreamReader(request.Body, Encoding.UTF8);
        var text = await reader.ReadToEndAsync(cancellationToken);
        return text.Length == 0 ? null : text;
    }

    private RecordedRequest Describe(HttpContext context, EmulatorRequestContext request, FaultKind? fault) => new()
    {
        Vendor = request.Vendor,
        Method = context.Request.Method,
        Path = context.Request.Path.Value ?? "/",
        Query = context.Request.QueryString.Value ?? "",
        Body = request.Body,
        ContentType = context.Request.ContentType,
        HadAuthorization = context.Request.Headers.ContainsKey(HeaderNames.Authorization),
        Fault = fault,
        RequestId = request.RequestId,
        Timestamp = _time.GetUtcNow(),
    };

    /// <summary>Adds the request to the log exactly once, with the status the client received (or null).</summary>
    private sealed class Recorder(RequestLog log, RecordedRequest request, Action<Exception> onFailure)
    {
        private int _state; // 0 = pending, 1 = suppressed, 2 = recorded

        public void Suppress() => Interlocked.CompareExchange(ref _state, 1, 0);

        /// <summary>Returns <see langword="false"/> when the request callback threw (the failure is reported).</summary>
        public bool Record(int? statusCode, bool force = false)
        {
            var expected = force ? 1 : 0;
            if (Interlocked.CompareExchange(ref _state, 2, expected) == expected)
            {
                try
                {
                    log.Add(request with { StatusCode = statusCode });
                }
                catch (Exception ex)
                {
                    onFailure(ex);
                    return false;
                }
            }

            return true;
        }
    }
}
