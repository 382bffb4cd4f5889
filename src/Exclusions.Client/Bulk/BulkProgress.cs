namespace Exclusions.Client;

/// <summary>Progress of a bulk call, reported after each chunk or item.</summary>
/// <param name="Completed">Items with a final outcome so far.</param>
/// <param name="Total">Items in the call.</param>
public readonly record struct BulkProgress(int Completed, int Total);
