namespace Exclusions.Client;

/// <summary>A bulk call whose every item has been validated; running it sends.</summary>
/// <typeparam name="TInput">The input item type.</typeparam>
/// <param name="progress">Receives progress, in input items.</param>
/// <param name="cancellationToken">Stops between chunks/items.</param>
/// <returns>One outcome per input item, in input order.</returns>
internal delegate Task<BulkResult<TInput>> PreparedBulk<TInput>(IProgress<BulkProgress>? progress, CancellationToken cancellationToken);

/// <summary>
/// The SDK's facade adapters split a bulk call in two: validate every item (throwing
/// <see cref="ArgumentException"/>, nothing sent), then send. <see cref="ExclusionClients"/> prepares
/// the call for every vendor before it starts any of them, so that bad input for one vendor never
/// leaves another vendor with a partial write.
/// </summary>
internal interface IBulkPreflight
{
    /// <summary>Validates every request for this vendor; the returned call sends.</summary>
    /// <exception cref="ArgumentException">A request is invalid; nothing was sent.</exception>
    PreparedBulk<ExclusionRequest> PrepareAdd(IEnumerable<ExclusionRequest> requests);

    /// <summary>Validates every target for this vendor; the returned call sends.</summary>
    /// <exception cref="ArgumentException">A target is invalid; nothing was sent.</exception>
    PreparedBulk<ExclusionTarget> PrepareRemove(IEnumerable<ExclusionTarget> targets);
}

/// <summary>An SDK adapter that knows the clock it was given (DI's <see cref="TimeProvider"/>).</summary>
internal interface IClockedExclusionClient
{
    /// <summary>The clock for "now".</summary>
    TimeProvider Time { get; }
}

/// <summary>The rules every vendor applies to an <see cref="ExclusionRequest"/>, in one place.</summary>
internal static class ExclusionRequestRules
{
    /// <summary>
    /// A request whose <see cref="ExclusionRequest.Until"/> is not in the future would never be in
    /// force: bad input on every vendor (docs/vendor-behaviour.md#topo-expiry-until), refused before sending.
    /// </summary>
    public static string? PastUntil(ExclusionRequest request, DateTimeOffset now)
        => request.Until is { } until && until <= now
            ? $"Until ({until:O}) is not in the future; the exclusion would never be in force"
            : null;
}
