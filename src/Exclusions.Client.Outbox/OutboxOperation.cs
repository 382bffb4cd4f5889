namespace Exclusions.Client.Outbox;

/// <summary>Whether an outbox item adds an exclusion or removes one.</summary>
public enum OutboxOperation
{
    /// <summary>Exclude the target (an opt-out).</summary>
    Add = 0,

    /// <summary>Stop excluding the target (an opt-in again).</summary>
    Remove = 1,
}
