using Exclusions.Client;
using System.Net.Http.Headers;
using Exclusions.Client.Amplemarket;
using Exclusions.Client.DependencyInjection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

#pragma warning disable IDE0130 // Extension methods live in the DI namespace, as ASP.NET Core's do.
namespace Microsoft.Extensions.DependencyInjection;
#pragma warning restore IDE0130

/// <summary>Registers <see cref="AmplemarketExclusionsClient"/> with dependency injection.</summary>
public static class AmplemarketServiceCollectionExtensions
{
    /// <summary>The name of the <see cref="HttpClient"/> the Amplemarket client uses (for <c>IHttpClientFactory</c> configuration).</summary>
    public const string HttpClientName = "Exclusions.Client.Amplemarket";

    private static readonly MediaTypeWithQualityHeaderValue AcceptAmplemarketJson = new(AmplemarketContentSerializer.MediaType);

    private static readonly VendorRegistration<AmplemarketExclusionsClient, AmplemarketOptions> Vendor = new(
        ExclusionProvider.Amplemarket,
        HttpClientName,
        static (http, options, logging, time) => new AmplemarketExclusionsClient(http, options, logging, time),
        static sp => sp.GetRequiredService<AmplemarketExclusionsClient>().AsExclusionClient(),
        static (builder, configuration) => builder.Bind(configuration),
        static request =>
        {
            request.Headers.Accept.Clear();
            request.Headers.Accept.Add(AcceptAmplemarketJson);
        });

    /// <summary>Registers the Amplemarket client, configured in code. Options are validated at start-up.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Sets <see cref="AmplemarketOptions"/> (at least <see cref="ExclusionClientOptions.ApiKey"/>).</param>
    /// <returns>The HTTP client builder, to add handlers or change the pipeline.</returns>
    public static IHttpClientBuilder AddAmplemarketExclusions(this IServiceCollection services, Action<AmplemarketOptions> configure)
        => Vendor.Add(services, null, configure);

    /// <summary>
    /// Registers the Amplemarket client, configured from a configuration section such as
    /// <c>Exclusions:Amplemarket</c> (<c>ApiKey</c>, <c>BaseAddress</c>, <c>BulkChunkSize</c>, …).
    /// Options are validated at start-up.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configuration">The section to bind to <see cref="AmplemarketOptions"/>.</param>
    /// <returns>The HTTP client builder, to add handlers or change the pipeline.</returns>
    public static IHttpClientBuilder AddAmplemarketExclusions(this IServiceCollection services, IConfiguration configuration)
        => Vendor.Add(services, null, configuration);

    /// <summary>
    /// Registers one more Amplemarket account under <paramref name="serviceKey"/> (an agency managing client
    /// workspaces): its own options, key, quota limiter and resilience pipeline. Resolve it with
    /// <c>[FromKeyedServices("client-a")] AmplemarketExclusionsClient</c> or <c>GetRequiredKeyedService</c>. Its
    /// <see cref="HttpClient"/> is named <c>Exclusions.Client.Amplemarket:client-a</c>. Registering the same key again
    /// adds configuration on top; it never adds a second pipeline.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="serviceKey">The account's key, e.g. <c>client-a</c>.</param>
    /// <param name="configure">Sets this account's <see cref="AmplemarketOptions"/>.</param>
    /// <returns>The HTTP client builder of this account.</returns>
    public static IHttpClientBuilder AddAmplemarketExclusions(this IServiceCollection services, string serviceKey, Action<AmplemarketOptions> configure)
        => Vendor.Add(services, VendorRegistration<AmplemarketExclusionsClient, AmplemarketOptions>.Key(serviceKey), configure);

    /// <summary>Registers one more Amplemarket account under <paramref name="serviceKey"/>, configured from a section (see the overload taking an <c>Action</c>).</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="serviceKey">The account's key, e.g. <c>client-a</c>.</param>
    /// <param name="configuration">The section to bind to this account's <see cref="AmplemarketOptions"/>.</param>
    /// <returns>The HTTP client builder of this account.</returns>
    public static IHttpClientBuilder AddAmplemarketExclusions(this IServiceCollection services, string serviceKey, IConfiguration configuration)
        => Vendor.Add(services, VendorRegistration<AmplemarketExclusionsClient, AmplemarketOptions>.Key(serviceKey), configuration);
}
