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
