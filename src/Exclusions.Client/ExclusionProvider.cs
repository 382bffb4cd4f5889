using System.ComponentModel;

namespace Exclusions.Client;

/// <summary>
/// Identifies the vendor behind a client, a record or an error. An extensible enumeration:
/// values other than the well-known ones survive a round trip unchanged.
/// </summary>
public readonly struct ExclusionProvider : IEquatable<ExclusionProvider>
{
    private readonly string? _value;

    /// <summary>Creates a provider value from its name.</summary>
    /// <param name="value">The provider name, e.g. <c>topo</c>.</param>
    public ExclusionProvider(string value)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(value);
        _value = value.Trim().ToLowerInvariant();
    }

    /// <summary>The Topo API (<c>https://api.topo.io/v1</c>).</summary>
    public static ExclusionProvider Topo { get; } = new("topo");

    /// <summary>The Amplemarket API (<c>https://api.amplemarket.com</c>).</summary>
    public static ExclusionProvider Amplemarket { get; } = new("amplemarket");

    /// <summary>The provider name in lower case, e.g. <c>topo</c>.</summary>
    public string Name => _value ?? string.Empty;

    /// <summary>Compares two providers by name.</summary>
    public static bool operator ==(ExclusionProvider left, ExclusionProvider right) => left.Equals(right);

    /// <summary>Compares two providers by name.</summary>
    public static bool operator !=(ExclusionProvider left, ExclusionProvider right) => !left.Equals(right);

    /// <inheritdoc />
    public bool Equals(ExclusionProvider other) => string.Equals(Name, other.Name, StringComparison.Ordinal);

    /// <inheritdoc />
    [EditorBrowsable(EditorBrowsableState.Never)]
    public override bool Equals(object? obj) => obj is ExclusionProvider other && Equals(other);

    /// <inheritdoc />
    [EditorBrowsable(EditorBrowsableState.Never)]
    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Name);

    /// <summary>The display name: <c>Topo</c>, <c>Amplemarket</c>, or the raw name.</summary>
    public override string ToString() => Name switch
    {
        "topo" => "Topo",
        "amplemarket" => "Amplemarket",
        _ => Name,
    };
}
