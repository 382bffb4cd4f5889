namespace Exclusions.Client;

/// <summary>A request to exclude a target, with the optional details some vendors keep.</summary>
public sealed class ExclusionRequest
{
    /// <summary>Creates a request.</summary>
    /// <param name="target">What to exclude.</param>
    /// <param name="reason">Why; vendors without reasons ignore it (see <see cref="ExclusionCapabilities.SupportsReasons"/>).</param>
    /// <param name="message">A note; vendors without notes ignore it.</param>
    /// <param name="until">When the exclusion lifts; vendors whose exclusions cannot expire report such a request <see cref="ItemOutcomeKind.Unsupported"/>.</param>
    public ExclusionRequest(ExclusionTarget target, ExclusionReason? reason = null, string? message = null, DateTimeOffset? until = null)
    {
        ArgumentNullException.ThrowIfNull(target);
        Target = target;
        Reason = reason;
        Message = message;
        Until = until;
    }

    /// <summary>What to exclude.</summary>
    public ExclusionTarget Target { get; }

    /// <summary>Why, when the vendor keeps reasons.</summary>
    public ExclusionReason? Reason { get; }

    /// <summary>A note, when the vendor keeps notes.</summary>
    public string? Message { get; }

    /// <summary>When the exclusion lifts; <see langword="null"/> for permanent.</summary>
    public DateTimeOffset? Until { get; }

    /// <inheritdoc />
    public override string ToString() => Target.ToString();
}
