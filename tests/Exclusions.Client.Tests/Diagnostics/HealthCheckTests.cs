using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;

namespace Exclusions.Client.Tests.Diagnostics;

public sealed class HealthCheckTests : IDisposable
{
    private const string TopoKey = "topo_health_secret_key";
    private const string AmplemarketKey = "amp_health_secret_key";
    private readonly WireMockServer _server = WireMockServer.Start();
    private readonly ServiceProvider _provider;

    public HealthCheckTests()
    {
        var services = new ServiceCollection();
        services.AddTopoExclusions(o => { o.ApiKey = TopoKey; o.BaseAddress = new Uri(_server.Url + "/v1"); o.Resilience.MaxRetries = 0; });
        services.AddAmplemarketExclusions(o => { o.ApiKey = AmplemarketKey; o.BaseAddress = new Uri(_server.Url!); o.Resilience.MaxRetries = 0; o.RequestsPerMinute = 100_000; });
        services.AddHealthChecks().AddTopoExclusions().AddAmplemarketExclusions();
        _provider = services.BuildServiceProvider();
    }

    public void Dispose()
    {
        _provider.Dispose();
        _server.Stop();
        _server.Dispose();
    }

    private void Me(string scopes) => _server.Given(Request.Create().WithPath("/v1/me").UsingGet())
        .RespondWith(Response.Create().WithHeader("Content-Type", "application/json").WithBody($$"""{"id":"k1","name":"Sync key","key_prefix":"topo_heal","scopes":[{{scopes}}]}"""));

    private void Domains(int status) => _server.Given(Request.Create().WithPath("/excluded-domains").UsingGet())
        .RespondWith(Response.Create().WithStatusCode(status).WithHeader("Content-Type", "application/vnd.amp+json").WithBody("""{"excluded_domains":[],"_links":{"self":{"href":"/excluded-domains"}}}"""));

    private Task<HealthReport> CheckAsync() => _provider.GetRequiredService<HealthCheckService>().CheckHealthAsync();

    [Fact]
    public async Task Both_vendors_healthy_when_reachable_with_full_scopes()
    {
        Me("\"exclusions:read\",\"exclusions:write\"");
        Domains(200);

        var report = await CheckAsync();

        Assert.Equal(HealthStatus.Healthy, report.Entries["topo-exclusions"].Status);
        Assert.Equal(HealthStatus.Healthy, report.Entries["amplemarket-exclusions"].Status);
    }

    [Fact]
    public async Task Topo_is_degraded_and_names_the_missing_scope()
    {
        Me("\"exclusions:read\",\"contacts:read\"");
        Domains(200);

        var entry = (await CheckAsync()).Entries["topo-exclusions"];

        Assert.Equal(HealthStatus.Degraded, entry.Status);
        Assert.Contains("exclusions:write", entry.Description, StringComparison.Ordinal);
        Assert.DoesNotContain("exclusions:read and", entry.Description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Failures_are_unhealthy_and_never_show_a_key()
    {
        _server.Given(Request.Create().WithPath("/v1/me").UsingGet())
            .RespondWith(Response.Create().WithStatusCode(401).WithHeader("Content-Type", "application/json").WithBody($$"""{"status_code":401,"type":"UnauthorizedIssue","message":"bad key {{TopoKey}}","data":null,"request_id":"r1"}"""));
        Domains(500);

        var report = await CheckAsync();

        Assert.Equal(HealthStatus.Unhealthy, report.Entries["topo-exclusions"].Status);
        Assert.IsType<ExclusionAuthenticationException>(report.Entries["topo-exclusions"].Exception);
        Assert.Equal(HealthStatus.Unhealthy, report.Entries["amplemarket-exclusions"].Status);
        var text = string.Join("\n", report.Entries.Values.Select(e => e.Description + e.Exception));
        Assert.DoesNotContain(TopoKey, text, StringComparison.Ordinal);
        Assert.DoesNotContain(AmplemarketKey, text, StringComparison.Ordinal);
    }
}
