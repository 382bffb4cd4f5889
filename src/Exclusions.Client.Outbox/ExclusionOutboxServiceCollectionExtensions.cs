using Exclusions.Client;
using Exclusions.Client.Outbox;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

#pragma warning disable IDE0130 // Extension methods live in the DI namespace, as ASP.NET Core's do.
namespace Microsoft.Extensions.DependencyInjection;
#pragma warning restore IDE0130

/// <summary>Registers the durable opt-out outbox and its hosted drain.</summary>
public static class ExclusionOutboxServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="IExclusionOutbox"/> (a singleton over the store), the
    /// <see cref="ExclusionOutboxDrainer"/> and the hosted <see cref="ExclusionOutboxDrainService"/>.
    /// Items go to every vendor registered with <c>AddTopoExclusions</c> / <c>AddAmplemarketExclusions</c>
    /// (or to <see cref="ExclusionOutboxOptions.Providers"/>); the clock is the registered
    /// <see cref="TimeProvider"/>, or the system clock.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Sets the store and drain settings.</param>
    /// <returns>The service collection.</returns>
    public static IServiceCollection AddExclusionOutbox(this IServiceCollection services, Action<ExclusionOutboxOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        services.AddOptions<ExclusionOutboxOptions>().Configure(configure);
        return AddCore(services);
    }

    /// <summary>Registers the outbox with settings bound from configuration (e.g. the <c>Exclusions:Outbox</c> section).</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="section">The configuration section (<c>Store</c>, <c>SqlitePath</c>, <c>PostgresConnectionString</c>, …).</param>
    /// <param name="configure">Further settings applied after binding.</param>
    /// <returns>The service collection.</returns>
    public static IServiceCollection AddExclusionOutbox(this IServiceCollection services, IConfiguration section, Action<ExclusionOutboxOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(section);
        services.AddOptions<ExclusionOutboxOptions>().Configure(o =>
        {
            if (section["Store"] is { Length: > 0 } store)
            {
                o.Store = Enum.Parse<OutboxStoreKind>(store, ignoreCase: true);
            }

            o.SqlitePath = section["SqlitePath"] is { Length: > 0 } path ? path : o.SqlitePath;
            o.PostgresConnectionString = section["PostgresConnectionString"] ?? o.PostgresConnectionString;
            o.BatchSize = section.GetValue("BatchSize", o.BatchSize);
            o.DrainConcurrency = section.GetValue("DrainConcurrency", o.DrainConcurrency);
            o.MaxAttempts = section.GetValue("MaxAttempts", o.MaxAttempts);
            o.LeaseDuration = section.GetValue("LeaseDuration", o.LeaseDuration);
            o.PollInterval = section.GetValue("PollInterval", o.PollInterval);
            o.RetryBaseDelay = section.GetValue("RetryBaseDelay", o.RetryBaseDelay);
            o.RetryMaxDelay = section.GetValue("RetryMaxDelay", o.RetryMaxDelay);
            o.HealthDegradedAfter = section.GetValue("HealthDegradedAfter", o.HealthDegradedAfter);
            o.CreateStoreIfMissing = section.GetValue("CreateStoreIfMissing", o.CreateStoreIfMissing);
            o.RunDrain = section.GetValue("RunDrain", o.RunDrain);
            configure?.Invoke(o);
        });
        return AddCore(services);
    }

    private static IServiceCollection AddCore(IServiceCollection services)
    {
        services.AddOptions<ExclusionOutboxOptions>().Validate(o => o.Validate().Count == 0, "Invalid ExclusionOutboxOptions (see ExclusionOutboxOptions.Validate).");
        services.TryAddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<ExclusionOutboxOptions>>().Value;
            var providers = options.Providers.Count > 0
                ? options.Providers
                : sp.GetServices<IExclusionClient>().Select(c => c.Provider).ToList();
            return new ExclusionOutbox(options, providers, sp.GetService<TimeProvider>());
        });
        services.TryAddSingleton<IExclusionOutbox>(sp => sp.GetRequiredService<ExclusionOutbox>());
        services.TryAddSingleton(sp => new ExclusionOutboxDrainer(
            sp.GetRequiredService<ExclusionOutbox>(),
            sp.GetServices<IExclusionClient>(),
            sp.GetService<ILogger<ExclusionOutboxDrainer>>()));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, ExclusionOutboxDrainService>());
        return services;
    }
}
