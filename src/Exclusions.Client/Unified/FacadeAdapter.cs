namespace Exclusions.Client;

/// <summary>
/// What both vendors' <see cref="IExclusionClient"/> adapters share, written once: provider, capabilities and
/// clock; query validation before a listing starts; a bulk call as "validate every item, then send"
/// (<see cref="IBulkPreflight"/>) with the rule for a past <see cref="ExclusionRequest.Until"/> applied to
/// every vendor alike. A vendor adapter supplies its listing, its lookup and how a validated plan is sent.
/// </summary>
internal abstract class FacadeAdapter(ExclusionProvider provider, ExclusionCapabilities capabilities, TimeProvider? timeProvider)
    : IExclusionClient, IBulkPreflight, IClockedExclusionClient
{
    public ExclusionProvider Provider => provider;

    public TimeProvider Time { get; } = timeProvider ?? TimeProvider.System;

    public ExclusionCapabilities Capabilities => capabilities;

    public IAsyncEnumerable<Exclusion> ListAsync(ExclusionQuery? query = null, CancellationToken cancellationToken = default)
    {
        query ??= new ExclusionQuery();
        query.Validate();
        return ListCore(query, cancellationToken);
    }

    public Task<BulkResult<ExclusionRequest>> AddAsync(IEnumerable<ExclusionRequest> requests, IProgress<BulkProgress>? progress = null, CancellationToken cancellationToken = default)
        => PrepareAdd(requests)(progress, cancellationToken);

    public Task<BulkResult<ExclusionTarget>> RemoveAsync(IEnumerable<ExclusionTarget> targets, IProgress<BulkProgress>? progress = null, CancellationToken cancellationToken = default)
        => PrepareRemove(targets)(progress, cancellationToken);

    /// <summary>Validates every request (a past <see cref="ExclusionRequest.Until"/> is bad input on every vendor); the returned call sends.</summary>
    public PreparedBulk<ExclusionRequest> PrepareAdd(IEnumerable<ExclusionRequest> requests)
    {
        var now = Time.GetUtcNow();
        return SendAdd(BulkPlan<ExclusionRequest>.ByTarget(requests, nameof(requests), r => r.Target, r => ExclusionRequestRules.PastUntil(r, now)));
    }

    /// <summary>Validates every target; the returned call sends.</summary>
    public PreparedBulk<ExclusionTarget> PrepareRemove(IEnumerable<ExclusionTarget> targets)
        => SendRemove(BulkPlan<ExclusionTarget>.ByTarget(targets, nameof(targets), t => t));

    public abstract Task<Exclusion?> FindAsync(ExclusionTarget target, CancellationToken cancellationToken = default);

    /// <summary>The vendor's listing of a validated query.</summary>
    protected abstract IAsyncEnumerable<Exclusion> ListCore(ExclusionQuery query, CancellationToken cancellationToken);

    /// <summary>How the vendor sends a validated add (nothing is sent until the returned call runs).</summary>
    protected abstract PreparedBulk<ExclusionRequest> SendAdd(BulkPlan<ExclusionRequest> plan);

    /// <summary>How the vendor sends a validated remove (nothing is sent until the returned call runs).</summary>
    protected abstract PreparedBulk<ExclusionTarget> SendRemove(BulkPlan<ExclusionTarget> plan);
}
