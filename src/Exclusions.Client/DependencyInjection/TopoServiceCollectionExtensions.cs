using Exclusions.Client;
using Exclusions.Client.DependencyInjection;
using Exclusions.Client.Topo;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

#pragma warning disable IDE0130 // Extension methods live in the DI namespace, as ASP.NET Core's do.
namespace Microsoft.Extensions.DependencyInjection;
#pragma warning restore IDE0130

/// <summary>Registers <see cref="TopoExclusionsClient"/> with dependency injection.</summary>
public static class TopoServiceCollectionExtensions
{
    /// <summary>The name of the <see cref="HttpClient"/> the Topo client uses (for <c>IHttpClientFactory</c> configuration).</summary>
    public const string HttpClientName = "Exclusions.Client.Topo";

    private static readonly VendorRegistration<TopoExclusionsClient, TopoOptions> Vendor = new(
        ExclusionProvider.Topo,
        HttpClientName,
        static (http, options, logging, time) => new TopoExclusionsClient(http, options, logging, time),
        static sp => sp.GetRequiredService<TopoExclusionsClient>().AsExclusionClient(sp.GetRequiredService<IOptions<TopoOptions>>().Value),
        Bind);

    /// <summary>Registers the Topo client, configured in code. Options are validated at start-up.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Sets <see cref="TopoOptions"/> (at least <see cref="ExclusionClientOptions.ApiKey"/>).</param>
    /// <returns>The HTTP client builder, to add handlers or change the pipeline.</returns>
    public static IHttpClientBuilder AddTopoExclusions(this IServiceCollection services, Action<TopoOptions> configure)
        => Vendor.Add(services, null, configure);

    /// <summary>
    /// Registers the Topo client, configured from a configuration section such as
    /// <c>Exclusions:Topo</c> (<c>ApiKey</c>, <c>BaseAddress</c>, …). Options are validated at start-up.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configuration">The section to bind to <see cref="TopoOptions"/>.</param>
    /// <returns>The HTTP client builder, to add handlers or change the pipeline.</returns>
    public static IHttpClientBuilder AddTopoExclusions(this IServiceCollection services, IConfiguration configuration)
        => Vendor.Add(services, null, configuration);

    private static void Bind(OptionsBuilder<TopoOptions> builder, IConfiguration configuration)
        => builder
            .Bind(configuration)

            // The source-generated binder (trim/AOT-safe) does not use type converters: read the extensible enum here.
            .Configure(o =>
            {
                if (configuration[nameof(TopoOptions.DefaultReason)] is { Length: > 0 } reason && !string.IsNullOrWhiteSpace(reason))
                {
                    o.DefaultReason = new ExclusionReason(reason);
                }
            });

    /// <summary>
    /// Registers one more Topo account under <paramref name="serviceKey"/> (an agency managing client
    /// workspaces): its own options, key, quota limiter and resilience pipeline. Resolve it with
    /// <c>[FromKeyedServices("client-a")] TopoExclusionsClient</c> or <c>GetRequiredKeyedService</c>. Its
    /// <see cref="HttpClient"/> is named <c>Exclusions.Client.Topo:client-a</c>. Registering the same key again
    /// adds configuration on top; it never adds a second pipeline.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="serviceKey">The account's key, e.g. <c>client-a</c>.</param>
    /// <param name="configure">Sets this account's <see cref="TopoOptions"/>.</param>
    /// <returns>The HTTP client builder of this account.</returns>
    public static IHttpClientBuilder AddTopoExclusions(this IServiceCollection services, string serviceKey, Action<TopoOptions> configure)
        => Vendor.Add(services, VendorRegistration<TopoExclusionsClient, TopoOptions>.Key(serviceKey), configure);

    /// <summary>Registers one more Topo account under <paramref name="serviceKey"/>, configured from a section (see the overload taking an <c>Action</c>).</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="serviceKey">The account's key, e.g. <c>client-a</c>.</param>
    /// <param name="configuration">The section to bind to this account's <see cref="TopoOptions"/>.</param>
    /// <returns>The HTTP client builder of this account.</returns>
    public static IHttpClientBuilder AddTopoExclusions(this IServiceCollection services, string serviceKey, IConfiguration configuration)
        => Vendor.Add(services, VendorRegistration<TopoExclusionsClient, TopoOptions>.Key(serviceKey), configuration);
}
