using Exclusions.Client.Resilience;

#pragma warning disable IDE0130 // Extension methods live in the DI namespace, as ASP.NET Core's do.
namespace Microsoft.Extensions.DependencyInjection;
#pragma warning restore IDE0130

/// <summary>Plugs a <see cref="SharedQuotaLimiter"/> into a vendor client's HTTP pipeline.</summary>
public static class SharedQuotaHttpClientBuilderExtensions
{
    /// <summary>
    /// Makes the vendor client take every request's permit from <paramref name="factory"/>'s shared
    /// limiter (falling back to the in-process limiter while it reports itself unavailable). Use on the
    /// builder that <c>AddTopoExclusions</c> or <c>AddAmplemarketExclusions</c> returns; a later call
    /// replaces an earlier one. Packages such as <c>Exclusions.Client.Redis</c> call this for you.
    /// </summary>
    /// <param name="builder">The vendor client's HTTP client builder.</param>
    /// <param name="factory">Creates the limiter, once per service provider.</param>
    /// <returns>The builder.</returns>
    public static IHttpClientBuilder AddSharedQuotaLimiter(this IHttpClientBuilder builder, Func<IServiceProvider, SharedQuotaLimiter> factory)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(factory);

        // Keyed by the HttpClient's name: the pipeline of that client (and only that one) resolves it.
        builder.Services.AddKeyedSingleton<SharedQuotaLimiter>(builder.Name, (sp, _) => factory(sp));
        return builder;
    }
}
