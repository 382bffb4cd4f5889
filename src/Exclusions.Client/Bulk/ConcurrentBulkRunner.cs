using Exclusions.Client.Resilience;

namespace Exclusions.Client;

/// <summary>
/// Runs a <see cref="BulkPlan{TInput}"/> one key at a time with bounded, adaptive concurrency
/// (<see cref="AdaptiveConcurrencyLimiter"/>), for vendors without bulk endpoints (Topo). Every key ends with exactly one outcome: what the per-key function
/// returned, <see cref="ItemOutcomeKind.Failed"/> with the exception it threw, or, after cancellation,
/// <see cref="ItemOutcomeKind.Failed"/> "not attempted".
/// </summary>
internal static class ConcurrentBulkRunner
{
    /// <summary>
    /// How many times an item the server refused for load (429/503 after the pipeline's retries) goes back
    /// through the limiter before its refusal is its outcome. Bounded, so a server that refuses for good still
    /// ends the call: each round is a full pipeline run (retries and back-off included).
    /// </summary>
    internal const int MaxOverloadRequeues = 5;

    public static async Task<BulkResult<TInput>> RunAsync<TInput>(
        BulkPlan<TInput> plan,
        AdaptiveConcurrencyLimiter limiter,
        Func<int, CancellationToken, Task<ItemOutcome>> runKey,
        IProgress<BulkProgress>? progress,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(limiter);
        var outcomes = new ItemOutcome?[plan.Keys.Count];
        var completed = 0;
        var tasks = new List<Task>(plan.Keys.Count);

        // A refused key (401/403) will be refused for every item: stop starting new ones, as the chunked runner does.
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        ExclusionApiException? refusal = null;

        for (var k = 0; k < plan.Keys.Count; k++)
        {
            try
            {
                await limiter.AcquireAsync(stop.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                break;
            }

            // A release racing the cancellation can still grant the wait: check again before starting.
            if (stop.IsCancellationRequested)
            {
                limiter.Release();
                break;
            }

            var keyIndex = k;
            tasks.Add(RunOneAsync(keyIndex));
        }

        await Task.WhenAll(tasks).ConfigureAwait(false);

        var cancelled = false;
        for (var k = 0; k < outcomes.Length; k++)
        {
            if (outcomes[k] is null && refusal is not null && !cancellationToken.IsCancellationRequested)
            {
                outcomes[k] = new ItemOutcome(ItemOutcomeKind.Failed, $"Not attempted: an earlier request of this call was refused ({(int)refusal.StatusCode}).", null, refusal);
            }
            else if (outcomes[k] is null)
            {
                cancelled = true;
                outcomes[k] = new ItemOutcome(ItemOutcomeKind.Failed, "Not attempted: the call was cancelled.", null, new OperationCanceledException(cancellationToken));
            }
            else if (outcomes[k]!.Exception is OperationCanceledException && cancellationToken.IsCancellationRequested)
            {
                cancelled = true;
            }
        }

        return plan.ToResult(outcomes, cancelled);

        // A 429 is about load. A 503 is too once the server has answered this call at all; while it has answered
        // nothing, it looks like an outage: re-sending would only multiply the requests (the caller or the outbox
        // retries later; in a long outage the circuit breaker stops them). Re-sent items queue behind the window,
        // which each 503 has cut, so a call re-sends at most as fast as the server lately answered.
        static bool IsOverload(ExclusionApiException ex, AdaptiveConcurrencyLimiter limiter)
            => ex.StatusCode is System.Net.HttpStatusCode.TooManyRequests
               || (ex.StatusCode is System.Net.HttpStatusCode.ServiceUnavailable && limiter.Successes > 0);

        async Task RunOneAsync(int keyIndex)
        {
            var holdsSlot = true;
            try
            {
                for (var requeues = 0; ; requeues++)
                {
                    try
                    {
                        // The HTTP pipeline reports each attempt's answer (429/503, Retry-After) to this call's limiter.
                        AdaptiveConcurrencyLimiter.Current = limiter;
                        outcomes[keyIndex] = await runKey(keyIndex, cancellationToken).ConfigureAwait(false);
                        return;
                    }
                    catch (ExclusionApiException ex) when (IsOverload(ex, limiter) && requeues < MaxOverloadRequeues && !stop.IsCancellationRequested)
                    {
                        // The server refused it for load (429/503) after the pipeline's own retries, which
                        // wait while holding this item's slot. The limiter has cut its window on those answers: give the
                        // slot back and queue behind the window again, so the item goes out when the server has room
                        // instead of failing for a momentary overload (issue 17: one item in 10,000 used to end Failed).
                        // No duplicate: a 429 was not applied; a 503'd create that was meets Topo's 409 (AlreadyExcluded).
                        limiter.Release();
                        holdsSlot = false;
                        try
                        {
                            await limiter.AcquireAsync(stop.Token).ConfigureAwait(false);
                            holdsSlot = true;
                        }
                        catch (OperationCanceledException)
                        {
                            outcomes[keyIndex] = new ItemOutcome(ItemOutcomeKind.Failed, ex.Message, null, ex);
                            return;
                        }
                    }
                }
            }
            catch (OperationCanceledException ex) when (cancellationToken.IsCancellationRequested)
            {
                outcomes[keyIndex] = new ItemOutcome(ItemOutcomeKind.Failed, "Cancelled while the request was in flight: the server may or may not have applied it.", null, ex);
            }
            catch (ExclusionApiException ex) when (ex is ExclusionAuthenticationException or ExclusionPermissionException)
            {
                outcomes[keyIndex] = new ItemOutcome(ItemOutcomeKind.Failed, ex.Message, null, ex);
                Interlocked.CompareExchange(ref refusal, ex, null);
                await stop.CancelAsync().ConfigureAwait(false);
            }
#pragma warning disable CA1031 // One item's failure is that item's outcome; the others go on.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                outcomes[keyIndex] = new ItemOutcome(ItemOutcomeKind.Failed, ex.Message, null, ex);
            }
            finally
            {
                if (holdsSlot)
                {
                    limiter.Release();
                }

                var done = Interlocked.Add(ref completed, plan.InputsFor(keyIndex));
                progress?.Report(new BulkProgress(done, plan.InputCount));
            }
        }
    }
}
