using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using Exclusions.Client;
using Exclusions.Client.Internal;

namespace Exclusions.Cli.Input;

/// <summary>
/// How the CLI spells and parses what users type: target types (<c>email</c>, <c>linkedin</c>,
/// <c>domain</c>), providers, reasons and <c>--until</c>. Value normalization itself is the SDK's
/// (<see cref="ExclusionTarget.TryCreate"/>), never repeated here.
/// </summary>
internal static class CliValues
{
    public static readonly string[] TypeNames = ["email", "linkedin", "domain"];

    public static readonly string[] ProviderNames = ["topo", "amplemarket"];

    public static string TypeName(ExclusionTargetType type) => type switch
    {
        ExclusionTargetType.Email => "email",
        ExclusionTargetType.LinkedInUrl => "linkedin",
        ExclusionTargetType.Domain => "domain",
        _ => type.ToString().ToLowerInvariant(),
    };

    public static bool TryParseType(string? text, out ExclusionTargetType type)
    {
        switch (text?.Trim().ToLowerInvariant())
        {
            case "email":
                type = ExclusionTargetType.Email;
                return true;
            case "linkedin":
                type = ExclusionTargetType.LinkedInUrl;
                return true;
            case "domain":
                type = ExclusionTargetType.Domain;
                return true;
            default:
                type = default;
                return false;
        }
    }

    public static ExclusionProvider ParseProvider(string name) => new(name);

    /// <summary>A reason code: trimmed and upper-cased (Topo's codes are upper-case); empty means none.</summary>
    public static ExclusionReason? ParseReason(string? text)
        => string.IsNullOrWhiteSpace(text) ? null : (ExclusionReason?)new ExclusionReason(text.Trim().ToUpperInvariant());

    /// <summary>An ISO 8601 moment in the future; without an offset it is read as UTC.</summary>
    public static bool TryParseUntil(string? text, DateTimeOffset now, out DateTimeOffset? until, [NotNullWhen(false)] out string? error)
    {
        until = null;
        error = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            return true;
        }

        if (!DateTimeOffset.TryParse(text.Trim(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AllowWhiteSpaces, out var parsed)
            || !LooksIso8601(text.Trim()))
        {
            error = $"until {ValueNormalizer.Quote(text.Trim())} is not an ISO 8601 date or date-time (e.g. 2030-01-31 or 2030-01-31T09:00:00Z)";
            return false;
        }

        if (parsed <= now)
        {
            error = $"until {ValueNormalizer.Quote(text.Trim())} is not in the future";
            return false;
        }

        until = parsed.ToUniversalTime();
        return true;
    }

    /// <summary>The one text form the CLI prints moments in: UTC, ISO 8601, no needless fraction.</summary>
    public static string FormatMoment(DateTimeOffset value)
        => value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture);

    // DateTimeOffset.TryParse also accepts "Jan 5" or "5/1/2030"; ISO 8601 starts with a four-digit year and a dash.
    private static bool LooksIso8601(string text)
        => text.Length >= 10 && char.IsAsciiDigit(text[0]) && char.IsAsciiDigit(text[1]) && char.IsAsciiDigit(text[2]) && char.IsAsciiDigit(text[3]) && text[4] == '-';
}
