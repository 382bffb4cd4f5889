namespace Exclusions.Client.Testing;

/// <summary>The vendor API an emulated request was addressed to.</summary>
public enum EmulatedVendor
{
    /// <summary>The Topo API, served under <c>/v1</c>.</summary>
    Topo,

    /// <summary>The Amplemarket API, served at the root.</summary>
    Amplemarket,
}
