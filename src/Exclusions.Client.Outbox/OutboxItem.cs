namespace Exclusions.Client.Outbox;

/// <summary>
/// One request for the outbox: add an exclusion (with the same details as <see cref="ExclusionRequest"/>)
/// or remove one. The target is already validated and normalized by <see cref="ExclusionTarget"/>, the
/// SDK's one normalization policy.
/// </summary>
public sealed class OutboxItem
{
    private OutboxItem(OutboxOperation operation, ExclusionTarget target, ExclusionRequest? request)
    {
        Operation = operation;
        Target = target;
        Request = request;
    }

    /// <summary>Add or remove.</summary>
    public OutboxOperation Operation { get; }

    /// <summary>What to exclude or stop excluding.</summary>
    public ExclusionTarget Target { get; }

    /// <summary>The add request with its reason, note and expiry; <see langword="null"/> for a remove.</summary>
    public ExclusionRequest? Request { get; }

    /// <summary>An opt-out: exclude the request's target at every vendor.</summary>
    /// <param name="request">What to exclude, with reason, note and expiry.</param>
    /// <returns>The item.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="request"/> is null.</exception>
    public static OutboxItem Add(ExclusionRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return new OutboxItem(OutboxOperation.Add, request.Target, request);
    }

    /// <summary>An opt-out of one target with an optional reason.</summary>
    /// <param name="target">What to exclude.</param>
    /// <param name="reason">Why, for vendors that keep reasons.</param>
    /// <returns>The item.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="target"/> is null.</exception>
    public static OutboxItem Add(ExclusionTarget target, ExclusionReason? reason = null) => Add(new ExclusionRequest(target, reason));

    /// <summary>An opt-in again: remove the target's exclusion at every vendor.</summary>
    /// <param name="target">What to stop excluding.</param>
    /// <returns>The item.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="target"/> is null.</exception>
    public static OutboxItem Remove(ExclusionTarget target)
    {
        ArgumentNullException.ThrowIfNull(target);
        return new OutboxItem(OutboxOperation.Remove, target, null);
    }

    /// <summary>The item as <c>add email:…</c> or <c>remove domain:…</c>.</summary>
    /// <returns>The text.</returns>
    public override string ToString() => (Operation == OutboxOperation.Add ? "add " : "remove ") + Target;
}
