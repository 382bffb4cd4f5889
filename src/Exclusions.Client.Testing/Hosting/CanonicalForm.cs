using Exclusions.Client.Internal;

namespace Exclusions.Client.Testing.Hosting;

/// <summary>
/// How the emulated vendors compare stored values: in the canonical form of docs/normalization.md (the
/// same <see cref="ValueNormalizer"/> source file the SDK compiles), so <c>münchen.de</c>, <c>MÜNCHEN.DE</c>
/// and <c>xn--mnchen-3ya.de</c> are one domain, and <c>JÖRG@x.com</c> and <c>jo&#x308;rg@x.com</c> one address.
/// A leading <c>www.</c> is kept: a vendor holds <c>www.X</c> and <c>X</c> as two records, and the SDK (not
/// the vendor) makes <c>www.X</c> cover <c>X</c> in checks. A value the policy refuses compares lower-cased.
/// </summary>
internal static class CanonicalForm
{
    public static string Email(string value)
        => ValueNormalizer.TryNormalizeEmail(value, out var email, out _) ? email : value.Trim().ToLowerInvariant();

    public static string Domain(string value)
        => ValueNormalizer.TryNormalizeStoredDomain(value, out var domain, out _) ? domain : value.Trim().ToLowerInvariant();

    public static bool SameEmail(string? stored, string? other)
        => stored is not null && other is not null && string.Equals(Email(stored), Email(other), StringComparison.Ordinal);

    public static bool SameDomain(string? stored, string? other)
        => stored is not null && other is not null && string.Equals(Domain(stored), Domain(other), StringComparison.Ordinal);
}
