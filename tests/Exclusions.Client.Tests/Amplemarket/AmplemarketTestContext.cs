using System.Text.Json;
using System.Text.Json.Nodes;
using Exclusions.Client.Amplemarket;
using Exclusions.Client.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using WireMock;
using WireMock.Logging;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;

namespace Exclusions.Client.Tests.Amplemarket;

/// <summary>A WireMock server standing in for Amplemarket, and an SDK client registered through DI pointing at it.</summary>
public sealed class AmplemarketTestContext : IDisposable
{
    public const string ApiKey = "amp_test_secret_key_9876543210";
    public const string MediaType = "application/vnd.amp+json";

    private readonly ServiceProvider _provider;

    public AmplemarketTestContext(Action<AmplemarketOptions>? configure = null)
    {
        Server = WireMockServer.Start();
        Logs = new CapturingLoggerProvider();
        var services = new ServiceCollection();
        services.AddLogging(b => b.SetMinimumLevel(LogLevel.Trace).AddProvider(Logs));
        services.AddAmplemarketExclusions(o =>
        {
            o.ApiKey = ApiKey;
            o.BaseAddress = new Uri(Server.Url!);

            // These tests are about requests and their mapping: no retries (except where a test turns
            // them on), and no client-side quota (the limiter is shared per key across the process).
            o.Resilience.MaxRetries = 0;
            o.RequestsPerMinute = 1_000_000;
            configure?.Invoke(o);
        });
        _provider = services.BuildServiceProvider();
        Client = _provider.GetRequiredService<AmplemarketExclusionsClient>();
    }

    public WireMockServer Server { get; }

    public CapturingLoggerProvider Logs { get; }

    public AmplemarketExclusionsClient Client { get; }

    public IReadOnlyList<ILogEntry> Requests => Server.LogEntries.OrderBy(e => e.RequestMessage!.DateTime).ToList();

    public ILogEntry SingleRequest => Assert.Single(Server.LogEntries);

    public static IResponseBuilder Json(string body, int status = 200)
        => Response.Create().WithStatusCode(status).WithHeader("Content-Type", MediaType).WithBody(body);

    /// <summary>Answers a bulk POST/DELETE with <paramref name="statusOf"/> for each item of the request body.</summary>
    public void RespondToBulk(string path, string method, Func<string, string?> statusOf, string itemsProperty, string itemField)
        => Server.Given(Request.Create().WithPath(path).UsingMethod(method))
            .RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", MediaType).WithBody(req => EchoStatuses(req, statusOf, itemsProperty, itemField)));

    public static IReadOnlyList<string> SentItems(ILogEntry entry, string itemsProperty, string itemField)
    {
        var body = JsonNode.Parse(entry.RequestMessage!.Body!)!;
        return body[itemsProperty]!.AsArray().Select(i => i![itemField]!.GetValue<string>()).ToList();
    }

    public static string Header(ILogEntry entry, string name)
    {
        var headers = entry.RequestMessage!.Headers!;
        var match = headers.Single(h => string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase));
        return string.Join(",", match.Value);
    }

    public static bool HasHeader(ILogEntry entry, string name)
        => entry.RequestMessage!.Headers?.Any(h => string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase)) == true;

    public void Dispose()
    {
        _provider.Dispose();
        Server.Stop();
        Server.Dispose();
    }

    private static string EchoStatuses(IRequestMessage request, Func<string, string?> statusOf, string itemsProperty, string itemField)
    {
        var body = JsonNode.Parse(request.Body!)!;
        var map = new JsonObject();
        foreach (var item in body[itemsProperty]!.AsArray())
        {
            var value = item![itemField]!.GetValue<string>();
            if (statusOf(value) is { } status)
            {
                map[value] = status;
            }
        }

        return map.ToJsonString(new JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
    }
}
