namespace Exclusions.Client;

/// <summary>One input item and its outcome.</summary>
/// <typeparam name="TInput">The input item type.</typeparam>
/// <param name="Index">The item's position in the input (0-based).</param>
/// <param name="Input">The item as given.</param>
/// <param name="Outcome">What happened to it.</param>
public sealed record BulkItemResult<TInput>(int Index, TInput Input, ItemOutcome Outcome);
