using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Exclusions.Client.DependencyInjection;

/// <summary>
/// Registers a vendor's <see cref="IExclusionClient"/>: keyed by the provider name, in
/// <c>IEnumerable&lt;IExclusionClient&gt;</c> (once, however often the vendor is registered), and the
/// <see cref="ExclusionClients"/> composite over all of them.
/// </summary>
internal static class ExclusionClientRegistration
{
    public static void Add(IServiceCollection services, ExclusionProvider provider, Func<IServiceProvider, IExclusionClient> factory)
    {
        if (services.Any(d => d.ServiceType == typeof(ProviderMarker) && d.ImplementationInstance is ProviderMarker m && m.Provider == provider))
        {
            return;
        }

        services.AddSingleton(new ProviderMarker(provider));
        services.AddKeyedTransient<IExclusionClient>(provider.Name, (sp, _) => factory(sp));
        services.AddTransient(factory);
        services.TryAddTransient(sp => new ExclusionClients(sp.GetServices<IExclusionClient>()));
    }

    private sealed record ProviderMarker(ExclusionProvider Provider);
}
