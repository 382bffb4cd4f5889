using System.Runtime.CompilerServices;
using System.Text;
using Exclusions.Client.Internal;

namespace Exclusions.Client;

/// <summary>The answer of <see cref="ExclusionSnapshot.Match(string, DateTimeOffset)"/>; allocation-free.</summary>
public readonly struct ExclusionMatch
{
    internal ExclusionMatch(ExclusionMatchKind kind, Exclusion exclusion)
    {
        Kind = kind;
        Exclusion = exclusion;
    }

    /// <summary>Whether an active exclusion covers the address.</summary>
    public bool IsExcluded => Kind != ExclusionMatchKind.None;

    /// <summary>How it matched.</summary>
    public ExclusionMatchKind Kind { get; }

    /// <summary>The exclusion that matched; <see langword="null"/> when none did.</summary>
    public Exclusion? Exclusion { get; }

    /// <summary>The match as <c>provider:type:value</c> (e.g. <c>topo:domain:acme.com</c>), or an empty string.</summary>
    /// <returns>The text.</returns>
    public override string ToString() => Exclusion is null ? string.Empty : $"{Exclusion.Provider.Name}:{Exclusion.Target}";
}
