namespace Exclusions.Client.Topo;

/// <summary>One page of a Topo list, with the envelope's counts.</summary>
/// <typeparam name="T">The item type.</typeparam>
public sealed class TopoPage<T>
{
    private readonly ExclusionResponse? _rawResponse;

    /// <summary>Creates a page (for tests; see <see cref="ExclusionsModelFactory"/>).</summary>
    /// <param name="items">The items.</param>
    /// <param name="pageNumber">The 1-based page number.</param>
    /// <param name="totalCount">Items across all pages.</param>
    /// <param name="totalPages">Pages in all.</param>
    /// <param name="hasMore">Whether a later page exists.</param>
    /// <param name="rawResponse">The response the page came in, if any (see <see cref="GetRawResponse"/>).</param>
    public TopoPage(IReadOnlyList<T> items, int pageNumber, int totalCount, int totalPages, bool hasMore, ExclusionResponse? rawResponse = null)
    {
        _rawResponse = rawResponse;
        Items = items;
        PageNumber = pageNumber;
        TotalCount = totalCount;
        TotalPages = totalPages;
        HasMore = hasMore;
    }

    /// <summary>The items on this page.</summary>
    public IReadOnlyList<T> Items { get; }

    /// <summary>The 1-based page number.</summary>
    public int PageNumber { get; }

    /// <summary>Items across all pages (<c>total_count</c>).</summary>
    public int TotalCount { get; }

    /// <summary>Pages in all (<c>total_pages</c>).</summary>
    public int TotalPages { get; }

    /// <summary>Whether a later page exists (<c>has_more</c>).</summary>
    public bool HasMore { get; }

    /// <summary>
    /// Where to resume after this page: pass it to <c>List…PagesAsync(continuationToken: …)</c> to carry on
    /// with the next page (for Topo, the next page number as text; treat it as opaque).
    /// <see langword="null"/> on the last page.
    /// </summary>
    public string? ContinuationToken => HasMore && Items.Count > 0 ? (PageNumber + 1).ToString(System.Globalization.CultureInfo.InvariantCulture) : null;

    /// <summary>The response this page came in (status, the vendor's request id, attempts), as the Azure SDK's <c>Page&lt;T&gt;.GetRawResponse()</c>.</summary>
    /// <returns>The response; <see langword="null"/> for a page built without one (a test's).</returns>
    public ExclusionResponse? GetRawResponse() => _rawResponse;
}
