using Exclusions.Client.Outbox;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

#pragma warning disable IDE0130 // Extension methods live in the DI namespace, as ASP.NET Core's do.
namespace Microsoft.Extensions.DependencyInjection;
#pragma warning restore IDE0130

/// <summary>Adds the outbox's health check.</summary>
public static class ExclusionOutboxHealthChecksBuilderExtensions
{
    /// <summary>
    /// Adds a check that turns Degraded when the oldest pending opt-out is older than
    /// <paramref name="degradedAfter"/> (default: <see cref="ExclusionOutboxOptions.HealthDegradedAfter"/>).
    /// </summary>
    /// <param name="builder">The health checks builder.</param>
    /// <param name="name">The check's name.</param>
    /// <param name="degradedAfter">The threshold; <see langword="null"/> for the options' value.</param>
    /// <param name="tags">Tags for filtering.</param>
    /// <returns>The builder.</returns>
    public static IHealthChecksBuilder AddExclusionOutbox(this IHealthChecksBuilder builder, string name = "exclusions-outbox", TimeSpan? degradedAfter = null, IEnumerable<string>? tags = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.Add(new HealthCheckRegistration(
            name,
            sp => new ExclusionOutboxHealthCheck(
                sp.GetRequiredService<IExclusionOutbox>(),
                degradedAfter ?? sp.GetRequiredService<IOptions<ExclusionOutboxOptions>>().Value.HealthDegradedAfter),
            HealthStatus.Unhealthy,
            tags));
    }
}
