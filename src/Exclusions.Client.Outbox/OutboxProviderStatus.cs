namespace Exclusions.Client.Outbox;

/// <summary>One vendor's counts in <see cref="OutboxStatus"/>.</summary>
/// <param name="Provider">The vendor.</param>
/// <param name="Pending">Deliveries still to make.</param>
/// <param name="Delivered">Deliveries with a definite outcome.</param>
/// <param name="DeadLettered">Deliveries given up on.</param>
public sealed record OutboxProviderStatus(ExclusionProvider Provider, long Pending, long Delivered, long DeadLettered);
