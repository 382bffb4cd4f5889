namespace Exclusions.Client.Outbox;

/// <summary>What the outbox holds right now, per vendor and in total.</summary>
public sealed class OutboxStatus
{
    /// <summary>Creates a status (for tests and mocks).</summary>
    /// <param name="providers">Per vendor counts.</param>
    /// <param name="oldestPendingEnqueuedAt">When the oldest item still waiting for delivery was enqueued.</param>
    /// <param name="now">The moment the status was taken.</param>
    public OutboxStatus(IReadOnlyList<OutboxProviderStatus> providers, DateTimeOffset? oldestPendingEnqueuedAt, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(providers);
        Providers = providers;
        OldestPendingEnqueuedAt = oldestPendingEnqueuedAt;
        TakenAt = now;
    }

    /// <summary>Per vendor counts, ordered by vendor name.</summary>
    public IReadOnlyList<OutboxProviderStatus> Providers { get; }

    /// <summary>Deliveries still to make (waiting, in backoff or being sent), over every vendor.</summary>
    public long Pending => Providers.Sum(p => p.Pending);

    /// <summary>Deliveries with a definite vendor outcome.</summary>
    public long Delivered => Providers.Sum(p => p.Delivered);

    /// <summary>Deliveries given up on (see <see cref="IExclusionOutbox.GetDeadLettersAsync"/> for why).</summary>
    public long DeadLettered => Providers.Sum(p => p.DeadLettered);

    /// <summary>When the oldest pending delivery was enqueued; <see langword="null"/> when nothing is pending.</summary>
    public DateTimeOffset? OldestPendingEnqueuedAt { get; }

    /// <summary>How long the oldest pending delivery has waited; <see cref="TimeSpan.Zero"/> when nothing is pending.</summary>
    public TimeSpan OldestPendingAge => OldestPendingEnqueuedAt is { } at && TakenAt > at ? TakenAt - at : TimeSpan.Zero;

    /// <summary>When this status was taken (from the outbox's <see cref="TimeProvider"/>).</summary>
    public DateTimeOffset TakenAt { get; }

    /// <inheritdoc />
    public override string ToString()
        => $"{Pending} pending (oldest {OldestPendingAge.TotalSeconds:0.#} s), {Delivered} delivered, {DeadLettered} dead-lettered";
}
