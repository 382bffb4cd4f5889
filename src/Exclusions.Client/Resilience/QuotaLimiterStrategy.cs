using Exclusions.Client.Diagnostics;
using Microsoft.Extensions.Logging;
using Polly;

namespace Exclusions.Client.Resilience;

/// <summary>
/// Takes a permit from the API key's <see cref="IQuotaLimiter"/> before each attempt, waiting (and
/// honouring cancellation and the total timeout) instead of letting the vendor answer 429. It sits
/// inside retry, so retries take permits too: the vendor counts every request.
/// </summary>
internal sealed class QuotaLimiterStrategy : ResilienceStrategy
{
    private readonly Func<QuotaLimit?> _resolve;
    private readonly ILogger _logger;
    private readonly string _client;

    public QuotaLimiterStrategy(Func<QuotaLimit?> resolve, ILogger logger, string client)
    {
        _resolve = resolve;
        _logger = logger;
        _client = client;
    }

    protected override async ValueTask<Outcome<TResult>> ExecuteCore<TResult, TState>(
        Func<ResilienceContext, TState, ValueTask<Outcome<TResult>>> callback,
        ResilienceContext context,
        TState state)
    {
        if (_resolve() is { } quota)
        {
            QuotaLease lease;
            try
            {
                lease = await quota.Limiter.AcquireAsync(context.CancellationToken).ConfigureAwait(context.ContinueOnCapturedContext);
            }
            catch (OperationCanceledException e)
            {
                return Outcome.FromException<TResult>(e);
            }

            if (lease.HadToWait)
            {
                ExclusionsLog.ThrottledWait(_logger, _client, lease.WaitTime.TotalMilliseconds, quota.PermitLimit, quota.Window.TotalSeconds);
                ExclusionsTelemetry.ThrottledWaits.Add(1, new KeyValuePair<string, object?>("exclusions.client", _client));
            }
        }

        return await callback(context, state).ConfigureAwait(context.ContinueOnCapturedContext);
    }
}
