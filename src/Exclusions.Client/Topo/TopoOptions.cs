namespace Exclusions.Client.Topo;

/// <summary>Settings for <see cref="TopoExclusionsClient"/>. Bind from configuration or set in code.</summary>
public sealed class TopoOptions : ExclusionClientOptions
{
    /// <summary>Topo's production base address, <c>https://api.topo.io/v1</c>.</summary>
    public static Uri DefaultBaseAddress { get; } = new("https://api.topo.io/v1");

    /// <summary>Creates options pointing at <see cref="DefaultBaseAddress"/>.</summary>
    public TopoOptions()
        : base(DefaultBaseAddress)
    {
    }
}
