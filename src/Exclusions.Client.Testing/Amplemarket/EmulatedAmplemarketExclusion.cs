namespace Exclusions.Client.Testing;

/// <summary>A snapshot of one entry of an emulated Amplemarket exclusion list (emails or domains).</summary>
public sealed record EmulatedAmplemarketExclusion
{
    /// <summary>The excluded email address or domain, lower-cased (matching is case-insensitive).</summary>
    public required string Value { get; init; }

    /// <summary>Where the exclusion comes from: <c>amplemarket</c> for API and manual additions, or a CRM such as <c>salesforce</c>.</summary>
    public required string Source { get; init; }

    /// <summary>When the entry was added.</summary>
    public required DateTimeOffset DateAdded { get; init; }

    /// <summary>Why the entry was added, e.g. <c>api</c> or <c>manual</c>.</summary>
    public required string ExcludedReason { get; init; }

    /// <summary>Whether the API may remove the entry: only <c>amplemarket</c>-sourced entries; others answer <c>unsupported</c>.</summary>
    public bool IsRemovableThroughApi => string.Equals(Source, AmplemarketEmulator.AmplemarketSource, StringComparison.OrdinalIgnoreCase);
}
