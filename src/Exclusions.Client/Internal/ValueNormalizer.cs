using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;

namespace Exclusions.Client.Internal;

/// <summary>
/// The one normalization every value goes through before it is sent or compared — the policy written in
/// docs/normalization.md. The SDK, the CLI and the emulator (which compiles this same file) all use it.
/// <list type="bullet">
/// <item>Domains: a URL is reduced to its host; IDNA/UTS #46 to ASCII (punycode); lower case; one
/// trailing dot removed; leading <c>www.</c> labels dropped (on input only, see <see cref="TryNormalizeStoredDomain"/>).</item>
/// <item>Addresses: exactly one <c>@</c>; the local part in Unicode NFC, case-folded (internationalized
/// addresses, RFC 6531, are valid); the domain as above but keeping <c>www.</c>; RFC 5321 lengths
/// (local part ≤ 64 octets, address ≤ 254 octets, both in UTF-8).</item>
/// <item>Invisible and control characters (C0/C1 controls, NUL, U+FEFF, U+200B–U+200D, U+2060, lone
/// surrogates) make a value invalid; the error names the code point and its position.</item>
/// <item>Error messages echo at most <see cref="MaxEchoedLength"/> characters of a value, with control
/// and invisible characters escaped (<see cref="Quote"/>).</item>
/// </list>
/// Every method is total: it returns <see langword="false"/> with an error, or throws only
/// <see cref="ArgumentException"/> (the <c>Normalize*</c> methods).
/// </summary>
internal static class ValueNormalizer
{
    /// <summary>The most characters of a value an error message echoes.</summary>
    public const int MaxEchoedLength = 80;

    private const int MaxLocalPartOctets = 64;
    private const int MaxAddressOctets = 254;
    private const int MaxDomainLength = 253;
    private const int MaxLabelLength = 63;

    // STD3 rules would refuse '_', which real DNS names (and the vendors' own examples, e.g. new_domain.com)
    // contain; the label check below enforces letters, digits, '-' and '_' instead.
    private static readonly IdnMapping Idn = new() { AllowUnassigned = false, UseStd3AsciiRules = false };

    public static string NormalizeEmail(string? value, string paramName)
        => TryNormalizeEmail(value, out var normalized, out var error) ? normalized : throw new ArgumentException(error, paramName);

    public static string NormalizeDomain(string? value, string paramName)
        => TryNormalizeDomain(value, out var normalized, out var error) ? normalized : throw new ArgumentException(error, paramName);

    public static string NormalizeLinkedInUrl(string? value, string paramName)
        => TryNormalizeLinkedInUrl(value, out var normalized, out var error) ? normalized : throw new ArgumentException(error, paramName);

    /// <summary>The canonical form of an e-mail address, or why it is not one.</summary>
    public static bool TryNormalizeEmail(string? value, [NotNullWhen(true)] out string? normalized, [NotNullWhen(false)] out string? error)
    {
        normalized = null;
        var trimmed = value?.Trim();
        if (string.IsNullOrEmpty(trimmed))
        {
            error = "An e-mail address is required; the value is empty.";
            return false;
        }

        if (FindForbiddenCharacter(trimmed) is { } bad)
        {
            error = Quote(trimmed) + " is not a valid e-mail address: " + bad;
            return false;
        }

        var at = trimmed.LastIndexOf('@');
        if (at <= 0 || at == trimmed.Length - 1 || trimmed.IndexOf('@') != at)
        {
            error = Quote(trimmed) + " is not a valid e-mail address: it needs exactly one '@' with text on both sides.";
            return false;
        }

        var local = trimmed[..at];
        if (local.StartsWith('.') || local.EndsWith('.') || local.Contains("..", StringComparison.Ordinal))
        {
            error = Quote(trimmed) + " is not a valid e-mail address: the part before '@' starts or ends with '.' or contains '..'.";
            return false;
        }

        foreach (var c in local)
        {
            if (char.IsWhiteSpace(c) || c is '(' or ')' or ',' or ':' or ';' or '<' or '>' or '[' or ']' or '\\' or '"')
            {
                error = Quote(trimmed) + " is not a valid e-mail address: " + Describe(c) + " is not allowed before '@'.";
                return false;
            }
        }

        if (!TryNormalizeHost(trimmed[(at + 1)..], dropWww: false, out var domain, out var domainError))
        {
            error = Quote(trimmed) + " is not a valid e-mail address: " + domainError;
            return false;
        }

        local = CanonicalLocalPart(local);
        var localOctets = Encoding.UTF8.GetByteCount(local);
        if (localOctets > MaxLocalPartOctets)
        {
            error = Quote(trimmed) + $" is not a valid e-mail address: the part before '@' is {localOctets} octets long (at most {MaxLocalPartOctets}).";
            return false;
        }

        var address = local + "@" + domain;
        var addressOctets = Encoding.UTF8.GetByteCount(address);
        if (addressOctets > MaxAddressOctets)
        {
            error = Quote(trimmed) + $" is not a valid e-mail address: it is {addressOctets} octets long (at most {MaxAddressOctets}).";
            return false;
        }

        normalized = address;
        error = null;
        return true;
    }

