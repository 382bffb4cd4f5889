namespace Exclusions.Client.Amplemarket;

/// <summary>One page of an Amplemarket exclusion list, with the link to the next one.</summary>
/// <typeparam name="T"><see cref="ExcludedEmail"/> or <see cref="ExcludedDomain"/>.</typeparam>
public sealed class AmplemarketPage<T>
{
    private readonly ExclusionResponse? _rawResponse;

    /// <summary>Creates a page (for tests).</summary>
    /// <param name="items">The items.</param>
    /// <param name="nextPageLink">The <c>_links.next.href</c>, or <see langword="null"/> on the last page.</param>
    /// <param name="selfLink">The <c>_links.self.href</c>, if any.</param>
    /// <param name="rawResponse">The response the page came in, if any (see <see cref="GetRawResponse"/>).</param>
    public AmplemarketPage(IReadOnlyList<T> items, string? nextPageLink, string? selfLink = null, ExclusionResponse? rawResponse = null)
    {
        _rawResponse = rawResponse;
        ArgumentNullException.ThrowIfNull(items);
        Items = items;
        NextPageLink = nextPageLink;
        SelfLink = selfLink;
    }

    /// <summary>The items on this page, in the server's order.</summary>
    public IReadOnlyList<T> Items { get; }

    /// <summary>
    /// The link to the next page exactly as received (usually relative, e.g.
    /// <c>/excluded-emails?page[size]=2000&amp;page[after]=…</c>); pass it to the same list's
    /// <c>Get…PageAsync</c>. <see langword="null"/> on the last page.
    /// </summary>
    public string? NextPageLink { get; }

    /// <summary>The link to this page as the server names it, if any.</summary>
    public string? SelfLink { get; }

    /// <summary>Whether a later page exists.</summary>
    public bool HasMore => NextPageLink is not null;

    /// <summary>
    /// Where to resume after this page: pass it to <c>List…PagesAsync(continuationToken: …)</c> (for
    /// Amplemarket, the <c>_links.next</c> href; treat it as opaque). <see langword="null"/> on the last page.
    /// </summary>
    public string? ContinuationToken => NextPageLink;

    /// <summary>The response this page came in (status, the vendor's request id, attempts), as the Azure SDK's <c>Page&lt;T&gt;.GetRawResponse()</c>.</summary>
    /// <returns>The response; <see langword="null"/> for a page built without one (a test's).</returns>
    public ExclusionResponse? GetRawResponse() => _rawResponse;
}
