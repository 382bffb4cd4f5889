namespace Exclusions.Client;

/// <summary>What happened to one item of a bulk call. Every input item gets exactly one.</summary>
public enum ItemOutcomeKind
{
    /// <summary>The exclusion was created.</summary>
    Added,

    /// <summary>An exclusion for this value already existed (Topo 409, Amplemarket <c>duplicated</c>).</summary>
    AlreadyExcluded,

    /// <summary>The exclusion was removed.</summary>
    Removed,

    /// <summary>There was nothing to remove (Amplemarket <c>not_found</c>, no Topo match).</summary>
    NotFound,

    /// <summary>The vendor cannot do this for this item (CRM-managed record, a target type or expiry it lacks).</summary>
    Unsupported,

    /// <summary>The item failed, or was not attempted (see <see cref="ItemOutcome.Exception"/>).</summary>
    Failed,

    /// <summary>The vendor answered with a status the SDK does not know (kept in <see cref="ItemOutcome.VendorStatus"/>), or did not mention the item.</summary>
    Unknown,
}

/// <summary>The outcome of one item, with why.</summary>
public sealed class ItemOutcome
{
    /// <summary>Creates an outcome.</summary>
    /// <param name="kind">What happened.</param>
    /// <param name="detail">A human-readable explanation, if any.</param>
    /// <param name="vendorStatus">The vendor's raw per-item status, if any (e.g. <c>duplicated</c>).</param>
    /// <param name="exception">The error, for <see cref="ItemOutcomeKind.Failed"/>.</param>
    public ItemOutcome(ItemOutcomeKind kind, string? detail = null, string? vendorStatus = null, Exception? exception = null)
    {
        Kind = kind;
        Detail = detail;
        VendorStatus = vendorStatus;
        Exception = exception;
    }

    /// <summary>What happened.</summary>
    public ItemOutcomeKind Kind { get; }

    /// <summary>A human-readable explanation, if any.</summary>
    public string? Detail { get; }

    /// <summary>The vendor's raw per-item status, if any.</summary>
    public string? VendorStatus { get; }

    /// <summary>The error behind a <see cref="ItemOutcomeKind.Failed"/> outcome.</summary>
    public Exception? Exception { get; }

    /// <summary>Whether the item is now in the state the caller asked for (added/already there, or removed/not there).</summary>
    public bool IsSuccess => Kind is ItemOutcomeKind.Added or ItemOutcomeKind.AlreadyExcluded or ItemOutcomeKind.Removed or ItemOutcomeKind.NotFound;

    /// <inheritdoc />
    public override string ToString() => Detail is null ? Kind.ToString() : $"{Kind}: {Detail}";
}

/// <summary>Progress of a bulk call, reported after each chunk or item.</summary>
/// <param name="Completed">Items with a final outcome so far.</param>
/// <param name="Total">Items in the call.</param>
public readonly record struct BulkProgress(int Completed, int Total);

/// <summary>One input item and its outcome.</summary>
/// <typeparam name="TInput">The input item type.</typeparam>
/// <param name="Index">The item's position in the input (0-based).</param>
/// <param name="Input">The item as given.</param>
/// <param name="Outcome">What happened to it.</param>
public sealed record BulkItemResult<TInput>(int Index, TInput Input, ItemOutcome Outcome);

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
