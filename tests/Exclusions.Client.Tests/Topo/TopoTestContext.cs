using Exclusions.Client.Tests.Infrastructure;
using Exclusions.Client.Topo;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using WireMock.Logging;
using WireMock.Server;

namespace Exclusions.Client.Tests.Topo;

/// <summary>A WireMock server standing in for Topo, and an SDK client registered through DI pointing at it.</summary>
public sealed class TopoTestContext : IDisposable
{
    public const string ApiKey = "topo_test_secret_key_0123456789";

    private readonly ServiceProvider _provider;

    public TopoTestContext(Action<TopoOptions>? configure = null)
    {
        Server = WireMockServer.Start();
        Logs = new CapturingLoggerProvider();
        var services = new ServiceCollection();
        services.AddLogging(b => b.SetMinimumLevel(LogLevel.Trace).AddProvider(Logs));
        services.AddTopoExclusions(o =>
        {
            o.ApiKey = ApiKey;
            o.BaseAddress = new Uri(Server.Url! + "/v1");

            // These tests are about one request and its mapping; retries are proven in Resilience/.
            o.Resilience.MaxRetries = 0;
            configure?.Invoke(o);
        });
        _provider = services.BuildServiceProvider();
        Client = _provider.GetRequiredService<TopoExclusionsClient>();
    }

    public WireMockServer Server { get; }

    public CapturingLoggerProvider Logs { get; }

    public TopoExclusionsClient Client { get; }

    public IReadOnlyList<ILogEntry> Requests => Server.LogEntries.ToList();

    public ILogEntry SingleRequest => Assert.Single(Server.LogEntries);

    public void Dispose()
    {
        _provider.Dispose();
        Server.Stop();
        Server.Dispose();
    }
}
