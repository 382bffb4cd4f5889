using Exclusions.Client.Amplemarket;
using Exclusions.Client.Topo;
using Refit;

namespace Exclusions.Client.Internal;

/// <summary>Refit settings per vendor, built once: System.Text.Json with the vendor's source-generated context.</summary>
internal static class RefitSettingsCache
{
    public static RefitSettings Topo { get; } = new(new SystemTextJsonContentSerializer(TopoJsonContext.Default.Options));

    /// <summary>As Topo's, but bodies are labelled <c>application/vnd.amp+json</c>.</summary>
    public static RefitSettings Amplemarket { get; } = new(new AmplemarketContentSerializer(new SystemTextJsonContentSerializer(AmplemarketJsonContext.Default.Options)));
}
