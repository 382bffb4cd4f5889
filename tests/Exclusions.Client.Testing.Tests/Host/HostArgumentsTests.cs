using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Exclusions.Client.Emulator;

namespace Exclusions.Client.Testing.Tests.Host;

/// <summary>The flags of the standalone host (<c>exclusions-emulator</c>), applied to a real emulator.</summary>
public sealed class HostArgumentsTests
{
    [Fact]
    public void Every_flag_is_parsed()
    {
        var parsed = HostArguments.Parse(
            ["--port", "0", "--topo-key", "topo_k", "--amplemarket-key", "amp_k", "--topo-read-only-key", "topo_ro",
             "--seed", "seed.csv", "--fault-rate", "0.25", "--latency", "15", "--rate-limit", "40", "--quiet"], out var error);

        Assert.Null(error);
        Assert.NotNull(parsed);
        Assert.Equal(0, parsed.Options.Port);
        Assert.Equal("topo_k", parsed.Options.TopoApiKey);
        Assert.Equal("amp_k", parsed.Options.AmplemarketApiKey);
        Assert.Equal("topo_ro", parsed.TopoReadOnlyKey);
        Assert.Equal("seed.csv", parsed.SeedFile);
        Assert.Equal(0.25, parsed.FaultRate);
        Assert.Equal(TimeSpan.FromMilliseconds(15), parsed.Latency);
        Assert.Equal(40, parsed.Options.AmplemarketRequestsPerMinute);
        Assert.Equal(40, parsed.Options.TopoRequestsPerMinute);
        Assert.True(parsed.Quiet);
        Assert.True(parsed.Options.EnableAdminEndpoints);
    }

    [Fact]
    public void Lenient_names_set_their_switches_and_all_sets_every_one()
    {
        var strict = HostArguments.Parse([], out _)!.Options;
        var one = HostArguments.Parse(["--lenient", "unknown-fields, Partial-Timestamps"], out var error)!.Options;
        var all = HostArguments.Parse(["--lenient", "all", "--topo-timestamp-digits", "3"], out var allError)!.Options;

        Assert.Null(error);
        Assert.Null(allError);
        Assert.True(one.IgnoreUnknownFields);
        Assert.True(one.AcceptPartialTimestamps);
        Assert.False(one.AcceptAnyJsonMediaType);
        Assert.Equal(3, all.TopoTimestampFractionalDigits);
        Assert.Equal(6, strict.TopoTimestampFractionalDigits);

        // Every relaxing switch of the options has a name, and each name sets exactly its own switch. (InMemory is no
        // strict choice, and a standalone host listens by definition.)
        var switches = typeof(ExclusionsEmulatorOptions).GetProperties().Where(p => p.PropertyType == typeof(bool) && p.Name is not nameof(ExclusionsEmulatorOptions.ThrowOnDisposeIfFailed) and not nameof(ExclusionsEmulatorOptions.EnableAdminEndpoints) and not nameof(ExclusionsEmulatorOptions.InMemory)).ToArray();
        Assert.Equal(switches.Length, HostArguments.LenientSwitches.Count);
        Assert.All(switches, p => Assert.False((bool)p.GetValue(strict)!, p.Name));
        Assert.All(switches, p => Assert.True((bool)p.GetValue(all)!, p.Name));
        foreach (var (name, _) in HostArguments.LenientSwitches)
        {
            var options = HostArguments.Parse(["--lenient", name], out _)!.Options;
            Assert.Single(switches, p => (bool)p.GetValue(options)!);
        }
    }

