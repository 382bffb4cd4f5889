using System.Globalization;

namespace Exclusions.Client.Topo;

/// <summary>Settings for <see cref="TopoExclusionsClient"/>. Bind from configuration or set in code.</summary>
public sealed class TopoOptions : ExclusionClientOptions
{
    /// <summary>Creates options pointing at <see cref="DefaultBaseAddress"/>.</summary>
    public TopoOptions()
        : base(DefaultBaseAddress)
    {
    }

    /// <summary>Topo's production base address, <c>https://api.topo.io/v1</c>.</summary>
    public static Uri DefaultBaseAddress { get; } = new("https://api.topo.io/v1");

    /// <summary>
    /// A client-side request budget per minute for this API key, shared by every client in the
    /// process; every attempt counts, retries included. Default <see langword="null"/>: no client-side
    /// limit. Topo documents no rate limit, so the SDK does not invent one; a 429 is retried after its
    /// <c>Retry-After</c>. Set this when you know your key's limit. Must be positive when set.
    /// </summary>
    public int? RequestsPerMinute { get; set; }

    internal override int? ClientRequestsPerMinute => RequestsPerMinute;

    /// <summary>The default <see cref="BulkConcurrency"/>.</summary>
    public const int DefaultBulkConcurrency = 32;

    /// <summary>The largest accepted <see cref="BulkConcurrency"/>.</summary>
    public const int MaxBulkConcurrency = 256;

    /// <summary>
    /// The most single creates/deletes a bulk call through <see cref="IExclusionClient"/> keeps in flight
    /// at once (Topo has no bulk endpoint): the ceiling of the adaptive window (see
    /// <see cref="AdaptiveBulkConcurrency"/>), or the fixed concurrency when adapting is off.
    /// Default <see cref="DefaultBulkConcurrency"/>; 1..<see cref="MaxBulkConcurrency"/>.
    /// </summary>
    public int BulkConcurrency { get; set; } = DefaultBulkConcurrency;

    /// <summary>
    /// Whether a bulk call adapts how many requests it keeps in flight (default <see langword="true"/>):
    /// it starts at 4, grows while answers come back without 429/503, and cuts back when they come
    /// (AIMD), never above <see cref="BulkConcurrency"/>; a <c>Retry-After</c> pauses new requests until it
    /// passes. <see langword="false"/> runs exactly <see cref="BulkConcurrency"/> at once.
    /// </summary>
    public bool AdaptiveBulkConcurrency { get; set; } = true;

    /// <summary>The default <see cref="ListConcurrency"/>.</summary>
    public const int DefaultListConcurrency = 8;

    /// <summary>
    /// How many pages a streaming list (<c>List…Async</c>, snapshots, the facade's <c>ListAsync</c>) fetches
    /// at once once the first page has told <c>total_pages</c>; items still come in the server's order.
    /// Default <see cref="DefaultListConcurrency"/>; 1..32 (1 fetches one page after the other).
    /// </summary>
    public int ListConcurrency { get; set; } = DefaultListConcurrency;

    /// <summary>
    /// The reason sent when an <see cref="ExclusionRequest"/> through <see cref="IExclusionClient"/> has
    /// none (Topo requires one). Default <see cref="ExclusionReason.Other"/>.
    /// </summary>
    public ExclusionReason DefaultReason { get; set; } = ExclusionReason.Other;

    /// <inheritdoc />
    public override IReadOnlyList<string> Validate()
    {
        var errors = new List<string>(base.Validate());
        if (RequestsPerMinute is < 1)
        {
            errors.Add(string.Create(CultureInfo.InvariantCulture, $"{nameof(TopoOptions)}.{nameof(RequestsPerMinute)} must be positive when set; got {RequestsPerMinute}."));
        }

        if (BulkConcurrency is < 1 or > MaxBulkConcurrency)
        {
            errors.Add(string.Create(CultureInfo.InvariantCulture, $"{nameof(TopoOptions)}.{nameof(BulkConcurrency)} must be between 1 and {MaxBulkConcurrency}; got {BulkConcurrency}."));
        }

        if (ListConcurrency is < 1 or > 32)
        {
            errors.Add(string.Create(CultureInfo.InvariantCulture, $"{nameof(TopoOptions)}.{nameof(ListConcurrency)} must be between 1 and 32; got {ListConcurrency}."));
        }

        if (string.IsNullOrWhiteSpace(DefaultReason.Value))
        {
            errors.Add($"{nameof(TopoOptions)}.{nameof(DefaultReason)} must not be empty.");
        }

        return errors;
    }
}
