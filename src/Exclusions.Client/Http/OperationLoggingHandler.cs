using Exclusions.Client.Diagnostics;
using Microsoft.Extensions.Logging;

namespace Exclusions.Client.Http;

/// <summary>
/// Runs once per logical operation, outside retry: writes its one Information line (method, route
/// template, final status, total time, attempts, request id) when the operation ends, however many
/// attempts it took. The attempts themselves are logged at Debug by <see cref="AttemptLoggingHandler"/>.
/// </summary>
internal sealed class OperationLoggingHandler : DelegatingHandler
{
    private readonly string _client;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;

    public OperationLoggingHandler(string client, ILogger logger, TimeProvider time)
    {
        _client = client;
        _logger = logger;
        _time = time;
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (!_logger.IsEnabled(LogLevel.Information))
        {
            return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }

        var started = _time.GetTimestamp();
        try
        {
            var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
            ExclusionsLog.OperationCompleted(
                _logger,
                _client,
                request.Method.Method,
                RequestDescription.Path(request),
                (int)response.StatusCode,
                _time.GetElapsedTime(started).TotalMilliseconds,
                Math.Max(AttemptCount.Of(request), 1),
                RequestDescription.RequestId(response));
            return response;
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            ExclusionsLog.OperationFailed(
                _logger,
                _client,
                request.Method.Method,
                RequestDescription.Path(request),
                _time.GetElapsedTime(started).TotalMilliseconds,
                AttemptCount.Of(request),
                e.GetType().Name);
            throw;
        }
    }
}
