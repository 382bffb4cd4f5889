namespace Exclusions.Client.Resilience;

/// <summary>
/// A request budget shared by several processes (for example through Redis, with the
/// <c>Exclusions.Client.Redis</c> package). The SDK calls <see cref="TryAcquireAsync"/> before every
/// attempt, retries included, in place of its in-process limiter; when the shared store is unavailable
/// the implementation returns <see langword="null"/> and the SDK takes the permit from its in-process
/// limiter instead, so no request goes unlimited.
/// </summary>
/// <remarks>
/// Register one for a vendor client with
/// <c>AddSharedQuotaLimiter(...)</c> on the <c>IHttpClientBuilder</c> that <c>AddTopoExclusions</c> or
/// <c>AddAmplemarketExclusions</c> returns. Implementations must be thread-safe, must honour the
/// promise of <see cref="QuotaScope"/> (at most <see cref="QuotaScope.PermitLimit"/> permits in any
/// <see cref="QuotaScope.Window"/>, summed over every process that shares the store), and should serve
/// waiting callers in arrival order.
/// </remarks>
public abstract class SharedQuotaLimiter
{
    /// <summary>Initializes the limiter.</summary>
    protected SharedQuotaLimiter()
    {
    }

    /// <summary>
    /// Takes one permit from the shared budget of <paramref name="scope"/>, waiting until the request
    /// may be sent.
    /// </summary>
    /// <param name="scope">The API key's budget (the key only as a hash).</param>
    /// <param name="cancellationToken">Stops waiting; a permit reserved for the caller is then given back when possible.</param>
    /// <returns>
    /// How long the caller waited for its turn (zero when the permit was granted at once); or
    /// <see langword="null"/> when the shared store cannot be used now, in which case the SDK falls
    /// back to its in-process limiter for this attempt. Should return promptly when the store is down.
    /// </returns>
    public abstract ValueTask<TimeSpan?> TryAcquireAsync(QuotaScope scope, CancellationToken cancellationToken);

    /// <summary>
    /// The vendor refused a request of <paramref name="scope"/> with 429 and no <c>Retry-After</c>
    /// although this budget admitted it: the vendor's window is full (someone else uses the key).
    /// An implementation that keeps the send times should stop admitting until the oldest one in the
    /// last window leaves it (a whole window when there is none) and return that wait; the default
    /// returns <see langword="null"/>, and the SDK uses its in-process estimate.
    /// </summary>
    /// <param name="scope">The API key's budget (the key only as a hash).</param>
    /// <param name="cancellationToken">Stops the call.</param>
    /// <returns>How long until the budget is sure to have room again, or <see langword="null"/> when unknown.</returns>
    public virtual ValueTask<TimeSpan?> ReportRefusalAsync(QuotaScope scope, CancellationToken cancellationToken)
        => ValueTask.FromResult<TimeSpan?>(null);
}
