namespace Exclusions.Client;

/// <summary>The outcome of one item, with why.</summary>
public sealed class ItemOutcome
{
    private readonly ExclusionResponse? _rawResponse;

    /// <summary>Creates an outcome.</summary>
    /// <param name="kind">What happened.</param>
    /// <param name="detail">A human-readable explanation, if any.</param>
    /// <param name="vendorStatus">The vendor's raw per-item status, if any (e.g. <c>duplicated</c>).</param>
    /// <param name="exception">The error, for <see cref="ItemOutcomeKind.Failed"/>.</param>
    /// <param name="rawResponse">The response of the request that carried the item, if any (see <see cref="GetRawResponse"/>).</param>
    public ItemOutcome(ItemOutcomeKind kind, string? detail = null, string? vendorStatus = null, Exception? exception = null, ExclusionResponse? rawResponse = null)
    {
        _rawResponse = rawResponse;
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

    /// <summary>
    /// The response of the request that carried this item (an Amplemarket chunk, a Topo create or delete): its
    /// status and the vendor's request id. <see langword="null"/> when no request answered for it (not sent,
    /// refused before sending, or failed: then <see cref="Exception"/> says why, with the request id of a
    /// failed response in <see cref="ExclusionApiException.RequestId"/>).
    /// </summary>
    /// <returns>The response, or <see langword="null"/>.</returns>
    public ExclusionResponse? GetRawResponse() => _rawResponse;

    /// <summary>This outcome, carried by <paramref name="rawResponse"/>.</summary>
    internal ItemOutcome WithRawResponse(ExclusionResponse? rawResponse)
        => rawResponse is null ? this : new(Kind, Detail, VendorStatus, Exception, rawResponse);

    /// <inheritdoc />
    public override string ToString() => Detail is null ? Kind.ToString() : $"{Kind}: {Detail}";
}