    [Fact]
    public async Task A_lenient_host_accepts_what_the_strict_one_refuses()
    {
        const string body = """{"email":"jane@acme.com","reason":"UNSUBSCRIBED","priority":"high"}""";
        foreach (var (args, expected) in new[] { (Array.Empty<string>(), HttpStatusCode.BadRequest), (new[] { "--lenient", "unknown-fields" }, HttpStatusCode.Created) })
        {
            var parsed = HostArguments.Parse([.. args, "--port", "0"], out _)!;
            await using var emulator = await parsed.StartAsync();
            using var http = new HttpClient();
            using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(emulator.TopoBaseAddress, "contact-exclusions")) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", emulator.TopoApiKey);

            using var response = await http.SendAsync(request);

            Assert.Equal(expected, response.StatusCode);
        }
    }

    [Theory]
    [InlineData("--lenient", "sloppy", "--lenient: unknown name sloppy")]
    [InlineData("--topo-timestamp-digits", "8", "--topo-timestamp-digits")]
    [InlineData("--port", "x", "--port")]
    [InlineData("--fault-rate", "2", "--fault-rate")]
    [InlineData("--rate-limit", "0", "--rate-limit")]
    [InlineData("--topo-key", "a b", "--topo-key")]
    [InlineData("--bogus", "1", "Unknown argument: --bogus")]
    public void A_bad_flag_is_refused_with_its_name(string flag, string value, string expected)
    {
        Assert.Null(HostArguments.Parse([flag, value], out var error));
        Assert.Contains(expected, error, StringComparison.Ordinal);
    }

    [Fact]
    public void Seed_errors_name_the_line_as_an_editor_numbers_it()
    {
        var error = Assert.Throws<SeedFileException>(() => SeedRows.FromCsv("seed.csv", "type,value\nemail,a@b.com\nphone,123\n"));
        Assert.Contains("line 3", error.Message, StringComparison.Ordinal);
        Assert.Contains("line 1", Assert.Throws<SeedFileException>(() => SeedRows.FromCsv("s.csv", "email\n")).Message, StringComparison.Ordinal);
        Assert.Contains("item 2", Assert.Throws<SeedFileException>(() => SeedRows.FromJson("s.json", """[{"type":"email","value":"a@b.com"},{"type":"email","value":""}]""")).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Keys_seed_faults_and_admin_work_on_a_running_emulator()
    {
        var seed = Path.Combine(Path.GetTempPath(), $"seed-{Guid.NewGuid():N}.csv");
        await File.WriteAllTextAsync(seed, "type,value,reason\nemail,jane@acme.com,BOUNCED\ndomain,globex.com,\nlinkedin,https://www.linkedin.com/in/ana,\n");
        try
        {
            var parsed = HostArguments.Parse(["--port", "0", "--topo-key", "topo_k", "--amplemarket-key", "amp_k", "--topo-read-only-key", "topo_ro", "--seed", seed], out _)!;
            await using var emulator = await parsed.StartAsync();
            using var http = new HttpClient();

            Assert.Equal(2, emulator.Topo.ContactExclusions.Count);
            Assert.Equal("BOUNCED", emulator.Topo.ContactExclusions[0].Reason);
            Assert.Equal(["globex.com"], emulator.Amplemarket.ExcludedDomains.Select(d => d.Value));
            Assert.Equal(HttpStatusCode.OK, await StatusAsync(http, HttpMethod.Get, new Uri(emulator.TopoBaseAddress, "contact-exclusions"), "topo_ro"));
            Assert.Equal(HttpStatusCode.Forbidden, await StatusAsync(http, HttpMethod.Post, new Uri(emulator.TopoBaseAddress, "contact-exclusions"), "topo_ro", """{"email":"x@y.com","reason":"OTHER"}"""));
            Assert.Equal(HttpStatusCode.OK, await StatusAsync(http, HttpMethod.Get, new Uri(emulator.AmplemarketBaseAddress, "excluded-emails"), "amp_k"));

            var state = JsonDocument.Parse(await http.GetStringAsync(new Uri(emulator.AmplemarketBaseAddress, "_emulator/state"))).RootElement;
            Assert.Equal(2, state.GetProperty("topo_contact_exclusions").GetArrayLength());
            Assert.Equal(3, state.GetProperty("requests").GetArrayLength());

            using (var reset = await http.PostAsync(new Uri(emulator.AmplemarketBaseAddress, "_emulator/reset"), null))
            {
                Assert.Equal(HttpStatusCode.NoContent, reset.StatusCode);
            }

            Assert.Equal(2, emulator.Inspect().TopoContactExclusions.Count); // back to the seeded start
            Assert.Empty(emulator.Requests);
            Assert.Equal(HttpStatusCode.OK, await StatusAsync(http, HttpMethod.Get, new Uri(emulator.TopoBaseAddress, "contact-exclusions"), "topo_ro"));
        }
        finally
        {
            File.Delete(seed);
        }
    }

    /// <summary>
    /// Regression: the host used to start listening and then seed, so a client that polled the port until it
    /// answered (as scripts do) listed a store still being seeded: `exclusions list` printed 16-80k of 100k
    /// addresses with exit code 0, a different count each run. Now the first answer waits for the whole seed.
    /// </summary>
    [Fact]
    public async Task A_client_polling_the_port_never_lists_a_half_seeded_store()
    {
        const int Count = 20_000;
        var seed = Path.Combine(Path.GetTempPath(), $"seed-{Guid.NewGuid():N}.csv");
        var expected = Enumerable.Range(0, Count).Select(i => $"user{i}@example{i % 97}.com").ToList();
        await File.WriteAllLinesAsync(seed, ["type,value", .. expected.Select(e => "email," + e)]);
        var port = FreePort();
        try
        {
            var parsed = HostArguments.Parse(["--port", port.ToString(CultureInfo.InvariantCulture), "--amplemarket-key", "amp_k", "--topo-key", "topo_k", "--seed", seed, "--quiet"], out _)!;
            using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(60)); // a bound on the poll, not an assertion
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/") };
            var starting = Task.Run(parsed.StartAsync); // as another process would: the poll runs while the host starts

            // Poll as a script would, until the port answers; then read every page at once.
            JsonElement first;
            while (true)
            {
                try
                {
                    first = await GetJsonAsync(http, "excluded-emails?page[size]=2000", "amp_k", bound.Token);
                    break;
                }
                catch (HttpRequestException) when (!starting.IsCompleted || starting.IsCompletedSuccessfully)
                {
                    // Not listening yet.
                }
            }

            var topoTotal = (await GetJsonAsync(http, "v1/contact-exclusions?page=1&size=1", "topo_k", bound.Token)).GetProperty("total_count").GetInt32();
            var listed = new List<string>();
            for (var page = first; ;)
            {
                listed.AddRange(page.GetProperty("excluded_emails").EnumerateArray().Select(e => e.GetProperty("email").GetString()!));
                if (!page.GetProperty("_links").TryGetProperty("next", out var next) || next.ValueKind == JsonValueKind.Null)
                {
                    break;
                }

                page = await GetJsonAsync(http, next.GetProperty("href").GetString()!.TrimStart('/'), "amp_k", bound.Token);
            }

            await using var emulator = await starting;
            Assert.Equal(Count, topoTotal);
            Assert.Equal(Count, listed.Count);
            Assert.Equal(expected, listed);
        }
        finally
        {
            File.Delete(seed);
        }
    }

    [Fact]
    public async Task Fault_rate_one_answers_every_request_503()
    {
        var parsed = HostArguments.Parse(["--port", "0", "--fault-rate", "1", "--latency", "1"], out _)!;
        await using var emulator = await parsed.StartAsync();
        using var http = new HttpClient();

        Assert.Equal(HttpStatusCode.ServiceUnavailable, await StatusAsync(http, HttpMethod.Get, new Uri(emulator.TopoBaseAddress, "me"), emulator.TopoApiKey));
    }

    private static async Task<JsonElement> GetJsonAsync(HttpClient http, string path, string key, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        using var response = await http.SendAsync(request, cancellationToken);
        response.EnsureSuccessStatusCode();
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken)).RootElement.Clone();
    }

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static async Task<HttpStatusCode> StatusAsync(HttpClient http, HttpMethod method, Uri uri, string key, string? json = null)
    {
        using var request = new HttpRequestMessage(method, uri);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        }

        using var response = await http.SendAsync(request);
        return response.StatusCode;
    }
}
