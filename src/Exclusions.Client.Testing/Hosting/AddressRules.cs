using System.Text.RegularExpressions;

namespace Exclusions.Client.Testing.Hosting;

/// <summary>
/// The emulator's (deliberately simple) notion of a valid email address and domain, shared by both vendors.
/// Neither vendor documents its rules; these reject what is clearly not an address and nothing more.
/// </summary>
internal static partial class AddressRules
{
    public static bool IsValidEmail(string value) => value.Length <= 254 && Email().IsMatch(value);

    /// <summary>
    /// A bare host name with at least two labels. Underscores are allowed because Amplemarket's own
    /// examples use them (<c>new_domain.com</c>); schemes, paths, ports and spaces are not. An internationalized
    /// top-level domain is valid in its ASCII form (<c>xn--4rr70v</c>).
    /// </summary>
    public static bool IsValidDomain(string value) => value.Length <= 253 && Domain().IsMatch(value);

    public static bool IsValidLinkedInUrl(string value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri)
        && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp)
        && !value.Any(char.IsWhiteSpace);

    [GeneratedRegex(@"^[^@\s]+@([A-Za-z0-9_]([A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?\.)+([A-Za-z0-9]{2,63}|[Xx][Nn]--[A-Za-z0-9-]{1,59})$", RegexOptions.CultureInvariant)]
    private static partial Regex Email();

    [GeneratedRegex(@"^([A-Za-z0-9_]([A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?\.)+([A-Za-z0-9]{2,63}|[Xx][Nn]--[A-Za-z0-9-]{1,59})$", RegexOptions.CultureInvariant)]
    private static partial Regex Domain();
}
