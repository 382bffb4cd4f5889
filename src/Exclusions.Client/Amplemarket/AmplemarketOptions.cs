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

    internal override int? ClientRequestsPerMinute => RequestsPerMinute;

    /// <inheritdoc />
    public override IReadOnlyList<string> Validate()
    {
        var errors = new List<string>(base.Validate());
        if (BulkChunkSize is < 1 or > MaxBulkChunkSize)
        {
            errors.Add($"{nameof(AmplemarketOptions)}.{nameof(BulkChunkSize)} must be between 1 and {MaxBulkChunkSize}; got {BulkChunkSize}.");
        }

        if (RequestsPerMinute < 1)
        {
            errors.Add($"{nameof(AmplemarketOptions)}.{nameof(RequestsPerMinute)} must be positive; got {RequestsPerMinute}.");
        }

        return errors;
    }
}
