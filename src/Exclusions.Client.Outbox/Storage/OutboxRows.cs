namespace Exclusions.Client.Outbox.Storage;

/// <summary>The state column: where a delivery is in its life.</summary>
internal enum DeliveryState
{
    Pending = 0,
    Delivered = 1,
    DeadLettered = 2,
}

/// <summary>One delivery to insert: an item for one vendor.</summary>
internal sealed record NewDelivery(string Provider, OutboxOperation Operation, ExclusionTargetType TargetType, string TargetValue, string? Reason, string? Message, long? UntilMs);

/// <summary>A claimed delivery, as the drain sends it.</summary>
internal sealed record ClaimedDelivery(long Id, OutboxOperation Operation, ExclusionTargetType TargetType, string TargetValue, string? Reason, string? Message, long? UntilMs, long EnqueuedAtMs, int Attempts);

/// <summary>What the drain decided for one claimed delivery.</summary>
/// <param name="Id">The delivery.</param>
/// <param name="State">Delivered, dead-lettered, or still pending (retry at <paramref name="NextAttemptAtMs"/>).</param>
/// <param name="Outcome">The vendor's outcome (e.g. <c>Added</c>, <c>AlreadyExcluded</c>), when there is one.</param>
/// <param name="Error">Why it failed (retry) or was dead-lettered.</param>
/// <param name="NextAttemptAtMs">When to try again, for a retry.</param>
internal sealed record DeliveryResult(long Id, DeliveryState State, string? Outcome, string? Error, long NextAttemptAtMs = 0);

/// <summary>Per vendor and state: a count and the oldest enqueue time.</summary>
internal sealed record StateCount(string Provider, DeliveryState State, long Count, long? OldestEnqueuedAtMs);
