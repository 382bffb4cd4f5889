namespace Exclusions.Client.Outbox;

/// <summary>What one drain pass did, over every vendor.</summary>
/// <param name="Claimed">Deliveries claimed.</param>
/// <param name="Delivered">Deliveries with a definite vendor outcome now.</param>
/// <param name="Retrying">Deliveries that failed transiently and wait for their next attempt.</param>
/// <param name="DeadLettered">Deliveries given up on.</param>
public sealed record OutboxDrainResult(int Claimed, int Delivered, int Retrying, int DeadLettered)
{
    internal static OutboxDrainResult Empty { get; } = new(0, 0, 0, 0);

    /// <summary>
    /// Deliveries sent after this worker's lease on them had lapsed and another worker had claimed them
    /// (this one stalled longer than <see cref="ExclusionOutboxOptions.LeaseDuration"/>): their outcome was
    /// not stored here; the worker holding them stores its own. Counted in <see cref="Claimed"/> only.
    /// </summary>
    public int LeaseLost { get; init; }

    internal OutboxDrainResult Plus(OutboxDrainResult other)
        => new(Claimed + other.Claimed, Delivered + other.Delivered, Retrying + other.Retrying, DeadLettered + other.DeadLettered) { LeaseLost = LeaseLost + other.LeaseLost };
}
