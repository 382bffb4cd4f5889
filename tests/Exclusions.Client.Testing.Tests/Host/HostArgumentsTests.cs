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

    [Theory]
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
            await using var emulator = await ExclusionsEmulator.StartAsync(parsed.Options);
            parsed.Apply(emulator);
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

    [Fact]
    public async Task Fault_rate_one_answers_every_request_503()
    {
        var parsed = HostArguments.Parse(["--port", "0", "--fault-rate", "1", "--latency", "1"], out _)!;
        await using var emulator = await ExclusionsEmulator.StartAsync(parsed.Options);
        parsed.Apply(emulator);
        using var http = new HttpClient();

        Assert.Equal(HttpStatusCode.ServiceUnavailable, await StatusAsync(http, HttpMethod.Get, new Uri(emulator.TopoBaseAddress, "me"), emulator.TopoApiKey));
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
