using System.Net;
using System.Net.Sockets;
using System.Text;
using Exclusions.Client;
using Exclusions.Client.Amplemarket;
using Exclusions.Client.Topo;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

// Exercises the SDK's main paths in a Native AOT binary: DI registration, the Polly pipeline, Refit
// (GET, POST with a body, a 404 mapped to a typed exception), Amplemarket paging, the snapshot.
// A tiny raw-socket HTTP/1.1 server on loopback answers, so only the SDK is under test (no ASP.NET Core).
var server = CannedServer.Start();
var configuration = new ConfigurationBuilder()
    .AddInMemoryCollection(new Dictionary<string, string?>
    {
        ["Topo:ApiKey"] = "topo_aot_smoke",
        ["Topo:BaseAddress"] = $"http://127.0.0.1:{server}/v1",
        ["Topo:Resilience:MaxRetries"] = "1",
    })
    .Build();

var services = new ServiceCollection();
if (args is ["--config"])
{
    services.AddTopoExclusions(configuration.GetSection("Topo"));
}
else
{
    services.AddTopoExclusions(o =>
    {
        o.ApiKey = "topo_aot_smoke";
        o.BaseAddress = new Uri($"http://127.0.0.1:{server}/v1");
        o.Resilience.MaxRetries = 1;
    });
}

services.AddAmplemarketExclusions(o =>
{
    o.ApiKey = "amp_aot_smoke";
    o.BaseAddress = new Uri($"http://127.0.0.1:{server}");
});
await using var provider = services.BuildServiceProvider();

var failures = 0;
void Check(bool ok, string what)
{
    Console.WriteLine($"{(ok ? "ok  " : "FAIL")} {what}");
    failures += ok ? 0 : 1;
}

Check(provider.GetRequiredService<IOptions<TopoOptions>>().Value.Resilience.MaxRetries == 1, "Topo options (MaxRetries = 1)");
var topo = provider.GetRequiredService<TopoExclusionsClient>();
var got = await topo.GetContactExclusionAsync(CannedServer.KnownId);
Check(got.Email == "jane@acme.com" && got.Reason == ExclusionReason.Unsubscribed, "Topo GET by id");
var created = await topo.CreateContactExclusionAsync(new CreateContactExclusionRequest { Email = "x@acme.com", Reason = ExclusionReason.Bounced });
Check(created.Id == CannedServer.KnownId, "Topo POST with a JSON body");
try
{
    await topo.GetContactExclusionAsync(CannedServer.MissingId);
    Check(false, "Topo 404");
}
catch (ExclusionNotFoundException)
{
    Check(true, "Topo 404 → ExclusionNotFoundException");
}

var emails = new List<string?>();
await foreach (var excluded in provider.GetRequiredService<AmplemarketExclusionsClient>().ListExcludedEmailsAsync())
{
    emails.Add(excluded.Email);
}

Check(emails is ["a@acme.com", "b@acme.com"], "Amplemarket list following _links.next");
var snapshot = ExclusionSnapshot.Create([ExclusionsModelFactory.Exclusion(ExclusionProvider.Topo, ExclusionTarget.Domain("acme.com"))]);
Check(snapshot.IsExcluded("ceo@mail.acme.com") && !snapshot.IsExcluded("ceo@globex.com"), "ExclusionSnapshot");
Console.WriteLine(failures == 0 ? "AOT smoke: all checks passed" : $"AOT smoke: {failures} check(s) failed");
return failures == 0 ? 0 : 1;

internal static class CannedServer
{
    public static readonly Guid KnownId = Guid.Parse("3f0c6f1e-2a4b-4c5d-8e9f-0a1b2c3d4e5f");
    public static readonly Guid MissingId = Guid.Parse("00000000-0000-0000-0000-000000000001");

    private const string Contact = """{"id":"3f0c6f1e-2a4b-4c5d-8e9f-0a1b2c3d4e5f","email":"jane@acme.com","reason":"UNSUBSCRIBED","created_at":"2025-06-01T10:00:00Z","updated_at":"2025-06-01T10:00:00Z"}""";
    private const string FirstPage = """{"excluded_emails":[{"email":"a@acme.com","source":"amplemarket","date_added":"2025-06-01T10:00:00.000Z","excluded_reason":"manual"}],"_links":{"self":{"href":"/excluded-emails"},"next":{"href":"/excluded-emails?page[after]=1"}}}""";
    private const string LastPage = """{"excluded_emails":[{"email":"b@acme.com","source":"amplemarket","date_added":"2025-06-01T10:00:00.000Z","excluded_reason":"manual"}],"_links":{"self":{"href":"/excluded-emails?page[after]=1"}}}""";

    /// <summary>Starts the server; returns its port.</summary>
    public static int Start()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        _ = Task.Run(async () =>
        {
            while (true)
            {
                var client = await listener.AcceptTcpClientAsync();
                _ = Task.Run(() => ServeAsync(client));
            }
        });
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static async Task ServeAsync(TcpClient client)
    {
        using var connection = client;
        var stream = connection.GetStream();
        var buffer = new byte[65536];
        while (await stream.ReadAsync(buffer) is var read and > 0)
        {
            var requestLine = Encoding.ASCII.GetString(buffer, 0, read).Split("\r\n")[0];
            var (status, body) = requestLine switch
            {
                _ when requestLine.Contains(MissingId.ToString(), StringComparison.Ordinal) => ("404 Not Found", """{"error":{"code":"not_found","message":"Not found"}}"""),
                _ when requestLine.Contains("/contact-exclusions", StringComparison.Ordinal) => ("200 OK", Contact),
                _ when requestLine.Contains("page[after]=1", StringComparison.Ordinal) || requestLine.Contains("page%5Bafter%5D=1", StringComparison.Ordinal) => ("200 OK", LastPage),
                _ => ("200 OK", FirstPage),
            };
            var bytes = Encoding.UTF8.GetBytes(body);
            await stream.WriteAsync(Encoding.ASCII.GetBytes($"HTTP/1.1 {status}\r\nContent-Type: application/json\r\nContent-Length: {bytes.Length}\r\n\r\n"));
            await stream.WriteAsync(bytes);
        }
    }
}
