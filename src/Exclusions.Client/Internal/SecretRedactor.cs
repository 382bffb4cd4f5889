using System.Text.RegularExpressions;

namespace Exclusions.Client.Internal;

/// <summary>Removes secrets (the API key, any bearer token) from text that may reach a log or an exception.</summary>
internal static partial class SecretRedactor
{
    public const string Mask = "***";

    public static string Redact(string text, string? apiKey)
    {
        if (string.IsNullOrEmpty(text))
        {
            return text;
        }

        if (!string.IsNullOrEmpty(apiKey))
        {
            text = text.Replace(apiKey, Mask, StringComparison.Ordinal);
        }

        return BearerToken().Replace(text, "Bearer " + Mask);
    }

    [GeneratedRegex(@"Bearer\s+[A-Za-z0-9\-\._~\+/=]+", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex BearerToken();
}
