using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;

namespace Exclusions.Client;

/// <summary>Turns one bulk input item into the normalized key the SDK sends and compares, or says why it cannot.</summary>
/// <typeparam name="TInput">The input item type.</typeparam>
/// <param name="input">The item as the caller gave it.</param>
/// <param name="key">The normalized key (e.g. a lower-cased e-mail address).</param>
/// <param name="error">Why the item is invalid.</param>
/// <returns><see langword="true"/> when the item is valid.</returns>
internal delegate bool BulkKeySelector<in TInput>(TInput input, [NotNullWhen(true)] out string? key, [NotNullWhen(false)] out string? error);

/// <summary>
/// A validated, de-duplicated bulk call, independent of any vendor: every input item is normalized to a
/// key (all of them before anything is sent), equal keys are collapsed so each is sent once, and
/// <see cref="ToResult"/> joins the per-key outcomes back to <em>every</em> input item, in input order.
/// </summary>
/// <typeparam name="TInput">The input item type.</typeparam>
internal sealed class BulkPlan<TInput>
{
    private const int MaxErrorsInMessage = 10;

    private readonly TInput[] _inputs;
    private readonly int[] _keyIndexOfInput;
    private readonly string[] _keys;
    private readonly int[] _inputsPerKey;
    private readonly int[] _firstInputOfKey;

    private BulkPlan(TInput[] inputs, int[] keyIndexOfInput, string[] keys, int[] inputsPerKey, int[] firstInputOfKey)
    {
        _inputs = inputs;
        _keyIndexOfInput = keyIndexOfInput;
        _keys = keys;
        _inputsPerKey = inputsPerKey;
        _firstInputOfKey = firstInputOfKey;
    }

    /// <summary>The distinct normalized keys, in order of first appearance.</summary>
    public IReadOnlyList<string> Keys => _keys;

    /// <summary>How many input items there are, duplicates included.</summary>
    public int InputCount => _inputs.Length;

    /// <summary>Validates and normalizes every item, then de-duplicates.</summary>
    /// <param name="inputs">The caller's items.</param>
    /// <param name="paramName">The caller's parameter name, for the exception.</param>
    /// <param name="keyOf">The normalization.</param>
    /// <returns>The plan.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="inputs"/> is null.</exception>
    /// <exception cref="ArgumentException">One or more items are invalid; the message names each by index and value (up to ten).</exception>
    public static BulkPlan<TInput> Create(IEnumerable<TInput> inputs, string paramName, BulkKeySelector<TInput> keyOf)
    {
        ArgumentNullException.ThrowIfNull(inputs, paramName);
        var items = inputs.ToArray();
        var keyIndexOfInput = new int[items.Length];
        var keyIndexes = new Dictionary<string, int>(items.Length, StringComparer.Ordinal);
        var keys = new List<string>(items.Length);
        var inputsPerKey = new List<int>(items.Length);
        var firstInputOfKey = new List<int>(items.Length);
        var errors = new List<string>();
        var invalid = 0;

        for (var i = 0; i < items.Length; i++)
        {
            if (!keyOf(items[i], out var key, out var error))
            {
                invalid++;
                if (errors.Count < MaxErrorsInMessage)
                {
                    errors.Add(string.Create(CultureInfo.InvariantCulture, $"item [{i}] {Describe(items[i])}: {error}"));
                }

                continue;
            }

            if (!keyIndexes.TryGetValue(key, out var keyIndex))
            {
                keyIndex = keys.Count;
                keyIndexes.Add(key, keyIndex);
                keys.Add(key);
                inputsPerKey.Add(0);
                firstInputOfKey.Add(i);
            }

            keyIndexOfInput[i] = keyIndex;
            inputsPerKey[keyIndex]++;
        }

        if (invalid > 0)
        {
            var message = new StringBuilder()
                .Append(CultureInfo.InvariantCulture, $"{invalid} of {items.Length} items {(invalid == 1 ? "is" : "are")} invalid; nothing was sent. ")
                .AppendJoin("; ", errors);
            if (invalid > errors.Count)
            {
                message.Append(CultureInfo.InvariantCulture, $"; and {invalid - errors.Count} more");
            }

            throw new ArgumentException(message.ToString(), paramName);
        }

        return new BulkPlan<TInput>(items, keyIndexOfInput, [.. keys], [.. inputsPerKey], [.. firstInputOfKey]);
    }

    /// <summary>How many input items share the key at <paramref name="keyIndex"/> (1 unless the caller repeated it).</summary>
    /// <param name="keyIndex">An index into <see cref="Keys"/>.</param>
    /// <returns>The count.</returns>
    public int InputsFor(int keyIndex) => _inputsPerKey[keyIndex];

    /// <summary>The first input item that produced a key: the one whose details (reason, expiry, …) are sent.</summary>
    public TInput FirstInputFor(int keyIndex) => _inputs[_firstInputOfKey[keyIndex]];

    /// <summary>
    /// A plan keyed by each item's <see cref="ExclusionTarget"/> (<c>type:value</c>). A null item, or one
    /// for which <paramref name="invalidBecause"/> returns a reason, makes the whole call invalid.
    /// </summary>
    public static BulkPlan<TInput> ByTarget(IEnumerable<TInput> inputs, string paramName, Func<TInput, ExclusionTarget> targetOf, Func<TInput, string?>? invalidBecause = null)
        => Create(inputs, paramName, (TInput input, [NotNullWhen(true)] out string? key, [NotNullWhen(false)] out string? error) =>
        {
            key = null;
            error = input is null ? "the item is null" : invalidBecause?.Invoke(input);
            if (error is not null)
            {
                return false;
            }

            key = targetOf(input).ToString();
            return true;
        });

    /// <summary>Gives every input item the outcome of its key, in input order.</summary>
    /// <param name="outcomesByKey">One outcome per key, aligned with <see cref="Keys"/>; none may be missing.</param>
    /// <param name="wasCancelled">Whether the call stopped early.</param>
    /// <returns>The result, with exactly one outcome per input item.</returns>
    public BulkResult<TInput> ToResult(IReadOnlyList<ItemOutcome?> outcomesByKey, bool wasCancelled)
    {
        if (outcomesByKey.Count != _keys.Length)
        {
            throw new InvalidOperationException($"Expected {_keys.Length} outcomes, got {outcomesByKey.Count}.");
        }

        var results = new BulkItemResult<TInput>[_inputs.Length];
        for (var i = 0; i < _inputs.Length; i++)
        {
            var outcome = outcomesByKey[_keyIndexOfInput[i]]
                ?? throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture, $"No outcome for input item [{i}]: a bulk operation must decide every item."));
            results[i] = new BulkItemResult<TInput>(i, _inputs[i], outcome);
        }

        return new BulkResult<TInput>(results, wasCancelled);
    }

    private static string Describe(TInput input) => input is null ? "(null)" : "'" + input + "'";
}
