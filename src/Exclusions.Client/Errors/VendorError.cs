namespace Exclusions.Client.Errors;

/// <summary>What a vendor's error body said, parsed by that vendor's <see cref="IVendorErrorParser"/>.</summary>
internal sealed record VendorError
{
    public string? Code { get; init; }

    public string? Message { get; init; }

    public string? RequestId { get; init; }

    public string? MissingScope { get; init; }

    public IReadOnlyDictionary<string, IReadOnlyList<string>>? FieldErrors { get; init; }

    public IReadOnlyList<ExclusionApiErrorEntry> Entries { get; init; } = [];

    public static VendorError Empty { get; } = new();
}

/// <summary>Parses one vendor's error body. Must never throw: an unparseable body yields <see cref="VendorError.Empty"/>.</summary>
internal interface IVendorErrorParser
{
    VendorError Parse(string body);
}
