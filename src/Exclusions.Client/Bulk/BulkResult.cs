namespace Exclusions.Client;

/// <summary>
/// The result of a bulk call: exactly one outcome per input item, in input order, with counts.
/// </summary>
/// <typeparam name="TInput">The input item type.</typeparam>
public sealed class BulkResult<TInput>
{
    private readonly int[] _counts = new int[Enum.GetValues<ItemOutcomeKind>().Length];

    /// <summary>Creates a result (see also <see cref="ExclusionsModelFactory"/>).</summary>
    /// <param name="items">One result per input item, in input order.</param>
    /// <param name="wasCancelled">Whether the call stopped early because it was cancelled.</param>
    public BulkResult(IReadOnlyList<BulkItemResult<TInput>> items, bool wasCancelled = false)
    {
        ArgumentNullException.ThrowIfNull(items);
        Items = items;
        WasCancelled = wasCancelled;
        foreach (var item in items)
        {
            _counts[(int)item.Outcome.Kind]++;
        }
    }

    /// <summary>One result per input item, in input order.</summary>
    public IReadOnlyList<BulkItemResult<TInput>> Items { get; }

    /// <summary>Whether cancellation stopped the call early; items not attempted are <see cref="ItemOutcomeKind.Failed"/> with an <see cref="OperationCanceledException"/>.</summary>
    public bool WasCancelled { get; }

    /// <summary>Items added.</summary>
    public int Added => Count(ItemOutcomeKind.Added);

    /// <summary>Items already excluded.</summary>
    public int AlreadyExcluded => Count(ItemOutcomeKind.AlreadyExcluded);

    /// <summary>Items removed.</summary>
    public int Removed => Count(ItemOutcomeKind.Removed);

    /// <summary>Items not found.</summary>
    public int NotFound => Count(ItemOutcomeKind.NotFound);

    /// <summary>Items the vendor cannot handle.</summary>
    public int Unsupported => Count(ItemOutcomeKind.Unsupported);

    /// <summary>Items that failed or were not attempted.</summary>
    public int Failed => Count(ItemOutcomeKind.Failed);

    /// <summary>Items with an unknown vendor status.</summary>
    public int Unknown => Count(ItemOutcomeKind.Unknown);

    /// <summary>Whether every item succeeded (see <see cref="ItemOutcome.IsSuccess"/>).</summary>
    public bool AllSucceeded => Items.All(i => i.Outcome.IsSuccess);

    /// <summary>Items with a given outcome.</summary>
    /// <param name="kind">The outcome.</param>
    /// <returns>The count.</returns>
    public int Count(ItemOutcomeKind kind) => _counts[(int)kind];

    /// <inheritdoc />
    public override string ToString()
        => $"{Items.Count} items: {Added} added, {AlreadyExcluded} already excluded, {Removed} removed, {NotFound} not found, {Unsupported} unsupported, {Failed} failed, {Unknown} unknown{(WasCancelled ? " (cancelled)" : string.Empty)}";
}
