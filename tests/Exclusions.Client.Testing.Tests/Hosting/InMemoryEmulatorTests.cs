using System.Net.Http.Headers;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Exclusions.Client.Testing.Tests.Hosting;

/// <summary>
/// <see cref="ExclusionsEmulatorOptions.InMemory"/> (what <c>exclusions --emulator</c> runs on) must be the same
/// emulator without the socket: the same exchanges give the same answers, byte for byte, as over loopback;
/// the SDK works through <c>AddExclusionsEmulator</c>; a dropped connection reaches the client as an
/// <see cref="HttpRequestException"/>, which the SDK retries, as over a socket.
/// </summary>
public sealed class InMemoryEmulatorTests
{
    private static readonly DateTimeOffset Start = new(2025, 6, 1, 12, 0, 0, TimeSpan.Zero);

    /// <summary>Method, vendor, path, body (JSON) and key ("" for none, "bad" for an unknown one).</summary>
    private static readonly (string Method, bool Topo, string Path, string? Body, string Key)[] Script =
    [
        ("GET", true, "me", null, "ok"),
        ("POST", true, "contact-exclusions", """{"email":"Jane@Acme.com","reason":"UNSUBSCRIBED","message":"asked"}""", "ok"),
        ("POST", true, "contact-exclusions", """{"email":"jane@acme.com","reason":"UNSUBSCRIBED"}""", "ok"),
        ("POST", true, "account-exclusions", """{"domain":"rival.com","reason":"COMPETITOR","until":"2026-01-01T00:00:00Z"}""", "ok"),
        ("POST", true, "contact-exclusions", """{"email":"x@y.com","reason":"NOPE"}""", "ok"),
        ("GET", true, "contact-exclusions?email=jane%40acme.com", null, "ok"),
        ("GET", true, "account-exclusions?page=1&per_page=1", null, "ok"),
        ("GET", true, "contact-exclusions/not-a-uuid", null, "ok"),
        ("GET", true, "contact-exclusions", null, "bad"),
        ("GET", true, "contact-exclusions", null, ""),
        ("PUT", true, "contact-exclusions", null, "ok"),
        ("GET", true, "nowhere", null, "ok"),
        ("POST", false, "excluded-emails", """{"excluded_emails":[{"email":"A@B.com"},{"email":"not an email"}]}""", "ok"),
        ("POST", false, "excluded-domains", """{"excluded_domains":[{"domain":"b.com"}]}""", "ok"),
        ("GET", false, "excluded-emails?page[size]=1", null, "ok"),
        ("DELETE", false, "excluded-domains", """{"excluded_domains":[{"domain":"b.com"},{"domain":"c.com"}]}""", "ok"),
        ("GET", false, "excluded-emails?color=red", null, "ok"),
        ("GET", false, "excluded-domains", null, "bad"),
    ];

    [Fact]
    public async Task In_memory_answers_every_exchange_exactly_as_over_loopback()
    {
        var overLoopback = await RunScriptAsync(inMemory: false);
        var inMemory = await RunScriptAsync(inMemory: true);

        // The script reaches successes and every kind of refusal, not just one path.
        var statuses = overLoopback.Take(Script.Length).Select(a => a[..3]).ToHashSet();
        Assert.Superset(new HashSet<string> { "200", "201", "400", "401", "404", "405", "409", "429" }, statuses);
        Assert.Equal(Script.Length + 1, inMemory.Count);
        for (var i = 0; i < inMemory.Count; i++)
        {
            var exchange = i < Script.Length ? $"{Script[i].Method} {Script[i].Path}" : "the request log";
            Assert.True(overLoopback[i] == inMemory[i], $"{exchange}:\nloopback:\n{overLoopback[i]}\nin memory:\n{inMemory[i]}");
        }
    }

    [Fact]
    public async Task The_SDK_works_against_an_in_memory_emulator_through_AddExclusionsEmulator()
    {
        await using var emulator = await ExclusionsEmulator.StartAsync(new ExclusionsEmulatorOptions { InMemory = true });
        emulator.Amplemarket.SeedDomain("acme.com");
        await using var provider = new ServiceCollection().AddExclusionsEmulator(emulator).BuildServiceProvider();

        var clients = provider.GetRequiredService<ExclusionClients>();

        await clients.AddAsync([new ExclusionRequest(ExclusionTarget.Email("jane@rival.com"))]);
        var snapshot = await clients.LoadSnapshotAsync();

        Assert.Equal(0, emulator.Port);
        Assert.Equal(new Uri("http://localhost/v1/"), emulator.TopoBaseAddress);
        Assert.True(snapshot.IsExcluded("jane@rival.com"));
        Assert.True(snapshot.IsExcluded("ceo@mail.acme.com"));
        Assert.False(snapshot.IsExcluded("x@y.com"));
        Assert.Equal("jane@rival.com", Assert.Single(emulator.Topo.ContactExclusions).Email);
        Assert.Equal("jane@rival.com", Assert.Single(emulator.Amplemarket.ExcludedEmails).Value);
    }

