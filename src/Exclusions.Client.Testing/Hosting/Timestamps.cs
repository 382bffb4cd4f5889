using System.Globalization;
using System.Text.RegularExpressions;

namespace Exclusions.Client.Testing.Hosting;

/// <summary>How each vendor writes and reads timestamps on the wire.</summary>
internal static partial class Timestamps
{
    /// <summary>
    /// Topo: ISO 8601 in UTC with <c>Z</c> and exactly <paramref name="fractionalDigits"/> fractional-second
    /// digits, trailing zeros kept (e.g. <c>2024-11-01T09:00:00.000000Z</c> for 6; no fraction for 0).
    /// </summary>
    public static string FormatTopo(DateTimeOffset value, int fractionalDigits) =>
        value.UtcDateTime.ToString(
            fractionalDigits == 0 ? "yyyy-MM-dd'T'HH:mm:ss'Z'" : "yyyy-MM-dd'T'HH:mm:ss." + new string('f', fractionalDigits) + "'Z'",
            CultureInfo.InvariantCulture);

    /// <summary>Cuts <paramref name="value"/> down to <paramref name="fractionalDigits"/> digits of fractional seconds (0 to 7).</summary>
    public static DateTimeOffset Truncate(DateTimeOffset value, int fractionalDigits)
    {
        var unit = TimeSpan.TicksPerSecond / (long)Math.Pow(10, fractionalDigits);
        return new DateTimeOffset(value.UtcTicks - (value.UtcTicks % unit), TimeSpan.Zero);
    }

    /// <summary>Amplemarket: ISO 8601 in UTC with milliseconds (e.g. <c>2024-08-28T22:33:16.145Z</c>), as in its docs.</summary>
    public static string FormatAmplemarket(DateTimeOffset value) =>
        value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    /// <summary>
    /// Parses a timestamp. Strict (the default, <paramref name="acceptPartial"/> false): a full RFC 3339 date-time,
    /// with seconds and an offset (<c>Z</c> or <c>±hh:mm</c>). Lenient: any ISO 8601 date or date-time, a value
    /// without an offset taken as UTC. Anything else (e.g. <c>01/02/2025</c>, or an offset whose <c>+</c> was not
    /// URL-encoded) is rejected either way.
    /// </summary>
    public static bool TryParseIso8601(string? text, bool acceptPartial, out DateTimeOffset value)
    {
        value = default;
        if (text is null || !(acceptPartial ? Iso8601() : Rfc3339()).IsMatch(text))
        {
            return false;
        }

        if (!DateTimeOffset.TryParse(
                text,
                CultureInfo.InvariantCulture,
                DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal,
                out value))
        {
            return false;
        }

        value = value.ToUniversalTime();
        return true;
    }

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|z|[+-]\d{2}(:?\d{2})?)?)?$", RegexOptions.CultureInvariant)]
    private static partial Regex Iso8601();

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d{1,9})?([Zz]|[+-]\d{2}:\d{2})$", RegexOptions.CultureInvariant)]
    private static partial Regex Rfc3339();
}
