namespace Exclusions.Client.Topo;

/// <summary>
/// The three things a PATCH can do to an exclusion's expiry: leave it, make the exclusion permanent,
/// or set a new moment. The default value is <see cref="Unchanged"/>.
/// </summary>
public readonly struct UntilUpdate : IEquatable<UntilUpdate>
{
    private UntilUpdate(bool isSet, DateTimeOffset? value)
    {
        IsSet = isSet;
        Value = value;
    }

    /// <summary>Leave the expiry as it is: <c>until</c> is omitted from the body.</summary>
    public static UntilUpdate Unchanged => default;

    /// <summary>Make the exclusion permanent: <c>"until": null</c> is sent.</summary>
    public static UntilUpdate Permanent => new(true, null);

    /// <summary>Whether <c>until</c> is sent at all.</summary>
    public bool IsSet { get; }

    /// <summary>Whether this makes the exclusion permanent.</summary>
    public bool IsPermanent => IsSet && Value is null;

    /// <summary>The new expiry, when one is set.</summary>
    public DateTimeOffset? Value { get; }

    /// <summary>Set a new expiry.</summary>
    /// <param name="until">When the exclusion lifts.</param>
    /// <returns>The update.</returns>
    public static UntilUpdate At(DateTimeOffset until) => new(true, until);

    /// <summary>Set a new expiry.</summary>
    /// <param name="until">When the exclusion lifts.</param>
    public static implicit operator UntilUpdate(DateTimeOffset until) => At(until);

    /// <summary>Compares two updates.</summary>
    public static bool operator ==(UntilUpdate left, UntilUpdate right) => left.Equals(right);

    /// <summary>Compares two updates.</summary>
    public static bool operator !=(UntilUpdate left, UntilUpdate right) => !left.Equals(right);

    /// <inheritdoc />
    public bool Equals(UntilUpdate other) => IsSet == other.IsSet && Nullable.Equals(Value, other.Value);

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is UntilUpdate other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(IsSet, Value);

    /// <inheritdoc />
    public override string ToString() => !IsSet ? "Unchanged" : Value is null ? "Permanent" : Value.Value.ToString("O", System.Globalization.CultureInfo.InvariantCulture);
}
