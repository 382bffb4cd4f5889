namespace Exclusions.Client.Outbox;

/// <summary>What one drain pass did, over every vendor.</summary>
/// <param name="Claimed">Deliveries claimed.</param>
/// <param name="Delivered">Deliveries with a definite vendor outcome now.</param>
/// <param name="Retrying">Deliveries that failed transiently and wait for their next attempt.</param>
/// <param name="DeadLettered">Deliveries given up on.</param>
public sealed record OutboxDrainResult(int Claimed, int Delivered, int Retrying, int DeadLettered)
{
    internal static OutboxDrainResult Empty { get; } = new(0, 0, 0, 0);

    internal OutboxDrainResult Plus(OutboxDrainResult other)
        => new(Claimed + other.Claimed, Delivered + other.Delivered, Retrying + other.Retrying, DeadLettered + other.DeadLettered);
}
