using System.ComponentModel;

namespace Exclusions.Client;

/// <summary>
/// A structured reason code for an exclusion (Topo's <c>reason</c> field). An extensible
/// enumeration: the vendor may add codes at any time, and any value, known or not, survives a
/// round trip unchanged.
/// </summary>
[TypeConverter(typeof(ExclusionReasonTypeConverter))]
public readonly struct ExclusionReason : IEquatable<ExclusionReason>
{
    private readonly string? _value;

    /// <summary>Creates a reason from its wire value.</summary>
    /// <param name="value">The code as the API spells it, e.g. <c>UNSUBSCRIBED</c>.</param>
    /// <exception cref="ArgumentException">The value is null, empty or whitespace.</exception>
    public ExclusionReason(string value)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(value);
        _value = value.Trim();
    }

    /// <summary>Person or account has opted out.</summary>
    public static ExclusionReason Unsubscribed { get; } = new("UNSUBSCRIBED");

    /// <summary>Contact explicitly asked not to be reached.</summary>
    public static ExclusionReason ContactRefused { get; } = new("CONTACT_REFUSED");

    /// <summary>Email hard-bounced.</summary>
    public static ExclusionReason Bounced { get; } = new("BOUNCED");

    /// <summary>Contact is not the right person at the company.</summary>
    public static ExclusionReason WrongPerson { get; } = new("WRONG_PERSON");

    /// <summary>Contact has left the company.</summary>
    public static ExclusionReason LeftCompany { get; } = new("LEFT_COMPANY");

    /// <summary>Not a good time; revisit later.</summary>
    public static ExclusionReason BadTiming { get; } = new("BAD_TIMING");

    /// <summary>Temporarily unavailable.</summary>
    public static ExclusionReason OutOfOffice { get; } = new("OUT_OF_OFFICE");

    /// <summary>Already in progress with this contact.</summary>
    public static ExclusionReason Meeting { get; } = new("MEETING");

    /// <summary>Contact has expressed interest through another channel.</summary>
    public static ExclusionReason Interested { get; } = new("INTERESTED");

    /// <summary>Account is a direct competitor.</summary>
    public static ExclusionReason Competitor { get; } = new("COMPETITOR");

    /// <summary>Came in through a referral channel; handle separately.</summary>
    public static ExclusionReason Referral { get; } = new("REFERRAL");

    /// <summary>Suppress from the vendor's prospecting search.</summary>
    public static ExclusionReason ExcludeFromSearch { get; } = new("EXCLUDE_FROM_SEARCH");

    /// <summary>Imported CRM suppression.</summary>
    public static ExclusionReason ExcludeFromCrm { get; } = new("EXCLUDE_FROM_CRM");

    /// <summary>None of the above.</summary>
    public static ExclusionReason Other { get; } = new("OTHER");

    /// <summary>Reason not recorded.</summary>
    public static ExclusionReason Unknown { get; } = new("UNKNOWN");

    /// <summary>The 15 reason codes documented by Topo.</summary>
    public static IReadOnlyList<ExclusionReason> KnownValues { get; } =
    [
        Unsubscribed, ContactRefused, Bounced, WrongPerson, LeftCompany, BadTiming, OutOfOffice, Meeting,
        Interested, Competitor, Referral, ExcludeFromSearch, ExcludeFromCrm, Other, Unknown,
    ];

    /// <summary>The wire value, exactly as received or given.</summary>
    public string Value => _value ?? string.Empty;

    /// <summary>Whether this value is one of the documented <see cref="KnownValues"/>.</summary>
    public bool IsKnown
    {
        get
        {
            foreach (var known in KnownValues)
            {
                if (known.Equals(this))
                {
                    return true;
                }
            }

            return false;
        }
    }

    /// <summary>Converts a wire value to a reason.</summary>
    /// <param name="value">The code.</param>
    public static implicit operator ExclusionReason(string value) => new(value);

    /// <summary>Compares two reasons (case-insensitive, as codes are upper-case by convention).</summary>
    public static bool operator ==(ExclusionReason left, ExclusionReason right) => left.Equals(right);

    /// <summary>Compares two reasons (case-insensitive).</summary>
    public static bool operator !=(ExclusionReason left, ExclusionReason right) => !left.Equals(right);

    /// <inheritdoc />
    public bool Equals(ExclusionReason other) => string.Equals(Value, other.Value, StringComparison.OrdinalIgnoreCase);

    /// <inheritdoc />
    [EditorBrowsable(EditorBrowsableState.Never)]
    public override bool Equals(object? obj) => obj is ExclusionReason other && Equals(other);

    /// <inheritdoc />
    [EditorBrowsable(EditorBrowsableState.Never)]
    public override int GetHashCode() => StringComparer.OrdinalIgnoreCase.GetHashCode(Value);

    /// <summary>The wire value.</summary>
    public override string ToString() => Value;
}

/// <summary>Lets configuration binding and other type-converter users read an <see cref="ExclusionReason"/> from a string.</summary>
internal sealed class ExclusionReasonTypeConverter : TypeConverter
{
    public override bool CanConvertFrom(ITypeDescriptorContext? context, Type sourceType)
        => sourceType == typeof(string) || base.CanConvertFrom(context, sourceType);

    public override object? ConvertFrom(ITypeDescriptorContext? context, System.Globalization.CultureInfo? culture, object value)
        => value is string text ? new ExclusionReason(text) : base.ConvertFrom(context, culture, value);
}
