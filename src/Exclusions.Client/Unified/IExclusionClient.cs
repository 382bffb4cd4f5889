namespace Exclusions.Client;

/// <summary>
/// One way to handle "do not contact" whichever vendor holds the list. Implemented for Topo and
/// Amplemarket (get one with <c>AsExclusionClient()</c> or from DI); <see cref="ExclusionClients"/>
/// fans a call out to several. Every bulk call returns exactly one outcome per input item, in order.
/// </summary>
public interface IExclusionClient
{
    /// <summary>The vendor behind this client.</summary>
    ExclusionProvider Provider { get; }

    /// <summary>What the vendor supports.</summary>
    ExclusionCapabilities Capabilities { get; }

    /// <summary>Streams every exclusion matching <paramref name="query"/>, over all pages.</summary>
    /// <param name="query">Filters; <see langword="null"/> for everything.</param>
    /// <param name="cancellationToken">Cancels the enumeration.</param>
    /// <returns>The exclusions.</returns>
    IAsyncEnumerable<Exclusion> ListAsync(ExclusionQuery? query = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// Excludes every target. Every request is validated before anything is sent; duplicates are sent
    /// once and reported for each. What the vendor cannot represent is <see cref="ItemOutcomeKind.Unsupported"/>.
    /// </summary>
    /// <param name="requests">What to exclude.</param>
    /// <param name="progress">Receives progress after each chunk or item.</param>
    /// <param name="cancellationToken">Stops between chunks/items; the result says what already happened.</param>
    /// <returns>One outcome per request, in input order.</returns>
    Task<BulkResult<ExclusionRequest>> AddAsync(IEnumerable<ExclusionRequest> requests, IProgress<BulkProgress>? progress = null, CancellationToken cancellationToken = default);

    /// <summary>Removes the exclusion of every target.</summary>
    /// <param name="targets">What to stop excluding.</param>
    /// <param name="progress">Receives progress after each chunk or item.</param>
    /// <param name="cancellationToken">Stops between chunks/items; the result says what already happened.</param>
    /// <returns>One outcome per target, in input order.</returns>
    Task<BulkResult<ExclusionTarget>> RemoveAsync(IEnumerable<ExclusionTarget> targets, IProgress<BulkProgress>? progress = null, CancellationToken cancellationToken = default);

    /// <summary>Finds the exclusion of exactly this target, if the vendor has one.</summary>
    /// <param name="target">The target.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The exclusion, or <see langword="null"/>.</returns>
    Task<Exclusion?> FindAsync(ExclusionTarget target, CancellationToken cancellationToken = default);
}
