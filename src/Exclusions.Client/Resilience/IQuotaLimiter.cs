namespace Exclusions.Client.Resilience;

/// <summary>
/// A request budget shared by everything that uses one API key: <see cref="AcquireAsync"/> waits
/// until one more request fits in the budget. The in-process implementation is
/// <see cref="SlidingLogQuotaLimiter"/>; a distributed one (e.g. Redis) implements the same contract.
/// </summary>
internal interface IQuotaLimiter
{
    /// <summary>Waits, in arrival order, until a request may be sent now; the permit is consumed.</summary>
    /// <param name="cancellationToken">Stops waiting; the caller then gets no permit.</param>
    /// <returns>How long the caller waited.</returns>
    ValueTask<QuotaLease> AcquireAsync(CancellationToken cancellationToken);

    /// <summary>
    /// The vendor refused a request (429) without saying for how long: its window is full. Returns how
    /// long until the budget is sure to have room again (the oldest request it knows of in the last
    /// window leaves it; a whole window when it knows of none), and admits nothing before then.
    /// </summary>
    /// <param name="cancellationToken">Stops the call.</param>
    /// <returns>The wait the budget implies.</returns>
    ValueTask<TimeSpan> ReportRefusalAsync(CancellationToken cancellationToken);
}

/// <summary>A granted permit. Time-based budgets need no release, so a lease only reports the wait.</summary>
/// <param name="WaitTime">How long the caller waited for the permit; zero when it was granted at once.</param>
internal readonly record struct QuotaLease(TimeSpan WaitTime)
{
    public bool HadToWait => WaitTime > TimeSpan.Zero;
}