    /// <summary>The canonical form of a domain given as input (leading <c>www.</c> dropped), or why it is not one.</summary>
    public static bool TryNormalizeDomain(string? value, [NotNullWhen(true)] out string? normalized, [NotNullWhen(false)] out string? error)
        => TryNormalizeDomain(value, dropWww: true, out normalized, out error);

    /// <summary>
    /// The canonical form of a domain as a vendor stores it: like <see cref="TryNormalizeDomain(string?, out string?, out string?)"/>
    /// but a leading <c>www.</c> is kept, so the record can still be addressed as it is held.
    /// </summary>
    public static bool TryNormalizeStoredDomain(string? value, [NotNullWhen(true)] out string? normalized, [NotNullWhen(false)] out string? error)
        => TryNormalizeDomain(value, dropWww: false, out normalized, out error);

    /// <summary>The domain a record covers in checks: <c>www.X</c> covers exactly what <c>X</c> covers.</summary>
    public static string MatchKeyOfDomain(string canonicalDomain) => DropWww(canonicalDomain);

    public static bool TryNormalizeLinkedInUrl(string? value, [NotNullWhen(true)] out string? normalized, [NotNullWhen(false)] out string? error)
    {
        normalized = null;
        var trimmed = value?.Trim();
        if (string.IsNullOrEmpty(trimmed))
        {
            error = "A LinkedIn URL is required; the value is empty.";
            return false;
        }

        if (FindForbiddenCharacter(trimmed) is { } bad)
        {
            error = Quote(trimmed) + " is not a LinkedIn profile URL: " + bad;
            return false;
        }

        var candidate = trimmed.Contains("://", StringComparison.Ordinal) ? trimmed : "https://" + trimmed;
        if (!TryCreateUri(candidate, out var uri)
            || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)
            || !(uri.Host.Equals("linkedin.com", StringComparison.OrdinalIgnoreCase) || uri.Host.EndsWith(".linkedin.com", StringComparison.OrdinalIgnoreCase))
            || uri.AbsolutePath.Length <= 1)
        {
            error = Quote(trimmed) + " is not a LinkedIn profile URL (expected e.g. https://www.linkedin.com/in/jane-doe).";
            return false;
        }

