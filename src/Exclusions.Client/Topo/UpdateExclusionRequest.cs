namespace Exclusions.Client.Topo;

/// <summary>
/// A PATCH of a contact or account exclusion: only what is set is sent, and only what is sent changes.
/// </summary>
public sealed class UpdateExclusionRequest
{
    /// <summary>A new reason; unchanged when <see langword="null"/>.</summary>
    public ExclusionReason? Reason { get; set; }

    /// <summary>A new note; unchanged when <see langword="null"/>.</summary>
    public string? Message { get; set; }

    /// <summary>
    /// The expiry change: <see cref="UntilUpdate.Unchanged"/> (default, <c>until</c> not sent),
    /// <see cref="UntilUpdate.Permanent"/> (<c>"until": null</c> sent) or <see cref="UntilUpdate.At"/>.
    /// </summary>
    public UntilUpdate Until { get; set; }
}
