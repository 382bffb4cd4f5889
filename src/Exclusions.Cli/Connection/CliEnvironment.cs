using Exclusions.Client;
using Exclusions.Client.Amplemarket;
using Exclusions.Client.Topo;

namespace Exclusions.Cli.Connection;

/// <summary>The environment variables one vendor is configured by (keys never come from the command line).</summary>
/// <param name="Provider">The vendor.</param>
/// <param name="ApiKeyVariable">Holds the API key.</param>
/// <param name="BaseUrlVariable">Overrides the base URL.</param>
/// <param name="RateLimitVariable">Overrides the client-side requests per minute.</param>
/// <param name="DefaultBaseAddress">The vendor's production base URL.</param>
internal sealed record ProviderVariables(
    ExclusionProvider Provider,
    string ApiKeyVariable,
    string BaseUrlVariable,
    string RateLimitVariable,
    Uri DefaultBaseAddress)
{
    public static ProviderVariables Topo { get; } = new(ExclusionProvider.Topo, "TOPO_API_KEY", "TOPO_BASE_URL", "TOPO_RATE_LIMIT", TopoOptions.DefaultBaseAddress);

    public static ProviderVariables Amplemarket { get; } = new(ExclusionProvider.Amplemarket, "AMPLEMARKET_API_KEY", "AMPLEMARKET_BASE_URL", "AMPLEMARKET_RATE_LIMIT", AmplemarketOptions.DefaultBaseAddress);

    public static IReadOnlyList<ProviderVariables> All { get; } = [Topo, Amplemarket];

    /// <summary>The variable (or option) the user sets an SDK option by, for validation messages: <c>ApiKey</c> is <c>TOPO_API_KEY</c>.</summary>
    /// <param name="setting">The option's path, e.g. <c>ApiKey</c> or <c>Resilience:MaxRetries</c>.</param>
    public string SettingName(string setting) => setting switch
    {
        nameof(ExclusionClientOptions.ApiKey) => ApiKeyVariable,
        nameof(ExclusionClientOptions.BaseAddress) => BaseUrlVariable,
        nameof(TopoOptions.RequestsPerMinute) => RateLimitVariable,
        nameof(TopoOptions.BulkConcurrency) => "--concurrency",
        _ => $"{Provider} {setting}",
    };

    public static ProviderVariables For(ExclusionProvider provider)
        => All.FirstOrDefault(v => v.Provider == provider) ?? throw new ArgumentOutOfRangeException(nameof(provider), provider, "Unknown provider.");
}
