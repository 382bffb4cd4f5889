using System.Net;
using Exclusions.Client.Topo;

namespace Exclusions.Client.Testing.Tests.Contract;

/// <summary>
/// A successful call tells its status and the vendor's request id (for a support ticket): through
/// <see cref="ExclusionResponseCapture"/> for any call, on each page, and on each bulk item, for both vendors,
/// with the emulator's request log (which assigns the <c>X-Request-Id</c>) as the witness.
/// </summary>
public sealed class ResponseMetadataTests
{
    [Fact]
    public async Task A_successful_call_tells_its_status_request_id_operation_and_attempts()
    {
        await using var env = await EmulatorClients.StartAsync();

        using var capture = ExclusionResponseCapture.Start();
        var created = await env.Topo.CreateContactExclusionAsync(new CreateContactExclusionRequest { Email = "jane@acme.com", Reason = ExclusionReason.Unsubscribed });

        var raw = Assert.IsType<ExclusionResponse>(capture.Last);
        var logged = Assert.Single(env.Emulator.Requests);
        Assert.Equal(ExclusionProvider.Topo, raw.Provider);
        Assert.Equal(HttpStatusCode.Created, raw.StatusCode);
        Assert.True(raw.IsSuccess);
        Assert.Equal(logged.RequestId, raw.RequestId);
        Assert.False(string.IsNullOrEmpty(raw.RequestId));
        Assert.Equal("POST /contact-exclusions", raw.Operation);
        Assert.Equal(1, raw.Attempts);
        Assert.Contains(logged.RequestId, raw.ToString(), StringComparison.Ordinal);
        Assert.Equal("jane@acme.com", created.Email);

        await env.Topo.DeleteContactExclusionAsync(created.Id);
        Assert.Equal(2, capture.Responses.Count);
        Assert.Equal(HttpStatusCode.NoContent, capture.Last!.StatusCode);
        Assert.Equal(env.Emulator.Requests[1].RequestId, capture.Last.RequestId);
    }

    [Fact]
    public async Task Every_page_carries_the_response_it_came_in_on_both_vendors()
    {
        await using var env = await EmulatorClients.StartAsync();
        for (var i = 0; i < 5; i++)
        {
            env.Emulator.Topo.SeedContactExclusion($"p{i}@acme.com");
            env.Emulator.Amplemarket.SeedEmail($"p{i}@acme.com");
        }

        var topoPages = new List<TopoPage<ContactExclusion>>();
        await foreach (var page in env.Topo.ListContactExclusionPagesAsync(new ContactExclusionQuery { PageSize = 2 }))
        {
            topoPages.Add(page);
        }

        var topoIds = topoPages.Select(p => p.GetRawResponse()!.RequestId).ToArray();
        Assert.Equal(3, topoPages.Count);
        Assert.All(topoPages, p => Assert.Equal(HttpStatusCode.OK, p.GetRawResponse()!.StatusCode));
        Assert.Equal(env.Emulator.Requests.Where(r => r.Vendor == EmulatedVendor.Topo).Select(r => r.RequestId).Order(), topoIds.Order());

        var amplemarketPages = new List<Exclusions.Client.Amplemarket.AmplemarketPage<Exclusions.Client.Amplemarket.ExcludedEmail>>();
        await foreach (var page in env.Amplemarket.ListExcludedEmailPagesAsync(pageSize: 2))
        {
            amplemarketPages.Add(page);
        }

        Assert.Equal(3, amplemarketPages.Count);
        Assert.All(amplemarketPages, p =>
        {
            var raw = p.GetRawResponse()!;
            Assert.Equal(ExclusionProvider.Amplemarket, raw.Provider);
            Assert.Equal(HttpStatusCode.OK, raw.StatusCode);
            Assert.Equal("GET", raw.Operation![..3]);
        });
    }

    [Fact]
    public async Task A_composite_bulk_call_tells_each_items_request_on_each_vendor()
    {
        await using var env = await EmulatorClients.StartAsync();
        var requests = new[]
        {
            new ExclusionRequest(ExclusionTarget.Email("a@acme.com")),
            new ExclusionRequest(ExclusionTarget.Domain("rival.com")),
        };

        using var capture = ExclusionResponseCapture.Start();
        var results = await env.All.AddAsync(requests);

        // Topo: one request per item; each item tells its own.
        var topoItems = results[ExclusionProvider.Topo].Items;
        var topoIds = topoItems.Select(i => i.Outcome.GetRawResponse()!.RequestId).ToArray();
        Assert.All(topoItems, i => Assert.Equal(HttpStatusCode.Created, i.Outcome.GetRawResponse()!.StatusCode));
        Assert.Equal(env.Emulator.Requests.Where(r => r.Vendor == EmulatedVendor.Topo).Select(r => r.RequestId).Order(), topoIds.Order());
        Assert.Equal(2, topoIds.Distinct().Count());

        // Amplemarket: one request per list chunk; its items share it.
        Assert.All(results[ExclusionProvider.Amplemarket].Items, i =>
        {
            var raw = i.Outcome.GetRawResponse()!;
            Assert.Equal(ExclusionProvider.Amplemarket, raw.Provider);
            Assert.Equal(HttpStatusCode.OK, raw.StatusCode);
        });

        // The capture saw every response of both vendors, one per request the emulator logged.
        Assert.Equal(env.Emulator.Requests.Count, capture.Responses.Count);
        Assert.Equal(2, capture.Responses.Count(r => r.Provider == ExclusionProvider.Topo));
        Assert.Equal(2, capture.Responses.Count(r => r.Provider == ExclusionProvider.Amplemarket));
    }

    [Fact]
    public async Task Scopes_nest_and_stop_recording_when_disposed()
    {
        await using var env = await EmulatorClients.StartAsync();

        var outer = ExclusionResponseCapture.Start();
        ExclusionResponse first;
        using (var inner = ExclusionResponseCapture.Start())
        {
            await env.Topo.GetApiKeyInfoAsync();
            first = Assert.Single(inner.Responses);
        }

        await env.Topo.GetApiKeyInfoAsync();
        outer.Dispose();
        await env.Topo.GetApiKeyInfoAsync();

        Assert.Equal(2, outer.Responses.Count);
        Assert.Same(first, outer.Responses[0]);
    }

    [Fact]
    public async Task A_mock_can_report_a_response_of_its_own()
    {
        var fake = new ExclusionResponse(ExclusionProvider.Topo, HttpStatusCode.Created, "req-123", "POST /contact-exclusions");
        var client = new FakeTopo(fake);

        using var capture = ExclusionResponseCapture.Start();
        await client.CreateContactExclusionAsync(new CreateContactExclusionRequest { Email = "a@acme.com" });

        Assert.Same(fake, capture.Last);
        Assert.Equal("Topo 201 POST /contact-exclusions (request id req-123, 1 attempt)", fake.ToString());
    }

    private sealed class FakeTopo(ExclusionResponse response) : TopoExclusionsClient
    {
        public override Task<ContactExclusion> CreateContactExclusionAsync(CreateContactExclusionRequest request, CancellationToken cancellationToken = default)
        {
            ExclusionResponseCapture.Record(response);
            return Task.FromResult(ExclusionsModelFactory.ContactExclusion(email: request.Email));
        }
    }
}
