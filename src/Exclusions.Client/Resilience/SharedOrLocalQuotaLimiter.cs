namespace Exclusions.Client.Resilience;

/// <summary>
/// Takes each permit from a <see cref="SharedQuotaLimiter"/> (a budget shared by several processes),
/// and from the key's in-process limiter whenever the shared one reports itself unavailable.
/// </summary>
internal sealed class SharedOrLocalQuotaLimiter : IQuotaLimiter
{
    private readonly SharedQuotaLimiter _shared;
    private readonly QuotaScope _scope;
    private readonly IQuotaLimiter _local;

    public SharedOrLocalQuotaLimiter(SharedQuotaLimiter shared, QuotaScope scope, IQuotaLimiter local)
    {
        _shared = shared;
        _scope = scope;
        _local = local;
    }

    public async ValueTask<QuotaLease> AcquireAsync(CancellationToken cancellationToken)
    {
        if (await _shared.TryAcquireAsync(_scope, cancellationToken).ConfigureAwait(false) is { } waited)
        {
            return new QuotaLease(waited);
        }

        return await _local.AcquireAsync(cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask<TimeSpan> ReportRefusalAsync(CancellationToken cancellationToken)
    {
        // The local log also pauses, in case the shared store fails before the wait is over.
        var local = await _local.ReportRefusalAsync(cancellationToken).ConfigureAwait(false);
        return await _shared.ReportRefusalAsync(_scope, cancellationToken).ConfigureAwait(false) ?? local;
    }
}
