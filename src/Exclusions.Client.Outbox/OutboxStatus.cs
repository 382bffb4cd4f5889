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

/// <summary>One vendor's counts in <see cref="OutboxStatus"/>.</summary>
/// <param name="Provider">The vendor.</param>
/// <param name="Pending">Deliveries still to make.</param>
/// <param name="Delivered">Deliveries with a definite outcome.</param>
/// <param name="DeadLettered">Deliveries given up on.</param>
public sealed record OutboxProviderStatus(ExclusionProvider Provider, long Pending, long Delivered, long DeadLettered);

/// <summary>A delivery the outbox gave up on, with why.</summary>
/// <param name="Id">The delivery's id in the store (for <see cref="IExclusionOutbox.RetryDeadLettersAsync"/>).</param>
/// <param name="Provider">The vendor it was for.</param>
/// <param name="Operation">Add or remove.</param>
/// <param name="Target">The target, as <c>type:value</c>.</param>
/// <param name="Attempts">Attempts made.</param>
/// <param name="Reason">Why it was given up on (a validation error, <c>Unsupported</c>, or the last error after the maximum attempts).</param>
/// <param name="EnqueuedAt">When it was enqueued.</param>
/// <param name="DeadLetteredAt">When it was given up on.</param>
public sealed record OutboxDeadLetter(long Id, ExclusionProvider Provider, OutboxOperation Operation, string Target, int Attempts, string Reason, DateTimeOffset EnqueuedAt, DateTimeOffset DeadLetteredAt);

/// <summary>Which finished deliveries <see cref="IExclusionOutbox.PurgeAsync"/> deletes.</summary>
[Flags]
public enum OutboxPurgeScope
{
    /// <summary>Nothing.</summary>
    None = 0,

    /// <summary>Deliveries with a definite vendor outcome.</summary>
    Delivered = 1,

    /// <summary>Dead-lettered deliveries (they will never be sent).</summary>
    DeadLettered = 2,

    /// <summary>Both.</summary>
    Finished = Delivered | DeadLettered,
}
