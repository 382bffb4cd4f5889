using Exclusions.Client.Topo;
using Refit;

namespace Exclusions.Client.Internal;

/// <summary>Refit settings per vendor, built once: System.Text.Json with the vendor's source-generated context.</summary>
internal static class RefitSettingsCache
{
    public static RefitSettings Topo { get; } = new(new SystemTextJsonContentSerializer(TopoJsonContext.Default.Options));
}
