using System.Runtime.CompilerServices;

namespace Exclusions.Client.Topo;

/// <summary>
/// Walks a numbered-page list with several pages in flight: the first page tells <c>total_pages</c>,
/// then up to <c>parallelism</c> later pages are requested at once in a sliding window and returned
/// strictly in page order. At most <c>parallelism</c> pages wait in memory. The walk ends at a page
/// without <c>has_more</c> or without items (a server that claims more but sends nothing must not loop);
/// if the list grew past the first <c>total_pages</c>, the walk goes on while pages say <c>has_more</c>.
/// A page that fails (after the pipeline's retries) ends the walk with its exception after every earlier
/// page was returned; requests still in flight are cancelled.
/// </summary>
internal static class ConcurrentPager
{
    public static async IAsyncEnumerable<TopoPage<T>> PagesAsync<T>(
        int firstPage,
        int parallelism,
        Func<int, CancellationToken, Task<TopoPage<T>>> fetch,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var first = await fetch(firstPage, cancellationToken).ConfigureAwait(false);
        yield return first;
        if (!first.HasMore || first.Items.Count == 0)
        {
            yield break;
        }

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var window = new Queue<Task<TopoPage<T>>>(parallelism);
        var lastKnown = Math.Max(first.TotalPages, firstPage + 1);
        var next = firstPage + 1;
        try
        {
            while (true)
            {
                // Keep the window full up to the last page known; past it, one page at a time.
                while (window.Count < parallelism && (next <= lastKnown || window.Count == 0))
                {
                    window.Enqueue(fetch(next++, stop.Token));
                }

                var page = await window.Dequeue().ConfigureAwait(false);
                yield return page;
                if (!page.HasMore || page.Items.Count == 0)
                {
                    yield break;
                }

                lastKnown = Math.Max(lastKnown, page.TotalPages);
            }
        }
        finally
        {
            await stop.CancelAsync().ConfigureAwait(false);
            foreach (var pending in window)
            {
                try
                {
                    await pending.ConfigureAwait(false);
                }
#pragma warning disable CA1031 // Pages past the end of the walk: their outcome no longer matters.
                catch (Exception)
#pragma warning restore CA1031
                {
                }
            }
        }
    }
}
