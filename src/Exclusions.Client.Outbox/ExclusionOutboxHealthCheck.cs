using System.Globalization;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Exclusions.Client.Outbox;

/// <summary>
/// Healthy while the oldest pending delivery is younger than the threshold
/// (<see cref="ExclusionOutboxOptions.HealthDegradedAfter"/>); Degraded once it is older (a vendor is
/// down, or the drain is not running); Unhealthy when the store cannot be read. The data carries the
/// counts and the oldest age, never a target.
/// </summary>
public sealed class ExclusionOutboxHealthCheck : IHealthCheck
{
    private readonly IExclusionOutbox _outbox;
    private readonly TimeSpan _degradedAfter;

    /// <summary>Creates the check.</summary>
    /// <param name="outbox">The outbox.</param>
    /// <param name="degradedAfter">The age of the oldest pending delivery beyond which the outbox is Degraded.</param>
    public ExclusionOutboxHealthCheck(IExclusionOutbox outbox, TimeSpan degradedAfter)
    {
        ArgumentNullException.ThrowIfNull(outbox);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(degradedAfter, TimeSpan.Zero);
        _outbox = outbox;
        _degradedAfter = degradedAfter;
    }

    /// <inheritdoc />
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        OutboxStatus status;
        try
        {
            status = await _outbox.GetStatusAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (ExclusionOutboxStoreException e)
        {
            return new HealthCheckResult(context?.Registration.FailureStatus ?? HealthStatus.Unhealthy, "The outbox store cannot be read.", e);
        }

        var data = new Dictionary<string, object>
        {
            ["pending"] = status.Pending,
            ["deadLettered"] = status.DeadLettered,
            ["oldestPendingAgeSeconds"] = Math.Round(status.OldestPendingAge.TotalSeconds, 1),
        };
        var age = status.OldestPendingAge.TotalSeconds.ToString("0", CultureInfo.InvariantCulture);
        return status.OldestPendingAge > _degradedAfter
            ? HealthCheckResult.Degraded($"The oldest pending opt-out has waited {age} s (threshold {_degradedAfter.TotalSeconds.ToString("0", CultureInfo.InvariantCulture)} s); {status.Pending} pending.", data: data)
            : HealthCheckResult.Healthy($"{status.Pending} pending (oldest {age} s), {status.DeadLettered} dead-lettered.", data);
    }
}