        // Query strings and fragments are tracking noise; a trailing slash is not part of the identity.
        var path = uri.AbsolutePath.TrimEnd('/');
        normalized = "https://" + uri.Host.ToLowerInvariant() + path;
        error = null;
        return true;
    }

    /// <summary>
    /// A value as an error message may show it: in double quotes, at most <see cref="MaxEchoedLength"/>
    /// characters (then <c>…</c> and the full length), control, invisible, bidirectional formatting and unpaired
    /// surrogate characters escaped as <c>\u{XXXX}</c>.
    /// </summary>
    public static string Quote(string? value)
        => value is null ? "(null)" : Echo(value, quoted: true);

    /// <summary>
    /// A value as an error message may show it where quotes would be noise (a file path before <c>:</c>): like
    /// <see cref="Quote"/> without the quotes, so at most <see cref="MaxEchoedLength"/> characters, escaped.
    /// </summary>
    public static string Shorten(string? value)
        => value is null ? "(null)" : Echo(value, quoted: false);

    /// <summary>
    /// A whole message (e.g. a parser's, which quotes a raw argument) with control, invisible, bidirectional
    /// formatting and unpaired surrogate characters escaped as <c>\u{XXXX}</c>; line breaks too, so it stays one line.
    /// </summary>
    public static string EscapeControls(string message)
    {
        var i = 0;
        while (i < message.Length && !NeedsEscapeAt(message, i))
        {
            i++;
        }

        if (i == message.Length)
        {
            return message;
        }

        var builder = new StringBuilder(message.Length + 16).Append(message, 0, i);
        for (; i < message.Length; i++)
        {
            if (char.IsHighSurrogate(message[i]) && i + 1 < message.Length && char.IsLowSurrogate(message[i + 1]))
            {
                builder.Append(message[i]).Append(message[i + 1]);
                i++;
            }
            else if (NeedsEscape(message[i]))
            {
                builder.Append(CultureInfo.InvariantCulture, $"\\u{{{(int)message[i]:X4}}}");
            }
            else
            {
                builder.Append(message[i]);
            }
        }

        return builder.ToString();
    }

    /// <summary>Whether <see cref="Quote"/> would change <paramref name="value"/> beyond adding quotes (too long, or a character to escape).</summary>
    public static bool NeedsQuoting(string value)
    {
        if (value.Length > MaxEchoedLength)
        {
            return true;
        }

        for (var i = 0; i < value.Length; i++)
        {
            if (NeedsEscapeAt(value, i))
            {
                return true;
            }
        }

        return false;
    }

    private static bool NeedsEscapeAt(string value, int i)
        => char.IsHighSurrogate(value[i])
            ? !(i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
            : (char.IsLowSurrogate(value[i]) && !(i > 0 && char.IsHighSurrogate(value[i - 1]))) || (!char.IsLowSurrogate(value[i]) && NeedsEscape(value[i]));

    private static string Echo(string value, bool quoted)
    {
        var builder = new StringBuilder(Math.Min(value.Length, MaxEchoedLength) + 8);
        if (quoted)
        {
            builder.Append('"');
        }

        var shown = 0;
        var i = 0;
        for (; i < value.Length && shown < MaxEchoedLength; i++, shown++)
        {
            var c = value[i];
            if (char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
            {
                builder.Append(c).Append(value[i + 1]);
                i++;
            }
            else if (NeedsEscape(c))
            {
                builder.Append(CultureInfo.InvariantCulture, $"\\u{{{(int)c:X4}}}");
            }
            else
            {
                builder.Append(c);
            }
        }

        if (quoted)
        {
            builder.Append('"');
        }

        if (i < value.Length)
        {
            builder.Append(CultureInfo.InvariantCulture, $"… ({value.Length} characters)");
        }

        return builder.ToString();
    }

    /// <summary>
    /// The first character the policy refuses inside a value (a control, an invisible format character or
    /// an unpaired surrogate), described with its code point and 1-based position; <see langword="null"/> when none.
    /// </summary>
    public static string? FindForbiddenCharacter(string value)
    {
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (char.IsHighSurrogate(c))
            {
                if (i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
                {
                    i++;
                    continue;
                }

                return $"it contains an unpaired surrogate {Describe(c)} at position {i + 1}.";
            }

            if (char.IsLowSurrogate(c))
            {
                return $"it contains an unpaired surrogate {Describe(c)} at position {i + 1}.";
            }

            if (IsForbidden(c))
            {
                return $"it contains the invisible or control character {Describe(c)} at position {i + 1}.";
            }
        }

        return null;
    }

    private static bool IsForbidden(char c) =>
        c <= '\u001F' || (c >= '\u007F' && c <= '\u009F') || c == '\uFEFF' || (c >= '\u200B' && c <= '\u200D') || c == '\u2060';

    private static bool NeedsEscape(char c) => IsForbidden(c) || char.IsSurrogate(c) || c is '\u2028' or '\u2029' || IsBidiControl(c);

    /// <summary>
    /// Bidirectional formatting characters (LRM/RLM U+200E/U+200F, embeddings and overrides U+202A–U+202E, isolates
    /// U+2066–U+2069): echoed raw, they reorder the rest of the message line (a "Trojan Source" display).
    /// </summary>
    private static bool IsBidiControl(char c) => c is '\u200E' or '\u200F' or (>= '\u202A' and <= '\u202E') or (>= '\u2066' and <= '\u2069');

    private static string Describe(char c) => string.Create(CultureInfo.InvariantCulture, $"U+{(int)c:X4}");

    /// <summary>
    /// Case-insensitive canonical form of a local part: NFC, then upper case, then lower case (invariant, simple
    /// case mapping: <c>ſ</c> and <c>s</c>, <c>K</c> (Kelvin) and <c>k</c> become one), then NFC again, repeated
    /// until nothing changes so that the result is a fixed point (normalizing twice changes nothing).
    /// </summary>
    private static string CanonicalLocalPart(string local)
    {
        var current = Nfc(local);
        for (var round = 0; round < 4; round++)
        {
            var next = Nfc(current.ToUpperInvariant().ToLowerInvariant());
            if (string.Equals(next, current, StringComparison.Ordinal))
            {
                break;
            }

            current = next;
        }

        return current;

        static string Nfc(string value) => value.IsNormalized(NormalizationForm.FormC) ? value : value.Normalize(NormalizationForm.FormC);
    }

    private static bool TryNormalizeDomain(string? value, bool dropWww, [NotNullWhen(true)] out string? normalized, [NotNullWhen(false)] out string? error)
    {
        normalized = null;
        var trimmed = value?.Trim();
        if (string.IsNullOrEmpty(trimmed))
        {
            error = "A domain is required; the value is empty.";
            return false;
        }

        if (FindForbiddenCharacter(trimmed) is { } bad)
        {
            error = Quote(trimmed) + " is not a valid domain: " + bad;
            return false;
        }

        var host = trimmed;
        if (trimmed.Contains("://", StringComparison.Ordinal) || trimmed.Contains('/', StringComparison.Ordinal))
        {
            // A domain given as a URL ("https://www.acme.com/about", "acme.com/pricing") means its host.
            var candidate = trimmed.Contains("://", StringComparison.Ordinal) ? trimmed : "http://" + trimmed;
            if (!TryCreateUri(candidate, out var uri) || string.IsNullOrEmpty(uri.Host)
                || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)
                || uri.HostNameType != UriHostNameType.Dns)
            {
                error = Quote(trimmed) + " is neither a domain nor an http(s) URL.";
                return false;
            }

            host = uri.Host;
        }

        if (!TryNormalizeHost(host, dropWww, out normalized, out var hostError))
        {
            error = Quote(trimmed) + " is not a valid domain: " + hostError;
            return false;
        }

        error = null;
        return true;
    }

    private static bool TryCreateUri(string candidate, [NotNullWhen(true)] out Uri? uri)
    {
        try
        {
            return Uri.TryCreate(candidate, UriKind.Absolute, out uri);
        }
        catch (UriFormatException)
        {
            // Uri.TryCreate can still throw on some malformed IDN hosts.
            uri = null;
            return false;
        }
    }

    private static bool TryNormalizeHost(string host, bool dropWww, [NotNullWhen(true)] out string? normalized, [NotNullWhen(false)] out string? error)
    {
        normalized = null;
        host = host.Trim();
        if (host.EndsWith('.'))
        {
            host = host[..^1];
        }

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
            error = "the domain contains characters not allowed in a domain name.";
            return false;
        }

        if (ascii.Length > MaxDomainLength)
        {
            error = $"the domain is longer than {MaxDomainLength} characters.";
            return false;
        }

        var labels = ascii.Split('.');
        if (labels.Length < 2)
        {
            error = "the domain has no top-level domain (expected e.g. acme.com).";
            return false;
        }

        foreach (var label in labels)
        {
            if (label.Length is 0 or > MaxLabelLength || label[0] == '-' || label[^1] == '-')
            {
                error = "the domain has an empty or malformed label.";
                return false;
            }

            foreach (var c in label)
            {
                if (!(char.IsAsciiLetterOrDigit(c) || c == '-' || c == '_'))
                {
                    error = "the domain contains " + Describe(c) + ", which is not allowed in a domain name.";
                    return false;
                }
            }
        }

        normalized = dropWww ? DropWww(ascii) : ascii;
        error = null;
        return true;
    }

    /// <summary>Drops leading <c>www.</c> labels while at least two labels remain (<c>www.com</c> stays).</summary>
    private static string DropWww(string domain)
    {
        var start = 0;
        while (domain.AsSpan(start).StartsWith("www.", StringComparison.OrdinalIgnoreCase)
            && domain.AsSpan(start + 4).Contains('.'))
        {
            start += 4;
        }

        return start == 0 ? domain : domain[start..];
    }
}
