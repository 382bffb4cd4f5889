using Exclusions.Client.Amplemarket;
using Exclusions.Client.Diagnostics;
using Exclusions.Client.Topo;
using Microsoft.Extensions.Diagnostics.HealthChecks;

#pragma warning disable IDE0130 // Extension methods live in the DI namespace, as ASP.NET Core's do.
namespace Microsoft.Extensions.DependencyInjection;
#pragma warning restore IDE0130

/// <summary>Health checks for the vendor APIs: <c>services.AddHealthChecks().AddTopoExclusions()</c>.</summary>
public static class ExclusionsHealthChecksBuilderExtensions
{
    /// <summary>
    /// Checks Topo with <c>GET /v1/me</c>: Degraded when the key lacks <c>exclusions:read</c> or
    /// <c>exclusions:write</c>, <paramref name="failureStatus"/> when the call fails. Needs <c>AddTopoExclusions</c>.
    /// </summary>
    /// <param name="builder">The health checks builder.</param>
    /// <param name="name">The check's name.</param>
    /// <param name="failureStatus">The status on failure; Unhealthy when <see langword="null"/>.</param>
    /// <param name="tags">Tags for filtering.</param>
    /// <returns>The builder.</returns>
    public static IHealthChecksBuilder AddTopoExclusions(this IHealthChecksBuilder builder, string name = "topo-exclusions", HealthStatus? failureStatus = null, IEnumerable<string>? tags = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.Add(new HealthCheckRegistration(name, sp => new TopoHealthCheck(sp.GetRequiredService<TopoExclusionsClient>()), failureStatus, tags));
    }

    /// <summary>
    /// Checks Amplemarket with a first-page list call: <paramref name="failureStatus"/> when it fails.
    /// Needs <c>AddAmplemarketExclusions</c>.
    /// </summary>
    /// <param name="builder">The health checks builder.</param>
    /// <param name="name">The check's name.</param>
    /// <param name="failureStatus">The status on failure; Unhealthy when <see langword="null"/>.</param>
    /// <param name="tags">Tags for filtering.</param>
    /// <returns>The builder.</returns>
    public static IHealthChecksBuilder AddAmplemarketExclusions(this IHealthChecksBuilder builder, string name = "amplemarket-exclusions", HealthStatus? failureStatus = null, IEnumerable<string>? tags = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.Add(new HealthCheckRegistration(name, sp => new AmplemarketHealthCheck(sp.GetRequiredService<AmplemarketExclusionsClient>()), failureStatus, tags));
    }
}
