using Exclusions.Client.Tests.Infrastructure;
using Exclusions.Client.Topo;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using WireMock.Logging;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;

namespace Exclusions.Client.Tests.Resilience;

/// <summary>
/// A WireMock Topo and a DI-registered Topo client on fake time, with a fresh API key (limiters are
/// process-wide per key) and resilience settings suited to fake time: short back-off, long timeouts.
/// </summary>
public sealed class ResilienceTestContext : IDisposable
{
    private readonly ServiceProvider _provider;

    public ResilienceTestContext(Action<TopoOptions>? configure = null, Action<IHttpClientBuilder>? http = null)
    {
        ApiKey = "topo_" + Guid.NewGuid().ToString("N");
        Server = WireMockServer.Start();
        Logs = new CapturingLoggerProvider();
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(Time);
        services.AddLogging(b => b.SetMinimumLevel(LogLevel.Trace).AddProvider(Logs));
        var builder = services.AddTopoExclusions(o =>
        {
            o.ApiKey = ApiKey;
            o.BaseAddress = new Uri(Server.Url! + "/v1");
            o.Resilience.BaseDelay = TimeSpan.FromSeconds(1);
            o.Resilience.MaxDelay = TimeSpan.FromSeconds(4);
            o.Resilience.AttemptTimeout = TimeSpan.FromMinutes(10);
            o.Resilience.TotalTimeout = TimeSpan.FromHours(1);
            configure?.Invoke(o);
        });
        http?.Invoke(builder);
        _provider = services.BuildServiceProvider();
        Client = _provider.GetRequiredService<TopoExclusionsClient>();
    }

    public string ApiKey { get; }

    public RecordingTimeProvider Time { get; } = new();

    public WireMockServer Server { get; }

    public CapturingLoggerProvider Logs { get; }

    public TopoExclusionsClient Client { get; }

    public IServiceProvider Services => _provider;

    public IReadOnlyList<ILogEntry> Requests => Server.LogEntries.ToList();

    /// <summary>Answers successive matching requests with <paramref name="responses"/> in order; the last one repeats.</summary>
    public void Sequence(IRequestBuilder request, params IResponseBuilder[] responses)
    {
        var scenario = Guid.NewGuid().ToString("N");
        for (var i = 0; i < responses.Length; i++)
        {
            var mapping = Server.Given(request).InScenario(scenario);
            if (i > 0)
            {
                mapping = mapping.WhenStateIs("step" + i);
            }

            if (i < responses.Length - 1)
            {
                mapping = mapping.WillSetStateTo("step" + (i + 1));
            }

            mapping.RespondWith(responses[i]);
        }
    }

    public static IResponseBuilder Json(int status, string body, params (string Name, string Value)[] headers)
    {
        var response = Response.Create().WithStatusCode(status).WithHeader("Content-Type", "application/json").WithBody(body);
        foreach (var (name, value) in headers)
        {
            response = response.WithHeader(name, value);
        }

        return response;
    }

    public static IResponseBuilder Error(int status, string requestId = "req_err", params (string Name, string Value)[] headers)
        => Json(status, TopoJsonBodies.Error(status, requestId), headers);

    public void Dispose()
    {
        _provider.Dispose();
        Server.Stop();
        Server.Dispose();
    }
}

internal static class TopoJsonBodies
{
    public const string ContactId = "3f2b8c1e-9a4d-4b7e-8c21-5d6f7a8b9c0d";

    public static string Contact(string email = "jane.doe@acme.com")
        => $$"""{"id":"{{ContactId}}","email":"{{email}}","linkedin_url":null,"reason":"UNSUBSCRIBED","message":null,"until":null,"created_at":"2025-06-10T12:00:00Z","updated_at":"2025-06-10T12:00:00Z"}""";

    public static string Page(params string[] items)
        => $$"""{"items":[{{string.Join(",", items)}}],"total_count":{{items.Length}},"total_pages":1,"has_more":false}""";

    public static string Error(int status, string requestId)
        => $$"""{"status_code":{{status}},"type":"Issue{{status}}","message":"failure {{status}}","data":null,"request_id":"{{requestId}}"}""";
}
