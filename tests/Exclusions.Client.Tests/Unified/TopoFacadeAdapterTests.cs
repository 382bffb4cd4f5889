using Exclusions.Client.Tests.Topo;
using Exclusions.Client.Topo;
using Microsoft.Extensions.DependencyInjection;
using WireMock.Matchers;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;

namespace Exclusions.Client.Tests.Unified;

/// <summary>The Topo mapping rules of the IExclusionClient facade, against WireMock.</summary>
public sealed class TopoFacadeAdapterTests : IDisposable
{
    private readonly TopoTestContext _ctx = new();

    public void Dispose() => _ctx.Dispose();

    private IExclusionClient Facade => _ctx.Client.AsExclusionClient(new TopoOptions { BulkConcurrency = 2 });

    private void OnCreate(string path, string bodyContains, int status, string body)
        => _ctx.Server.Given(Request.Create().WithPath(path).UsingPost().WithBody(new WildcardMatcher("*" + bodyContains + "*")))
            .RespondWith(Response.Create().WithStatusCode(status).WithHeader("Content-Type", "application/json").WithBody(body));

    [Fact]
    public async Task Add_maps_201_409_and_errors_per_item_in_input_order_sending_duplicates_once()
    {
        OnCreate("/v1/contact-exclusions", "new@acme.com", 201, TopoJson.Contact(email: "new@acme.com"));
        OnCreate("/v1/contact-exclusions", "dup@acme.com", 409, TopoJson.Error(409, "CommitIssue", "Already excluded"));
        OnCreate("/v1/account-exclusions", "rival.com", 201, TopoJson.Account(domain: "rival.com"));
        OnCreate("/v1/contact-exclusions", "bad@acme.com", 400, TopoJson.Error(400, "ValidationIssue", "Rejected"));

        var requests = new[]
        {
            new ExclusionRequest(ExclusionTarget.Email("new@acme.com"), ExclusionReason.Unsubscribed),
            new ExclusionRequest(ExclusionTarget.Email("dup@acme.com")),
            new ExclusionRequest(ExclusionTarget.Domain("https://rival.com/x")),
            new ExclusionRequest(ExclusionTarget.Email("NEW@acme.com")),
            new ExclusionRequest(ExclusionTarget.Email("bad@acme.com")),
        };
        var progress = new List<BulkProgress>();

        var result = await Facade.AddAsync(requests, new SyncProgress(progress));

        Assert.Equal(
            [ItemOutcomeKind.Added, ItemOutcomeKind.AlreadyExcluded, ItemOutcomeKind.Added, ItemOutcomeKind.Added, ItemOutcomeKind.Failed],
            result.Items.Select(i => i.Outcome.Kind));
        Assert.Equal(Enumerable.Range(0, 5), result.Items.Select(i => i.Index));
        Assert.Same(requests[3], result.Items[3].Input);
        Assert.IsType<ExclusionValidationException>(result.Items[4].Outcome.Exception);
        Assert.Equal(3, result.Added);
        Assert.Equal(1, result.AlreadyExcluded);
        Assert.Equal(1, result.Failed);
        Assert.Equal(4, _ctx.Requests.Count(r => r.RequestMessage!.Method == "POST"));
        Assert.Contains(_ctx.Requests, r => r.RequestMessage!.Body == """{"email":"dup@acme.com","reason":"OTHER"}""");
        Assert.Equal(5, progress.Max(p => p.Completed));
        Assert.All(progress, p => Assert.Equal(5, p.Total));
    }

