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

    /// <summary>Registers the Amplemarket client, configured in code. Options are validated at start-up.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Sets <see cref="AmplemarketOptions"/> (at least <see cref="ExclusionClientOptions.ApiKey"/>).</param>
    /// <returns>The HTTP client builder, to add handlers or change the pipeline.</returns>
    public static IHttpClientBuilder AddAmplemarketExclusions(this IServiceCollection services, Action<AmplemarketOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        return Register(services, builder => builder.Configure(configure), configurationPath: null);
    }

    /// <summary>
    /// Registers the Amplemarket client, configured from a configuration section such as
    /// <c>Exclusions:Amplemarket</c> (<c>ApiKey</c>, <c>BaseAddress</c>, <c>BulkChunkSize</c>, …).
    /// Options are validated at start-up.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configuration">The section to bind to <see cref="AmplemarketOptions"/>.</param>
    /// <returns>The HTTP client builder, to add handlers or change the pipeline.</returns>
    public static IHttpClientBuilder AddAmplemarketExclusions(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return Register(services, builder => builder.Bind(configuration), (configuration as IConfigurationSection)?.Path);
    }

    private static IHttpClientBuilder Register(IServiceCollection services, Action<OptionsBuilder<AmplemarketOptions>> configure, string? configurationPath)
    {
        var builder = VendorClientRegistration.Add(
            services,
            HttpClientName,
            configure,
            static (http, sp) => new AmplemarketExclusionsClient(
                http,
                sp.GetRequiredService<IOptions<AmplemarketOptions>>().Value,
                sp.GetService<ILoggerFactory>(),
                sp.GetService<TimeProvider>()),
            static request =>
            {
                request.Headers.Accept.Clear();
                request.Headers.Accept.Add(AcceptAmplemarketJson);
            },
            configurationPath);
        ExclusionClientRegistration.Add(
            services,
            ExclusionProvider.Amplemarket,
            static sp => sp.GetRequiredService<AmplemarketExclusionsClient>().AsExclusionClient());
        return builder;
    }
}
