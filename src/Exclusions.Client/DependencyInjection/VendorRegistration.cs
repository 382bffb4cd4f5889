using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Exclusions.Client.DependencyInjection;

/// <summary>
/// The four <c>Add…Exclusions</c> overloads of a vendor (in code or from a section; unkeyed or keyed),
/// written once for both vendors: argument checks, the typed client (<see cref="VendorClientRegistration"/>)
/// and, unkeyed, the vendor's <see cref="IExclusionClient"/> (<see cref="ExclusionClientRegistration"/>).
/// What differs per vendor is data: the names, the client and facade factories, the binding and the request customization.
/// </summary>
internal sealed class VendorRegistration<TClient, [DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicParameterlessConstructor)] TOptions>(
    ExclusionProvider provider,
    string httpClientName,
    Func<HttpClient, TOptions, ILoggerFactory?, TimeProvider?, TClient> createClient,
    Func<IServiceProvider, IExclusionClient> facade,
    Action<OptionsBuilder<TOptions>, IConfiguration> bind,
    Action<HttpRequestMessage>? customizeRequest = null)
    where TClient : class
    where TOptions : ExclusionClientOptions
{
    /// <summary>Registers the vendor configured in code; keyed when <paramref name="serviceKey"/> is given (checked by the caller with <see cref="Key"/>).</summary>
    public IHttpClientBuilder Add(IServiceCollection services, string? serviceKey, Action<TOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        return Register(services, serviceKey, builder => builder.Configure(configure), configurationPath: null);
    }

    /// <summary>Registers the vendor bound to a configuration section; keyed when <paramref name="serviceKey"/> is given.</summary>
    public IHttpClientBuilder Add(IServiceCollection services, string? serviceKey, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return Register(services, serviceKey, builder => bind(builder, configuration), (configuration as IConfigurationSection)?.Path);
    }

    /// <summary>A keyed overload's key, checked.</summary>
    public static string Key(string serviceKey)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(serviceKey);
        return serviceKey;
    }

    private IHttpClientBuilder Register(IServiceCollection services, string? serviceKey, Action<OptionsBuilder<TOptions>> configure, string? configurationPath)
    {
        var create = createClient;
        var builder = VendorClientRegistration.Add(
            services,
            httpClientName,
            serviceKey,
            configure,
            (http, options, sp) => create(http, options, sp.GetService<ILoggerFactory>(), sp.GetService<TimeProvider>()),
            customizeRequest,
            configurationPath);
        if (serviceKey is null)
        {
            // Keyed accounts are not part of ExclusionClients: one client per provider there.
            ExclusionClientRegistration.Add(services, provider, facade);
        }

        return builder;
    }
}
