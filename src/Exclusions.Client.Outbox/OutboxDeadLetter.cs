namespace Exclusions.Client.Outbox;

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
