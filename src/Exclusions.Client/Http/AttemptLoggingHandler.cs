using System.Diagnostics;
using Exclusions.Client.Diagnostics;
using Exclusions.Client.Resilience;
using Microsoft.Extensions.Logging;

namespace Exclusions.Client.Http;

/// <summary>
/// Runs once per attempt, inside retry and the quota limiter: numbers the attempt, copies the retry
/// strategy's "possibly applied" verdict onto the very <see cref="HttpRequestMessage"/> Refit returns
/// in <c>IApiResponse.RequestMessage</c> (<see cref="RequestReplay"/>), and writes one log line, one
/// activity and one duration measurement per attempt (the log line at Debug; <see cref="OperationLoggingHandler"/>
/// writes the operation's one Information line). It never sees headers (auth is added inside it).
/// </summary>
internal sealed class AttemptLoggingHandler : DelegatingHandler
{
    private readonly string _client;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;

    public AttemptLoggingHandler(string client, ILogger logger, TimeProvider time)
    {
        _client = client;
        _logger = logger;
        _time = time;
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var attempt = 1;
        if (request.GetResilienceContext() is { } context)
        {
            attempt = context.Properties.GetValue(PipelineProperties.Attempt, 0) + 1;
            context.Properties.Set(PipelineProperties.Attempt, attempt);
            if (context.Properties.GetValue(PipelineProperties.PossiblyApplied, false))
            {
                RequestReplay.Mark(request);
            }
        }

        AttemptCount.Set(request, attempt);
        var method = request.Method.Method;
        var path = RequestDescription.Path(request);
        if (_logger.IsEnabled(LogLevel.Debug))
        {
            // The full URL may carry an e-mail in its query: personal data, Debug only.
            ExclusionsLog.RequestStarting(_logger, _client, attempt, method, request.RequestUri?.ToString());
        }

        using var activity = ExclusionsTelemetry.ActivitySource.StartActivity($"{_client} {method} {path}", ActivityKind.Internal);
        activity?.SetTag("exclusions.client", _client);
        activity?.SetTag("http.request.method", method);
        activity?.SetTag("url.template", path);
        activity?.SetTag("exclusions.attempt", attempt);
        var started = _time.GetTimestamp();
        var limiter = AdaptiveConcurrencyLimiter.Current;
        var attemptNumber = limiter?.OnAttemptStarted() ?? 0;
        try
        {
            var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
            var elapsed = _time.GetElapsedTime(started);
            var status = (int)response.StatusCode;
            limiter?.OnAttemptCompleted(
                attemptNumber,
                response.StatusCode,
                status is 429 or 503 ? RetryAfter.Parse(response.Headers, _time.GetUtcNow()) : null);
            if (_logger.IsEnabled(LogLevel.Debug))
            {
                ExclusionsLog.RequestCompleted(_logger, _client, method, path, status, elapsed.TotalMilliseconds, attempt, RequestDescription.RequestId(response));
            }

            activity?.SetTag("http.response.status_code", status);
            if (ExclusionsTelemetry.RequestDuration.Enabled)
            {
                Record(elapsed, method, path, status.ToString(System.Globalization.CultureInfo.InvariantCulture));
            }
            return response;
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            var elapsed = _time.GetElapsedTime(started);
            var reason = e is HttpRequestException h ? $"{e.GetType().Name} ({h.HttpRequestError})" : e.GetType().Name;
            ExclusionsLog.RequestFailed(_logger, _client, method, path, elapsed.TotalMilliseconds, attempt, reason);
            activity?.SetStatus(ActivityStatusCode.Error, reason);
            Record(elapsed, method, path, e.GetType().Name);
            throw;
        }
    }

    private void Record(TimeSpan elapsed, string method, string path, string outcome)
        => ExclusionsTelemetry.RequestDuration.Record(
            elapsed.TotalSeconds,
            new KeyValuePair<string, object?>("exclusions.client", _client),
            new KeyValuePair<string, object?>("http.request.method", method),
            new KeyValuePair<string, object?>("url.template", path),
            new KeyValuePair<string, object?>("exclusions.outcome", outcome));
}
