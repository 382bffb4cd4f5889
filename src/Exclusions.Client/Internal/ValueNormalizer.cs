using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;

namespace Exclusions.Client.Internal;

/// <summary>
/// The one normalization every value goes through before it is sent or compared: trimmed,
/// e-mail addresses and domains lower-cased, a domain given as a URL reduced to its host,
/// internationalized domain names converted to their ASCII (punycode) form so that
/// <c>bücher.de</c> and <c>xn--bcher-kva.de</c> are the same value.
/// </summary>
internal static class ValueNormalizer
{
    // STD3 rules would refuse '_', which real DNS names (and the vendors' own examples, e.g. new_domain.com)
    // contain; the label check below enforces letters, digits, '-' and '_' instead.
    private static readonly IdnMapping Idn = new() { AllowUnassigned = false, UseStd3AsciiRules = false };

    public static string NormalizeEmail(string? value, string paramName)
        => TryNormalizeEmail(value, out var normalized, out var error) ? normalized : throw new ArgumentException(error, paramName);

    public static string NormalizeDomain(string? value, string paramName)
        => TryNormalizeDomain(value, out var normalized, out var error) ? normalized : throw new ArgumentException(error, paramName);

    public static string NormalizeLinkedInUrl(string? value, string paramName)
        => TryNormalizeLinkedInUrl(value, out var normalized, out var error) ? normalized : throw new ArgumentException(error, paramName);

    public static bool TryNormalizeEmail(string? value, [NotNullWhen(true)] out string? normalized, [NotNullWhen(false)] out string? error)
    {
        normalized = null;
        var trimmed = value?.Trim();
        if (string.IsNullOrEmpty(trimmed))
        {
            error = "An e-mail address is required; the value is empty.";
            return false;
        }

        var at = trimmed.LastIndexOf('@');
        if (at <= 0 || at == trimmed.Length - 1 || trimmed.IndexOf('@') != at)
        {
            error = "'" + trimmed + "' is not a valid e-mail address: it needs exactly one '@' with text on both sides.";
            return false;
        }

        var local = trimmed[..at];
        if (local.Length > 64 || local.StartsWith('.') || local.EndsWith('.') || local.Contains("..", StringComparison.Ordinal))
        {
            error = "'" + trimmed + "' is not a valid e-mail address: the part before '@' is malformed.";
            return false;
        }

        foreach (var c in local)
        {
            if (char.IsWhiteSpace(c) || char.IsControl(c) || c is '(' or ')' or ',' or ':' or ';' or '<' or '>' or '[' or ']' or '\\' or '"')
            {
                error = "'" + trimmed + "' is not a valid e-mail address: it contains a character not allowed before '@'.";
                return false;
            }
        }

        if (!TryNormalizeHost(trimmed[(at + 1)..], out var domain, out var domainError))
        {
            error = "'" + trimmed + "' is not a valid e-mail address: " + domainError;
            return false;
        }

        if (!local.IsNormalized(NormalizationForm.FormC))
        {
            local = local.Normalize(NormalizationForm.FormC);
        }

        normalized = local.ToLowerInvariant() + "@" + domain;
        error = null;
        return true;
    }

    public static bool TryNormalizeDomain(string? value, [NotNullWhen(true)] out string? normalized, [NotNullWhen(false)] out string? error)
    {
        normalized = null;
        var trimmed = value?.Trim();
        if (string.IsNullOrEmpty(trimmed))
        {
            error = "A domain is required; the value is empty.";
            return false;
        }

        var host = trimmed;
        if (trimmed.Contains("://", StringComparison.Ordinal) || trimmed.Contains('/', StringComparison.Ordinal))
        {
            // A domain given as a URL ("https://www.acme.com/about", "acme.com/pricing") means its host.
            var candidate = trimmed.Contains("://", StringComparison.Ordinal) ? trimmed : "http://" + trimmed;
            if (!Uri.TryCreate(candidate, UriKind.Absolute, out var uri) || string.IsNullOrEmpty(uri.Host)
                || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
            {
                error = "'" + trimmed + "' is neither a domain nor an http(s) URL.";
                return false;
            }

            host = uri.IdnHost;
        }

        if (!TryNormalizeHost(host, out normalized, out var hostError))
        {
            error = "'" + trimmed + "' is not a valid domain: " + hostError;
            return false;
        }

        error = null;
        return true;
    }

    public static bool TryNormalizeLinkedInUrl(string? value, [NotNullWhen(true)] out string? normalized, [NotNullWhen(false)] out string? error)
    {
        normalized = null;
        var trimmed = value?.Trim();
        if (string.IsNullOrEmpty(trimmed))
        {
            error = "A LinkedIn URL is required; the value is empty.";
            return false;
        }

        var candidate = trimmed.Contains("://", StringComparison.Ordinal) ? trimmed : "https://" + trimmed;
        if (!Uri.TryCreate(candidate, UriKind.Absolute, out var uri)
            || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)
            || !(uri.Host.Equals("linkedin.com", StringComparison.OrdinalIgnoreCase) || uri.Host.EndsWith(".linkedin.com", StringComparison.OrdinalIgnoreCase))
            || uri.AbsolutePath.Length <= 1)
        {
            error = "'" + trimmed + "' is not a LinkedIn profile URL (expected e.g. https://www.linkedin.com/in/jane-doe).";
            return false;
        }

        // Query strings and fragments are tracking noise; a trailing slash is not part of the identity.
        var path = uri.AbsolutePath.TrimEnd('/');
        normalized = "https://" + uri.Host.ToLowerInvariant() + path;
        error = null;
        return true;
    }

    private static bool TryNormalizeHost(string host, [NotNullWhen(true)] out string? normalized, [NotNullWhen(false)] out string? error)
    {
        normalized = null;
        host = host.Trim().TrimEnd('.');
        if (host.Length == 0)
        {
            error = "the domain is empty.";
            return false;
        }

        string ascii;
        try
        {
            ascii = Idn.GetAscii(host).ToLowerInvariant();
        }
        catch (ArgumentException)
        {
            error = "'" + host + "' contains characters not allowed in a domain.";
            return false;
        }

        if (ascii.Length > 253)
        {
            error = "the domain is longer than 253 characters.";
            return false;
        }

        var labels = ascii.Split('.');
        if (labels.Length < 2)
        {
            error = "'" + host + "' has no top-level domain (expected e.g. acme.com).";
            return false;
        }

        foreach (var label in labels)
        {
            if (label.Length is 0 or > 63 || label[0] == '-' || label[^1] == '-')
            {
                error = "'" + host + "' has an empty or malformed label.";
                return false;
            }

            foreach (var c in label)
            {
                if (!(char.IsAsciiLetterOrDigit(c) || c == '-' || c == '_'))
                {
                    error = "'" + host + "' contains characters not allowed in a domain.";
                    return false;
                }
            }
        }

        normalized = ascii;
        error = null;
        return true;
    }
}