    [Theory]
    [InlineData(FaultKind.DropConnection, 0)]
    [InlineData(FaultKind.ApplyThenDropResponse, 1)]
    public async Task A_dropped_connection_is_an_HttpRequestException_that_the_SDK_retries(FaultKind kind, int appliedBeforeTheDrop)
    {
        await using var emulator = await ExclusionsEmulator.StartAsync(new ExclusionsEmulatorOptions { InMemory = true });
        var drop = kind == FaultKind.DropConnection ? FaultRule.DropConnection() : FaultRule.ApplyThenDropResponse();
        emulator.Faults.Add(drop with { Vendor = EmulatedVendor.Amplemarket, Times = 1 });
        using (var http = new HttpClient(emulator.CreateHandler()))
        {
            var ex = await Assert.ThrowsAsync<HttpRequestException>(() => http.SendAsync(Request(emulator, "POST", topo: false, "excluded-emails", """{"excluded_emails":[{"email":"a@b.com"}]}""", "ok")));
            Assert.Equal(HttpRequestError.ResponseEnded, ex.HttpRequestError);
            Assert.Equal(appliedBeforeTheDrop, emulator.Amplemarket.ExcludedEmails.Count);
        }

        emulator.Faults.Add(drop with { Vendor = EmulatedVendor.Amplemarket, Times = 1 });
        await using var provider = new ServiceCollection()
            .AddExclusionsEmulator(emulator, configureAmplemarket: o => o.Resilience.BaseDelay = TimeSpan.FromMilliseconds(1))
            .BuildServiceProvider();
        var emails = new List<Exclusion>();
        await foreach (var exclusion in provider.GetRequiredService<ExclusionClients>().First(c => c.Provider == ExclusionProvider.Amplemarket).ListAsync(new ExclusionQuery { TargetType = ExclusionTargetType.Email }))
        {
            emails.Add(exclusion);
        }

        Assert.Equal(appliedBeforeTheDrop, emails.Count);
        Assert.Equal(2, emulator.Requests.Count(r => r.Method == "GET")); // the dropped attempt, then the retry
    }

    [Fact]
    public async Task CreateHandler_needs_an_in_memory_emulator_and_InMemory_takes_no_port()
    {
        await using var overLoopback = await ExclusionsEmulator.StartAsync();

        Assert.Throws<InvalidOperationException>(() => overLoopback.CreateHandler());
        await Assert.ThrowsAsync<ArgumentException>(() => ExclusionsEmulator.StartAsync(new ExclusionsEmulatorOptions { InMemory = true, Port = 5080 }));
    }

    /// <summary>Runs <see cref="Script"/> against a fresh emulator (fixed seed and clock): each answer, then the request log.</summary>
    private static async Task<List<string>> RunScriptAsync(bool inMemory)
    {
        var options = new ExclusionsEmulatorOptions
        {
            InMemory = inMemory,
            RandomSeed = 1234,
            TimeProvider = new FakeTimeProvider(Start),
            TopoApiKey = "topo_key",
            AmplemarketApiKey = "amp_key",
            AmplemarketRequestsPerMinute = 3, // the last Amplemarket calls are refused (429)
        };
        await using var emulator = await ExclusionsEmulator.StartAsync(options);
        using var http = inMemory ? new HttpClient(emulator.CreateHandler()) : new HttpClient();
        var answers = new List<string>();
        foreach (var (method, topo, path, body, key) in Script)
        {
            using var response = await http.SendAsync(Request(emulator, method, topo, path, body, key));
            answers.Add(await DescribeAsync(response));
        }

        answers.Add(string.Join('\n', emulator.Requests.Select(r => $"{r.Vendor} {r.Method} {r.Path}?{r.Query} {r.StatusCode} {r.Body}")));
        return answers;
    }

    private static HttpRequestMessage Request(ExclusionsEmulator emulator, string method, bool topo, string path, string? body, string key)
    {
        var request = new HttpRequestMessage(new HttpMethod(method), new Uri(topo ? emulator.TopoBaseAddress : emulator.AmplemarketBaseAddress, path));
        if (key.Length > 0)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key == "ok" ? (topo ? emulator.TopoApiKey : emulator.AmplemarketApiKey) : "unknown_key");
        }

        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8, topo ? "application/json" : "application/vnd.amp+json");
        }

        return request;
    }

    /// <summary>Status, every header a server of either kind sends (not Date, nor how the body was framed) and the body.</summary>
    private static async Task<string> DescribeAsync(HttpResponseMessage response)
    {
        string[] framing = ["Date", "Transfer-Encoding", "Content-Length"];
        var headers = response.Headers.Concat(response.Content.Headers)
            .Where(h => !framing.Contains(h.Key, StringComparer.OrdinalIgnoreCase))
            .Select(h => $"{h.Key}: {string.Join(", ", h.Value)}")
            .Order(StringComparer.Ordinal);
        return $"{(int)response.StatusCode}\n{string.Join('\n', headers)}\n{await response.Content.ReadAsStringAsync()}";
    }
}
