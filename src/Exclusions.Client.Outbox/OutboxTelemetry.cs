using System.Diagnostics.Metrics;

namespace Exclusions.Client.Outbox;

/// <summary>
/// The outbox's instruments, on a <see cref="Meter"/> named <c>Exclusions.Client</c> like the core
/// package's, so one subscription sees both. Tagged with the provider and outcome only: never a target.
/// </summary>
internal static class OutboxTelemetry
{
    public static readonly Meter Meter = new("Exclusions.Client", typeof(OutboxTelemetry).Assembly.GetName().Version?.ToString() ?? "0.0.0");

    /// <summary>Items enqueued (one per item, not per vendor).</summary>
    public static readonly Counter<long> Enqueued = Meter.CreateCounter<long>(
        "exclusions.outbox.enqueued", unit: "{item}", description: "Items durably enqueued in the opt-out outbox.");

    /// <summary>Deliveries finished or retried, tagged with provider and result (delivered, retry, dead_lettered, lease_lost).</summary>
    public static readonly Counter<long> Deliveries = Meter.CreateCounter<long>(
        "exclusions.outbox.deliveries", unit: "{delivery}", description: "Outbox deliveries by result: delivered, retry, dead_lettered, or lease_lost (sent after the lease lapsed and another worker claimed it; that worker stores the outcome).");

    /// <summary>Seconds from enqueue to a definite vendor outcome.</summary>
    public static readonly Histogram<double> DeliveryLag = Meter.CreateHistogram<double>(
        "exclusions.outbox.delivery.lag", unit: "s", description: "Time from enqueue to a definite vendor outcome.");

    private static readonly object Sync = new();
    private static readonly List<WeakReference<ExclusionOutbox>> Outboxes = [];

    static OutboxTelemetry()
    {
        Meter.CreateObservableGauge("exclusions.outbox.pending", ObservePending, unit: "{delivery}", description: "Deliveries waiting in the outbox, per provider (as of the last drain pass).");
        Meter.CreateObservableGauge("exclusions.outbox.oldest_pending.age", ObserveOldestAge, unit: "s", description: "Age of the oldest pending delivery (as of the last drain pass).");
    }

    public static void Track(ExclusionOutbox outbox)
    {
        lock (Sync)
        {
            Outboxes.RemoveAll(w => !w.TryGetTarget(out _));
            Outboxes.Add(new WeakReference<ExclusionOutbox>(outbox));
        }
    }

    public static KeyValuePair<string, object?> ProviderTag(ExclusionProvider provider) => new("provider", provider.Name);

    private static IEnumerable<Measurement<long>> ObservePending()
    {
        foreach (var status in LastStatuses())
        {
            foreach (var provider in status.Providers)
            {
                yield return new Measurement<long>(provider.Pending, ProviderTag(provider.Provider));
            }
        }
    }

    private static IEnumerable<Measurement<double>> ObserveOldestAge()
    {
        foreach (var status in LastStatuses())
        {
            yield return new Measurement<double>(status.OldestPendingAge.TotalSeconds);
        }
    }

    private static List<OutboxStatus> LastStatuses()
    {
        lock (Sync)
        {
            return Outboxes.Select(w => w.TryGetTarget(out var o) ? o.LastStatus : null).OfType<OutboxStatus>().ToList();
        }
    }
}
