namespace Exclusions.Client.Amplemarket;

/// <summary>Settings for <see cref="AmplemarketExclusionsClient"/>. Bind from configuration or set in code.</summary>
public sealed class AmplemarketOptions : ExclusionClientOptions
{
    /// <summary>The default <see cref="BulkChunkSize"/>: Amplemarket documents no maximum, so a conservative 100.</summary>
    public const int DefaultBulkChunkSize = 100;

    /// <summary>The largest accepted <see cref="BulkChunkSize"/>.</summary>
    public const int MaxBulkChunkSize = 1000;

    /// <summary>Amplemarket's documented rate limit: 500 requests per minute per consumer.</summary>
    public const int DocumentedRequestsPerMinute = 500;

    /// <summary>
    /// The default <see cref="ListPageSize"/>: 2000, the size in the vendor documentation's own example link
    /// (<c>/excluded-emails?size=2000</c>): 10 requests for 20,000 entries instead of 200 at the server's default.
    /// </summary>
    public const int DefaultListPageSize = 2000;

    /// <summary>The largest accepted <see cref="ListPageSize"/> (the documentation shows no larger page).</summary>
    public const int MaxListPageSize = 2000;

    /// <summary>Creates options pointing at <see cref="DefaultBaseAddress"/>.</summary>
    public AmplemarketOptions()
        : base(DefaultBaseAddress)
    {
    }

    /// <summary>Amplemarket's production base address, <c>https://api.amplemarket.com</c>.</summary>
    public static Uri DefaultBaseAddress { get; } = new("https://api.amplemarket.com");

    /// <summary>
    /// Items per bulk add/remove request, 1..<see cref="MaxBulkChunkSize"/>; default
    /// <see cref="DefaultBulkChunkSize"/>. Larger bulk calls are split into several requests.
    /// </summary>
    public int BulkChunkSize { get; set; } = DefaultBulkChunkSize;

    /// <summary>
    /// The request budget per minute for this API key; default <see cref="DocumentedRequestsPerMinute"/>.
    /// Every attempt counts, retries included. Must be positive.
    /// </summary>
    public int RequestsPerMinute { get; set; } = DocumentedRequestsPerMinute;

    /// <summary>
    /// Entries asked for per list page (the <c>size</c> parameter of the first request; later pages follow
    /// <c>_links.next</c> as the server writes it). Default <see cref="DefaultListPageSize"/>; 1..<see cref="MaxListPageSize"/>.
    /// </summary>
    public int ListPageSize { get; set; } = DefaultListPageSize;

    internal override int? ClientRequestsPerMinute => RequestsPerMinute;

    /// <inheritdoc />
    public override IReadOnlyList<string> Validate()
    {
        var errors = new List<string>(base.Validate());
        if (BulkChunkSize is < 1 or > MaxBulkChunkSize)
        {
            errors.Add($"{nameof(AmplemarketOptions)}.{nameof(BulkChunkSize)} must be between 1 and {MaxBulkChunkSize}; got {BulkChunkSize}.");
        }

        if (ListPageSize is < 1 or > MaxListPageSize)
        {
            errors.Add($"{nameof(AmplemarketOptions)}.{nameof(ListPageSize)} must be between 1 and {MaxListPageSize}; got {ListPageSize}.");
        }

        if (RequestsPerMinute < 1)
        {
            errors.Add($"{nameof(AmplemarketOptions)}.{nameof(RequestsPerMinute)} must be positive; got {RequestsPerMinute}.");
        }

        return errors;
    }
}
