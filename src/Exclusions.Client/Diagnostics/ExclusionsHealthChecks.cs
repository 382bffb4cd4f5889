using Exclusions.Client.Amplemarket;
using Exclusions.Client.Topo;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Exclusions.Client.Diagnostics;

/// <summary>
/// Topo: <c>GET /v1/me</c>. Healthy when the key works and carries both exclusion scopes; Degraded when
/// a scope is missing (reads or writes will fail with 403); Unhealthy when the call fails.
/// </summary>
internal sealed class TopoHealthCheck(TopoExclusionsClient client) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var me = await client.GetApiKeyInfoAsync(cancellationToken).ConfigureAwait(false);
            var missing = new[] { TopoScopes.ExclusionsRead, TopoScopes.ExclusionsWrite }.Where(s => !me.HasScope(s)).ToArray();
            var data = new Dictionary<string, object> { ["key_name"] = me.Name ?? string.Empty, ["scopes"] = string.Join(",", me.Scopes) };
            return missing.Length == 0
                ? HealthCheckResult.Healthy("Topo API reachable; the key has the exclusion scopes.", data)
                : HealthCheckResult.Degraded("Topo API reachable, but the key lacks " + string.Join(" and ", missing) + ".", data: data);
        }
#pragma warning disable CA1031 // A health check reports failures; it does not throw them.
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
#pragma warning restore CA1031
        {
            return new HealthCheckResult(context.Registration.FailureStatus, "Topo API check failed: " + ex.Message, ex);
        }
    }
}

/// <summary>Amplemarket: the first page of excluded domains (the cheapest documented call).</summary>
internal sealed class AmplemarketHealthCheck(AmplemarketExclusionsClient client) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await client.GetExcludedDomainsPageAsync(null, cancellationToken).ConfigureAwait(false);
            return HealthCheckResult.Healthy("Amplemarket API reachable with this key.");
        }
#pragma warning disable CA1031 // A health check reports failures; it does not throw them.
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
#pragma warning restore CA1031
        {
            return new HealthCheckResult(context.Registration.FailureStatus, "Amplemarket API check failed: " + ex.Message, ex);
        }
    }
}
