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

    /// <summary>
    /// How many single creates/deletes a bulk call through <see cref="IExclusionClient"/> runs at once
    /// (Topo has no bulk endpoint). Default 4; 1..32.
    /// </summary>
    public int BulkConcurrency { get; set; } = 4;

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

        if (BulkConcurrency is < 1 or > 32)
        {
            errors.Add(string.Create(CultureInfo.InvariantCulture, $"{nameof(TopoOptions)}.{nameof(BulkConcurrency)} must be between 1 and 32; got {BulkConcurrency}."));
        }

        if (string.IsNullOrWhiteSpace(DefaultReason.Value))
        {
            errors.Add($"{nameof(TopoOptions)}.{nameof(DefaultReason)} must not be empty.");
        }

        return errors;
    }
}
