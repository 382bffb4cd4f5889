namespace Exclusions.Client.Amplemarket;

/// <summary>An e-mail address on Amplemarket's exclusion list.</summary>
public sealed class ExcludedEmail
{
    internal ExcludedEmail()
    {
    }

    /// <summary>The excluded e-mail address, as Amplemarket returned it.</summary>
    public string? Email { get; init; }

    /// <summary>
    /// Where the exclusion comes from (e.g. <c>amplemarket</c>, <c>salesforce</c>), exactly as received;
    /// values the SDK does not know are kept.
    /// </summary>
    public string? Source { get; init; }

    /// <summary>When the address was added; <see langword="null"/> when absent or not an ISO 8601 timestamp (see <see cref="DateAddedText"/>).</summary>
    public DateTimeOffset? DateAdded { get; init; }

    /// <summary>The raw <c>date_added</c> value, for when <see cref="DateAdded"/> could not be parsed.</summary>
    public string? DateAddedText { get; init; }

    /// <summary>Why it was excluded (e.g. <c>api</c>, <c>manual</c>), exactly as received.</summary>
    public string? ExcludedReason { get; init; }

    /// <inheritdoc />
    public override string ToString() => $"ExcludedEmail ({Source}, {ExcludedReason})";
}

/// <summary>A domain on Amplemarket's exclusion list.</summary>
public sealed class ExcludedDomain
{
    internal ExcludedDomain()
    {
    }

    /// <summary>The excluded domain (e.g. <c>domain.com</c>), as Amplemarket returned it.</summary>
    public string? Domain { get; init; }

    /// <summary>
    /// Where the exclusion comes from (e.g. <c>amplemarket</c>, <c>salesforce</c>), exactly as received;
    /// values the SDK does not know are kept.
    /// </summary>
    public string? Source { get; init; }

    /// <summary>When the domain was added; <see langword="null"/> when absent or not an ISO 8601 timestamp (see <see cref="DateAddedText"/>).</summary>
    public DateTimeOffset? DateAdded { get; init; }

    /// <summary>The raw <c>date_added</c> value, for when <see cref="DateAdded"/> could not be parsed.</summary>
    public string? DateAddedText { get; init; }

    /// <summary>Why it was excluded (e.g. <c>api</c>, <c>manual</c>), exactly as received.</summary>
    public string? ExcludedReason { get; init; }

    /// <inheritdoc />
    public override string ToString() => $"ExcludedDomain {Domain} ({Source}, {ExcludedReason})";
}

/// <summary>One page of an Amplemarket exclusion list, with the link to the next one.</summary>
/// <typeparam name="T"><see cref="ExcludedEmail"/> or <see cref="ExcludedDomain"/>.</typeparam>
public sealed class AmplemarketPage<T>
{
    /// <summary>Creates a page (for tests).</summary>
    /// <param name="items">The items.</param>
    /// <param name="nextPageLink">The <c>_links.next.href</c>, or <see langword="null"/> on the last page.</param>
    /// <param name="selfLink">The <c>_links.self.href</c>, if any.</param>
    public AmplemarketPage(IReadOnlyList<T> items, string? nextPageLink, string? selfLink = null)
    {
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
}
