namespace Exclusions.Client.Outbox;

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
