using System.Text.Json;

namespace Exclusions.Client.Amplemarket;

/// <summary>Which bulk endpoint answered: POST (add) or DELETE (remove).</summary>
internal enum AmplemarketBulkOperation
{
    Add,
    Remove,
}

/// <summary>
/// THE place where Amplemarket's per-item statuses (<c>success</c>, <c>duplicated</c>, <c>unsupported</c>,
/// <c>not_found</c>, anything else) become <see cref="ItemOutcome"/>s, including the reconciliation of
/// replayed requests. Status strings are compared case-insensitively after trimming; the raw string is
/// always kept in <see cref="ItemOutcome.VendorStatus"/>.
/// </summary>
internal static class AmplemarketStatusMapper
{
    public const string Success = "success";
    public const string Duplicated = "duplicated";
    public const string Unsupported = "unsupported";
    public const string NotFound = "not_found";

    /// <summary>
    /// Maps one item's status.
    /// </summary>
    /// <param name="operation">Add (POST) or remove (DELETE).</param>
    /// <param name="vendorStatus">The raw status; <see langword="null"/> when the response did not mention the item.</param>
    /// <param name="replayed">
    /// Whether the retry pipeline resent this request after an attempt whose effect is unknown
    /// (<c>RequestReplay.WasReplayed</c>). Then the first attempt may have done the work, so on add
    /// <c>duplicated</c> means <see cref="ItemOutcomeKind.Added"/>, and on remove <c>not_found</c> means
    /// <see cref="ItemOutcomeKind.Removed"/>. Both readings leave the item in the requested state; the
    /// difference only matters for reporting, and "we did it" is the likelier story.
    /// </param>
    /// <returns>The outcome.</returns>
    public static ItemOutcome ToOutcome(AmplemarketBulkOperation operation, string? vendorStatus, bool replayed)
    {
        if (vendorStatus is null)
        {
            return new ItemOutcome(ItemOutcomeKind.Unknown, "Amplemarket's response did not mention this item; its state is unknown.");
        }

        var status = vendorStatus.Trim();
        return operation switch
        {
            AmplemarketBulkOperation.Add when Is(status, Success)
                => new ItemOutcome(ItemOutcomeKind.Added, null, vendorStatus),
            AmplemarketBulkOperation.Add when Is(status, Duplicated) && replayed
                => new ItemOutcome(ItemOutcomeKind.Added, "Reported 'duplicated' on a replayed request: the earlier attempt added it.", vendorStatus),
            AmplemarketBulkOperation.Add when Is(status, Duplicated)
                => new ItemOutcome(ItemOutcomeKind.AlreadyExcluded, null, vendorStatus),
            AmplemarketBulkOperation.Remove when Is(status, Success)
                => new ItemOutcome(ItemOutcomeKind.Removed, null, vendorStatus),
            AmplemarketBulkOperation.Remove when Is(status, NotFound) && replayed
                => new ItemOutcome(ItemOutcomeKind.Removed, "Reported 'not_found' on a replayed request: the earlier attempt removed it.", vendorStatus),
            AmplemarketBulkOperation.Remove when Is(status, NotFound)
                => new ItemOutcome(ItemOutcomeKind.NotFound, null, vendorStatus),
            _ when Is(status, Unsupported)
                => new ItemOutcome(ItemOutcomeKind.Unsupported, "Amplemarket cannot change this item through the API (most likely it is managed by a CRM).", vendorStatus),

            // Anything else, including a documented status on the wrong endpoint (e.g. not_found on add),
            // is not a success the SDK can vouch for.
            _ => new ItemOutcome(ItemOutcomeKind.Unknown, $"Amplemarket answered '{vendorStatus}', a status the SDK does not know for this operation.", vendorStatus),
        };
    }

    /// <summary>
    /// Maps a whole bulk response onto the keys that were sent, in the same order. Response keys are
    /// matched after <paramref name="normalizeKey"/> (the server may echo a different case); a key the
    /// response does not mention is <see cref="ItemOutcomeKind.Unknown"/>, never dropped.
    /// </summary>
    /// <param name="operation">Add or remove.</param>
    /// <param name="sentKeys">The normalized keys of the request, each once.</param>
    /// <param name="response">The response map, item → status.</param>
    /// <param name="normalizeKey">The SDK's normalization for this kind of item, or <see langword="null"/> when a key does not normalize.</param>
    /// <param name="replayed">See <see cref="ToOutcome"/>.</param>
    /// <returns>One outcome per sent key, aligned with <paramref name="sentKeys"/>.</returns>
    public static ItemOutcome[] MapChunk(
        AmplemarketBulkOperation operation,
        IReadOnlyList<string> sentKeys,
        IReadOnlyDictionary<string, JsonElement> response,
        Func<string, string?> normalizeKey,
        bool replayed)
    {
        var statuses = new Dictionary<string, string>(response.Count, StringComparer.Ordinal);
        foreach (var (key, value) in response)
        {
            var normalized = normalizeKey(key) ?? key.Trim().ToLowerInvariant();
            var status = value.ValueKind == JsonValueKind.String ? value.GetString() ?? string.Empty : value.GetRawText();

            // Two echoes of one item with different statuses: report both verbatim rather than pick one.
            statuses[normalized] = statuses.TryGetValue(normalized, out var earlier) && !string.Equals(earlier, status, StringComparison.Ordinal)
                ? earlier + " | " + status
                : status;
        }

        var outcomes = new ItemOutcome[sentKeys.Count];
        for (var i = 0; i < sentKeys.Count; i++)
        {
            outcomes[i] = ToOutcome(operation, statuses.GetValueOrDefault(sentKeys[i]), replayed);
        }

        return outcomes;
    }

    private static bool Is(string status, string expected) => string.Equals(status, expected, StringComparison.OrdinalIgnoreCase);
}
