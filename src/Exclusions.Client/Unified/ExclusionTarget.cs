using System.Diagnostics.CodeAnalysis;
using Exclusions.Client.Internal;

namespace Exclusions.Client;

/// <summary>
/// A validated, normalized thing to exclude: an e-mail address, a LinkedIn URL or a domain. Create
/// one with <see cref="Email"/>, <see cref="Domain"/>, <see cref="LinkedInUrl"/> or
/// <see cref="TryCreate"/>; the value is put in the canonical form of docs/normalization.md (trimmed,
/// lower-cased, a domain URL reduced to its host, a leading <c>www.</c> dropped, an internationalized domain
/// converted to ASCII, an address's local part in Unicode NFC), so equal targets compare equal.
/// </summary>
public sealed class ExclusionTarget : IEquatable<ExclusionTarget>
{
    private ExclusionTarget(ExclusionTargetType type, string value)
    {
        Type = type;
        Value = value;
    }

    /// <summary>The kind of target.</summary>
    public ExclusionTargetType Type { get; }

    /// <summary>The normalized value.</summary>
    public string Value { get; }

    /// <summary>An e-mail address target.</summary>
    /// <param name="email">The address; trimmed and lower-cased.</param>
    /// <returns>The target.</returns>
    /// <exception cref="ArgumentException">The address is not valid.</exception>
    public static ExclusionTarget Email(string email) => new(ExclusionTargetType.Email, ValueNormalizer.NormalizeEmail(email, nameof(email)));

    /// <summary>A domain target; a URL such as <c>https://www.acme.com/about</c> becomes its host.</summary>
    /// <param name="domain">The domain or URL.</param>
    /// <returns>The target.</returns>
    /// <exception cref="ArgumentException">The value is empty or not a domain.</exception>
    public static ExclusionTarget Domain(string domain) => new(ExclusionTargetType.Domain, ValueNormalizer.NormalizeDomain(domain, nameof(domain)));

    /// <summary>A LinkedIn profile URL target; query string, fragment and trailing slash are dropped.</summary>
    /// <param name="url">The profile URL.</param>
    /// <returns>The target.</returns>
    /// <exception cref="ArgumentException">The value is not a LinkedIn URL.</exception>
    public static ExclusionTarget LinkedInUrl(string url) => new(ExclusionTargetType.LinkedInUrl, ValueNormalizer.NormalizeLinkedInUrl(url, nameof(url)));

    /// <summary>Creates a target of a given type.</summary>
    /// <param name="type">The type.</param>
    /// <param name="value">The raw value.</param>
    /// <returns>The target.</returns>
    /// <exception cref="ArgumentException">The value is not valid for the type.</exception>
    public static ExclusionTarget Create(ExclusionTargetType type, string value)
        => TryCreate(type, value, out var target, out var error) ? target : throw new ArgumentException(error, nameof(value));

    /// <summary>Creates a target of a given type without throwing.</summary>
    /// <param name="type">The type.</param>
    /// <param name="value">The raw value.</param>
    /// <param name="target">The target, when valid.</param>
    /// <param name="error">Why the value is invalid, when it is.</param>
    /// <returns>Whether the value is valid.</returns>
    public static bool TryCreate(ExclusionTargetType type, string? value, [NotNullWhen(true)] out ExclusionTarget? target, [NotNullWhen(false)] out string? error)
    {
        target = null;
        string? normalized;
        var ok = type switch
        {
            ExclusionTargetType.Email => ValueNormalizer.TryNormalizeEmail(value, out normalized, out error),
            ExclusionTargetType.Domain => ValueNormalizer.TryNormalizeDomain(value, out normalized, out error),
            ExclusionTargetType.LinkedInUrl => ValueNormalizer.TryNormalizeLinkedInUrl(value, out normalized, out error),
            _ => Unknown(out normalized, out error),
        };
        if (ok)
        {
            target = new ExclusionTarget(type, normalized!);
        }

        return ok;

        static bool Unknown(out string? normalized, out string? error)
        {
            normalized = null;
            error = "Unknown target type.";
            return false;
        }
    }

    /// <summary>
    /// A target as a vendor holds it: canonical form, but a domain keeps a leading <c>www.</c> (so the record can
    /// still be addressed as held); a value our validation would refuse is kept (trimmed, lower-cased) rather than dropped.
    /// </summary>
    internal static ExclusionTarget FromVendor(ExclusionTargetType type, string value)
    {
        if (type == ExclusionTargetType.Domain)
        {
            return ValueNormalizer.TryNormalizeStoredDomain(value, out var domain, out _) ? new(type, domain) : Trusted(type, value);
        }

        return TryCreate(type, value, out var target, out _) ? target : Trusted(type, value);
    }

    /// <summary>A target from a vendor's own data that our validation would refuse: kept (trimmed, lower-cased) rather than dropped.</summary>
    internal static ExclusionTarget Trusted(ExclusionTargetType type, string value) => new(type, value.Trim().ToLowerInvariant());

    /// <inheritdoc />
    public bool Equals(ExclusionTarget? other) => other is not null && Type == other.Type && string.Equals(Value, other.Value, StringComparison.Ordinal);

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as ExclusionTarget);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Type, StringComparer.Ordinal.GetHashCode(Value));

    /// <summary>The target as <c>type:value</c>, e.g. <c>domain:acme.com</c>.</summary>
    /// <returns>The text.</returns>
    public override string ToString() => TypeName(Type) + ":" + Value;

    internal static string TypeName(ExclusionTargetType type) => type switch
    {
        ExclusionTargetType.Email => "email",
        ExclusionTargetType.LinkedInUrl => "linkedin",
        ExclusionTargetType.Domain => "domain",
        _ => type.ToString().ToLowerInvariant(),
    };
}