    [Fact]
    public async Task Bulk_outcomes_are_counted_in_the_meter_by_provider_operation_and_outcome()
    {
        OnCreate("/v1/contact-exclusions", "m1@acme.com", 201, TopoJson.Contact(email: "m1@acme.com"));
        OnCreate("/v1/contact-exclusions", "m2@acme.com", 409, TopoJson.Error(409, "CommitIssue", "Already excluded"));
        var measured = new List<(long Value, string Tags)>();
        using var listener = new System.Diagnostics.Metrics.MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == "Exclusions.Client" && instrument.Name == "exclusions.client.bulk.items")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            var text = string.Join(",", tags.ToArray().Select(t => $"{t.Key}={t.Value}"));
            if (text.Contains("provider=topo", StringComparison.Ordinal))
            {
                lock (measured)
                {
                    measured.Add((value, text));
                }
            }
        });
        listener.Start();

        await Facade.AddAsync([new ExclusionRequest(ExclusionTarget.Email("m1@acme.com")), new ExclusionRequest(ExclusionTarget.Email("m2@acme.com")), new ExclusionRequest(ExclusionTarget.Email("M1@acme.com"))]);

        Assert.Contains((2L, "provider=topo,operation=add,outcome=Added"), measured);
        Assert.Contains((1L, "provider=topo,operation=add,outcome=AlreadyExcluded"), measured);
    }

    [Fact]
    public async Task Remove_looks_up_by_exact_match_then_deletes_by_id_and_maps_not_found_and_crm_records()
    {
        var crmId = Guid.NewGuid().ToString();
        _ctx.Server.Given(Request.Create().WithPath("/v1/contact-exclusions").WithParam("email", "gone@acme.com").UsingGet())
            .RespondWith(Response.Create().WithHeader("Content-Type", "application/json").WithBody(TopoJson.Page([TopoJson.Contact(email: "gone@acme.com")], 1, 1, false)));
        _ctx.Server.Given(Request.Create().WithPath("/v1/contact-exclusions").WithParam("email", "nobody@acme.com").UsingGet())
            .RespondWith(Response.Create().WithHeader("Content-Type", "application/json").WithBody(TopoJson.Page([], 0, 0, false)));
        _ctx.Server.Given(Request.Create().WithPath("/v1/account-exclusions").WithParam("domain", "crm.com").UsingGet())
            .RespondWith(Response.Create().WithHeader("Content-Type", "application/json").WithBody(TopoJson.Page([TopoJson.Account(id: crmId, domain: "crm.com")], 1, 1, false)));

        // A record held as www.crm.com would cover crm.com too (docs/normalization.md): the remove looks for it as well.
        _ctx.Server.Given(Request.Create().WithPath("/v1/account-exclusions").WithParam("domain", "www.crm.com").UsingGet())
            .RespondWith(Response.Create().WithHeader("Content-Type", "application/json").WithBody(TopoJson.Page([], 0, 0, false)));
        _ctx.Server.Given(Request.Create().WithPath("/v1/contact-exclusions/" + TopoJson.ContactId).UsingDelete()).RespondWith(Response.Create().WithStatusCode(204));
        _ctx.Server.Given(Request.Create().WithPath("/v1/account-exclusions/" + crmId).UsingDelete())
            .RespondWith(Response.Create().WithStatusCode(422).WithHeader("Content-Type", "application/json").WithBody(TopoJson.Error(422, "BusinessIssue", "Synced from HubSpot")));

        var result = await Facade.RemoveAsync([ExclusionTarget.Email("gone@acme.com"), ExclusionTarget.Email("nobody@acme.com"), ExclusionTarget.Domain("crm.com")]);

        Assert.Equal([ItemOutcomeKind.Removed, ItemOutcomeKind.NotFound, ItemOutcomeKind.Unsupported], result.Items.Select(i => i.Outcome.Kind));
        Assert.Equal(2, _ctx.Requests.Count(r => r.RequestMessage!.Method == "DELETE"));
        Assert.Equal("BusinessIssue", result.Items[2].Outcome.VendorStatus);
    }

    [Fact]
    public async Task List_maps_contacts_to_one_exclusion_per_target_and_accounts_to_domains()
    {
        _ctx.Server.Given(Request.Create().WithPath("/v1/contact-exclusions").UsingGet())
            .RespondWith(Response.Create().WithHeader("Content-Type", "application/json").WithBody(TopoJson.Page([TopoJson.Contact(until: "\"2030-01-01T00:00:00Z\"")], 1, 1, false)));
        _ctx.Server.Given(Request.Create().WithPath("/v1/account-exclusions").UsingGet())
            .RespondWith(Response.Create().WithHeader("Content-Type", "application/json").WithBody(TopoJson.Page([TopoJson.Account()], 1, 1, false)));

        var all = new List<Exclusion>();
        await foreach (var e in Facade.ListAsync())
        {
            all.Add(e);
        }

        Assert.Equal(["email:jane.doe@acme.com", "linkedin:https://www.linkedin.com/in/jane-doe-98765", "domain:rival-corp.com"], all.Select(e => e.Target.ToString()));
        Assert.All(all, e => Assert.Equal(ExclusionProvider.Topo, e.Provider));
        Assert.Equal(TopoJson.ContactId, all[0].Id);
        Assert.Equal(new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero), all[0].Until);
        Assert.Equal(ExclusionReason.Competitor, all[2].Reason);

        var emailsOnly = new List<Exclusion>();
        await foreach (var e in Facade.ListAsync(new ExclusionQuery { TargetType = ExclusionTargetType.Email }))
        {
            emailsOnly.Add(e);
        }

        Assert.Single(emailsOnly);
        Assert.DoesNotContain(_ctx.Requests.Skip(2), r => r.RequestMessage!.Path == "/v1/account-exclusions");
    }

    [Fact]
    public async Task A_request_expiring_in_the_past_invalidates_the_whole_call_before_anything_is_sent()
    {
        var ex = await Assert.ThrowsAsync<ArgumentException>(() => Facade.AddAsync(
        [
            new ExclusionRequest(ExclusionTarget.Email("ok@acme.com")),
            new ExclusionRequest(ExclusionTarget.Email("late@acme.com"), until: DateTimeOffset.UtcNow.AddMinutes(-1)),
        ]));

        Assert.Contains("item [1]", ex.Message, StringComparison.Ordinal);
        Assert.Contains("not in the future", ex.Message, StringComparison.Ordinal);
        Assert.Empty(_ctx.Requests);
    }

    [Fact]
    public async Task A_refused_key_stops_the_bulk_call_and_every_item_still_gets_an_outcome()
    {
        _ctx.Server.Given(Request.Create().WithPath("/v1/contact-exclusions").UsingPost())
            .RespondWith(Response.Create().WithStatusCode(401).WithHeader("Content-Type", "application/json").WithBody(TopoJson.Error(401, "UnauthorizedIssue", "Invalid API key")));

        var result = await Facade.AddAsync(Enumerable.Range(0, 20).Select(i => new ExclusionRequest(ExclusionTarget.Email($"u{i}@acme.com"))));

        Assert.Equal(20, result.Failed);
        Assert.All(result.Items, i => Assert.IsType<ExclusionAuthenticationException>(i.Outcome.Exception));
        Assert.False(result.WasCancelled);
        Assert.InRange(_ctx.Requests.Count, 1, 2);
        Assert.Contains(result.Items, i => i.Outcome.Detail!.StartsWith("Not attempted: an earlier request of this call was refused (401)", StringComparison.Ordinal));
    }

    [Fact]
    public void Capabilities_and_di_registration()
    {
        Assert.True(Facade.Capabilities.SupportsExpiry);
        Assert.True(Facade.Capabilities.SupportsLinkedInUrls);
        Assert.False(Facade.Capabilities.SupportsBulkWrites);

        var services = new ServiceCollection();
        services.AddTopoExclusions(o => o.ApiKey = "topo_k");
        services.AddTopoExclusions(o => o.ApiKey = "topo_k");
        using var sp = services.BuildServiceProvider();
        Assert.Equal(ExclusionProvider.Topo, Assert.Single(sp.GetServices<IExclusionClient>()).Provider);
        Assert.Equal(ExclusionProvider.Topo, sp.GetRequiredKeyedService<IExclusionClient>("topo").Provider);
        Assert.Equal([ExclusionProvider.Topo], sp.GetRequiredService<ExclusionClients>().Providers);
    }

    /// <summary>Progress&lt;T&gt; posts asynchronously; tests need reports recorded synchronously.</summary>
    private sealed class SyncProgress(List<BulkProgress> sink) : IProgress<BulkProgress>
    {
        public void Report(BulkProgress value)
        {
            lock (sink)
            {
                sink.Add(value);
            }
        }
    }
}
