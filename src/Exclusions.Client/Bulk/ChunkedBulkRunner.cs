namespace Exclusions.Client;

/// <summary>
/// Runs a <see cref="BulkPlan{TInput}"/> against an endpoint that takes many items per request, one
/// chunk at a time, and always returns a full result:
/// <list type="bullet">
/// <item>A chunk whose request throws (after the resilience pipeline gave up) makes each of its items
/// <see cref="ItemOutcomeKind.Failed"/> with that exception, and the next chunks still run, except after an
/// authentication or permission failure (401/403): every later chunk would fail the same way and burn the
/// rate-limit budget, so they are not sent and their items fail with the same exception.</item>
/// <item>Cancellation is checked between chunks: items not attempted fail with an
/// <see cref="OperationCanceledException"/> and the result has <see cref="BulkResult{TInput}.WasCancelled"/>.
/// A chunk cancelled in flight fails the same way; its detail says the server may or may not have applied it.</item>
/// <item>Progress is reported after every chunk, counted in input items (duplicates included).</item>
/// </list>
/// </summary>
internal static class ChunkedBulkRunner
{
    public static async Task<BulkResult<TInput>> RunAsync<TInput>(
        BulkPlan<TInput> plan,
        int chunkSize,
        Func<IReadOnlyList<string>, CancellationToken, Task<IReadOnlyList<ItemOutcome>>> sendChunk,
        IProgress<BulkProgress>? progress,
        CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(chunkSize, 1);
        var keys = plan.Keys;
        var outcomes = new ItemOutcome?[keys.Count];
        var completed = 0;
        var cancelled = false;

        for (var start = 0; start < keys.Count; start += chunkSize)
        {
            var end = Math.Min(start + chunkSize, keys.Count);
            if (cancellationToken.IsCancellationRequested)
            {
                cancelled = true;
                Fill(outcomes, start, keys.Count, NotAttempted(new OperationCanceledException(cancellationToken), "Not attempted: the call was cancelled."));
                break;
            }

            var chunk = Slice(keys, start, end);
            try
            {
                var chunkOutcomes = await sendChunk(chunk, cancellationToken).ConfigureAwait(false);
                if (chunkOutcomes.Count != chunk.Length)
                {
                    throw new InvalidOperationException($"Expected {chunk.Length} outcomes for a chunk, got {chunkOutcomes.Count}.");
                }

                for (var i = 0; i < chunk.Length; i++)
                {
                    outcomes[start + i] = chunkOutcomes[i];
                }
            }
            catch (OperationCanceledException ex) when (cancellationToken.IsCancellationRequested)
            {
                cancelled = true;
                Fill(outcomes, start, end, new ItemOutcome(ItemOutcomeKind.Failed, "Cancelled while the request was in flight: the server may or may not have applied it.", null, ex));
                Fill(outcomes, end, keys.Count, NotAttempted(ex, "Not attempted: the call was cancelled."));
                break;
            }
#pragma warning disable CA1031 // A failed chunk becomes Failed outcomes for its items; the caller gets them in the result.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                Fill(outcomes, start, end, new ItemOutcome(ItemOutcomeKind.Failed, ex.Message, null, ex));
                if (ex is ExclusionAuthenticationException or ExclusionPermissionException)
                {
                    Fill(outcomes, end, keys.Count, NotAttempted(ex, "Not attempted: an earlier request of this call was refused (" + (int)((ExclusionApiException)ex).StatusCode + ")."));
                    progress?.Report(new BulkProgress(plan.InputCount, plan.InputCount));
                    break;
                }
            }

            for (var k = start; k < end; k++)
            {
                completed += plan.InputsFor(k);
            }

            progress?.Report(new BulkProgress(completed, plan.InputCount));
        }

        return plan.ToResult(outcomes, cancelled);
    }

    private static ItemOutcome NotAttempted(Exception exception, string detail) => new(ItemOutcomeKind.Failed, detail, null, exception);

    private static void Fill(ItemOutcome?[] outcomes, int from, int to, ItemOutcome outcome)
    {
        for (var i = from; i < to; i++)
        {
            outcomes[i] = outcome;
        }
    }

    private static string[] Slice(IReadOnlyList<string> keys, int start, int end)
    {
        var chunk = new string[end - start];
        for (var i = start; i < end; i++)
        {
            chunk[i - start] = keys[i];
        }

        return chunk;
    }
}
