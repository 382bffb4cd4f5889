using System.Globalization;
using Exclusions.Client.Amplemarket;
using WireMock.RequestBuilders;
using static Exclusions.Client.Tests.Amplemarket.AmplemarketTestContext;

namespace Exclusions.Client.Tests.Amplemarket;

/// <summary>Bulk add/remove: exactly one outcome per input item, in input order, whatever the server says.</summary>
public sealed class AmplemarketBulkTests : IDisposable
{
    private readonly AmplemarketTestContext _ctx = new(o => o.BulkChunkSize = 100);

    public void Dispose() => _ctx.Dispose();

    private static string[] Emails(int count, string prefix = "user")
        => Enumerable.Range(0, count).Select(i => string.Create(CultureInfo.InvariantCulture, $"{prefix}{i}@x.com")).ToArray();

    private void RespondToEmails(string method, Func<string, string?> statusOf)
        => _ctx.RespondToBulk("/excluded-emails", method, statusOf, "excluded_emails", "email");

    [Fact]
    public async Task Every_documented_add_status_and_an_unknown_one_map_to_their_outcomes()
    {
        _ctx.Server.Given(Request.Create().WithPath("/excluded-emails").UsingPost()).RespondWith(Json("""
            {"new@x.com":"success","existing@x.com":"duplicated","crm@x.com":"unsupported","odd@x.com":"quarantined","weird@x.com":"not_found"}
            """));

        var result = await _ctx.Client.AddExcludedEmailsAsync(["new@x.com", "existing@x.com", "crm@x.com", "odd@x.com", "weird@x.com"]);

        Assert.Equal(
            [ItemOutcomeKind.Added, ItemOutcomeKind.AlreadyExcluded, ItemOutcomeKind.Unsupported, ItemOutcomeKind.Unknown, ItemOutcomeKind.Unknown],
            result.Items.Select(i => i.Outcome.Kind));
        Assert.Equal(["success", "duplicated", "unsupported", "quarantined", "not_found"], result.Items.Select(i => i.Outcome.VendorStatus));
        Assert.Equal([0, 1, 2, 3, 4], result.Items.Select(i => i.Index));
        Assert.False(result.AllSucceeded);
        Assert.False(result.WasCancelled);
    }

    [Fact]
    public async Task Every_documented_remove_status_and_an_unknown_one_map_to_their_outcomes()
    {
        _ctx.Server.Given(Request.Create().WithPath("/excluded-domains").UsingDelete()).RespondWith(Json("""
            {"existing-domain.com":"success","existing-domain-from-crm.com":"unsupported","unexistent-domain.com":"not_found","other.com":"pending_review"}
            """));

        var result = await _ctx.Client.RemoveExcludedDomainsAsync(["existing-domain.com", "existing-domain-from-crm.com", "unexistent-domain.com", "other.com"]);

        Assert.Equal(
            [ItemOutcomeKind.Removed, ItemOutcomeKind.Unsupported, ItemOutcomeKind.NotFound, ItemOutcomeKind.Unknown],
            result.Items.Select(i => i.Outcome.Kind));
        Assert.Equal("pending_review", result.Items[3].Outcome.VendorStatus);
    }

    [Fact]
    public async Task Each_item_tells_the_request_id_and_status_of_the_chunk_that_carried_it()
    {
        using var small = new AmplemarketTestContext(o => o.BulkChunkSize = 1);
        foreach (var (email, id) in new[] { ("a@x.com", "chunk-1"), ("b@x.com", "chunk-2") })
        {
            small.Server.Given(Request.Create().WithPath("/excluded-emails").UsingPost().WithBody(new WireMock.Matchers.WildcardMatcher("*" + email + "*")))
                .RespondWith(Json("{\"" + email + "\":\"success\"}").WithHeader("X-Request-Id", id));
        }

        using var capture = ExclusionResponseCapture.Start();
        var result = await small.Client.AddExcludedEmailsAsync(["a@x.com", "b@x.com"]);

        Assert.Equal(["chunk-1", "chunk-2"], result.Items.Select(i => i.Outcome.GetRawResponse()!.RequestId));
        Assert.All(result.Items, i => Assert.Equal(System.Net.HttpStatusCode.OK, i.Outcome.GetRawResponse()!.StatusCode));
        Assert.All(result.Items, i => Assert.Equal("POST /excluded-emails", i.Outcome.GetRawResponse()!.Operation));
        Assert.Equal(["chunk-1", "chunk-2"], capture.Responses.Select(r => r.RequestId));
    }

    [Fact]
    public async Task Response_keys_in_another_case_still_match_their_items()
    {
        _ctx.Server.Given(Request.Create().WithPath("/excluded-emails").UsingPost()).RespondWith(Json("""
            {"Someone@Domain.COM":"success"," OTHER@domain.com":"duplicated"}
            """));

        var result = await _ctx.Client.AddExcludedEmailsAsync(["someone@domain.com", "Other@Domain.com"]);

        Assert.Equal([ItemOutcomeKind.Added, ItemOutcomeKind.AlreadyExcluded], result.Items.Select(i => i.Outcome.Kind));
    }

    [Fact]
    public async Task Domain_response_keys_in_unicode_or_upper_case_match_the_punycode_sent()
    {
        _ctx.Server.Given(Request.Create().WithPath("/excluded-domains").UsingPost()).RespondWith(Json("""
            {"BÜCHER.de":"success","ACME.COM":"duplicated"}
            """));

        var result = await _ctx.Client.AddExcludedDomainsAsync(["xn--bcher-kva.de", "https://acme.com/x"]);

        Assert.Equal([ItemOutcomeKind.Added, ItemOutcomeKind.AlreadyExcluded], result.Items.Select(i => i.Outcome.Kind));
    }

    [Fact]
    public async Task An_item_missing_from_the_response_is_Unknown_not_dropped()
    {
        _ctx.Server.Given(Request.Create().WithPath("/excluded-emails").UsingPost()).RespondWith(Json("""{"a@x.com":"success","stranger@x.com":"success"}"""));

        var result = await _ctx.Client.AddExcludedEmailsAsync(["a@x.com", "b@x.com"]);

        Assert.Equal(2, result.Items.Count);
        Assert.Equal(ItemOutcomeKind.Added, result.Items[0].Outcome.Kind);
        Assert.Equal(ItemOutcomeKind.Unknown, result.Items[1].Outcome.Kind);
        Assert.Equal("b@x.com", result.Items[1].Input);
        Assert.Null(result.Items[1].Outcome.VendorStatus);
        Assert.Equal(1, result.Unknown);
    }

    [Fact]
    public async Task A_non_string_status_is_Unknown_for_that_item_only()
    {
        _ctx.Server.Given(Request.Create().WithPath("/excluded-emails").UsingPost()).RespondWith(Json("""{"a@x.com":"success","b@x.com":{"status":"success"}}"""));

        var result = await _ctx.Client.AddExcludedEmailsAsync(["a@x.com", "b@x.com"]);

        Assert.Equal(ItemOutcomeKind.Added, result.Items[0].Outcome.Kind);
        Assert.Equal(ItemOutcomeKind.Unknown, result.Items[1].Outcome.Kind);
        Assert.Equal("""{"status":"success"}""", result.Items[1].Outcome.VendorStatus);
    }

    [Fact]
    public async Task Two_hundred_fifty_items_go_in_three_chunks_and_come_back_in_input_order()
    {
        var emails = Emails(250);
        RespondToEmails("POST", e => int.Parse(e[4..e.IndexOf('@')], CultureInfo.InvariantCulture) % 2 == 0 ? "success" : "duplicated");

        var result = await _ctx.Client.AddExcludedEmailsAsync(emails);

        var requests = _ctx.Requests;
        Assert.Equal(3, requests.Count);
        Assert.Equal([100, 100, 50], requests.Select(r => SentItems(r, "excluded_emails", "email").Count));
        Assert.Equal(emails, requests.SelectMany(r => SentItems(r, "excluded_emails", "email")));
        Assert.Equal(250, result.Items.Count);
        for (var i = 0; i < 250; i++)
        {
            Assert.Equal(i, result.Items[i].Index);
            Assert.Equal(emails[i], result.Items[i].Input);
            Assert.Equal(i % 2 == 0 ? ItemOutcomeKind.Added : ItemOutcomeKind.AlreadyExcluded, result.Items[i].Outcome.Kind);
        }
    }

    [Fact]
    public async Task The_chunk_size_comes_from_options()
    {
        using var ctx = new AmplemarketTestContext(o => o.BulkChunkSize = 7);
        ctx.RespondToBulk("/excluded-emails", "DELETE", _ => "success", "excluded_emails", "email");

        var result = await ctx.Client.RemoveExcludedEmailsAsync(Emails(20));

        Assert.Equal([7, 7, 6], ctx.Requests.Select(r => SentItems(r, "excluded_emails", "email").Count));
        Assert.Equal(20, result.Removed);
    }

    [Fact]
    public async Task Duplicate_inputs_are_sent_once_and_reported_for_each()
    {
        RespondToEmails("POST", _ => "success");
        string[] input = ["a@x.com", "A@X.com", "b@x.com", " a@x.com ", "b@x.com"];

        var result = await _ctx.Client.AddExcludedEmailsAsync(input);

        Assert.Equal(["a@x.com", "b@x.com"], SentItems(_ctx.SingleRequest, "excluded_emails", "email"));
        Assert.Equal(5, result.Items.Count);
        Assert.Equal(input, result.Items.Select(i => i.Input));
        Assert.All(result.Items, i => Assert.Equal(ItemOutcomeKind.Added, i.Outcome.Kind));
        Assert.Equal(5, result.Added);
    }

    [Fact]
    public async Task Progress_is_reported_after_each_chunk_in_input_items()
    {
        RespondToEmails("POST", _ => "success");
        var reports = new List<BulkProgress>();
        var progress = new SynchronousProgress<BulkProgress>(reports.Add);
        var input = Emails(250).Concat(["user0@x.com"]).ToArray();

        await _ctx.Client.AddExcludedEmailsAsync(input, progress);

        Assert.Equal([new BulkProgress(101, 251), new BulkProgress(201, 251), new BulkProgress(251, 251)], reports);
    }

    [Fact]
    public async Task Cancellation_between_chunks_returns_what_happened_and_fails_the_rest()
    {
        RespondToEmails("POST", _ => "success");
        using var cts = new CancellationTokenSource();
        var progress = new SynchronousProgress<BulkProgress>(p =>
        {
            if (p.Completed >= 100)
            {
                cts.Cancel();
            }
        });

        var result = await _ctx.Client.AddExcludedEmailsAsync(Emails(250), progress, cts.Token);

        Assert.True(result.WasCancelled);
        Assert.Single(_ctx.Requests);
        Assert.Equal(100, result.Added);
        Assert.Equal(150, result.Failed);
        Assert.All(result.Items.Skip(100), i => Assert.IsType<OperationCanceledException>(i.Outcome.Exception, exactMatch: false));
        Assert.Equal(250, result.Items.Count);
    }

    [Fact]
    public async Task An_already_cancelled_token_sends_nothing_and_fails_every_item()
    {
        RespondToEmails("POST", _ => "success");

        var result = await _ctx.Client.AddExcludedEmailsAsync(Emails(3), null, new CancellationToken(canceled: true));

        Assert.Empty(_ctx.Server.LogEntries);
        Assert.True(result.WasCancelled);
        Assert.Equal(3, result.Failed);
    }

    [Fact]
    public async Task A_failed_chunk_fails_its_items_and_later_chunks_still_run()
    {
        var calls = 0;
        _ctx.Server.Given(Request.Create().WithPath("/excluded-emails").UsingPost()).RespondWith(WireMock.ResponseBuilders.Response.Create().WithCallback(req =>
        {
            var n = Interlocked.Increment(ref calls);
            if (n == 2)
            {
                return Reply(500, AmplemarketJson.Errors(("500", "internal_error", "Internal error", "boom", null)));
            }

            var items = System.Text.Json.Nodes.JsonNode.Parse(req.Body!)!["excluded_emails"]!.AsArray().Select(i => i!["email"]!.GetValue<string>());
            var body = "{" + string.Join(",", items.Select(e => $"\"{e}\":\"success\"")) + "}";
            return Reply(200, body);
        }));

        var result = await _ctx.Client.AddExcludedEmailsAsync(Emails(250));

        Assert.Equal(3, _ctx.Requests.Count);
        Assert.Equal(150, result.Added);
        Assert.Equal(100, result.Failed);
        Assert.All(result.Items.Skip(100).Take(100), i =>
        {
            Assert.Equal(ItemOutcomeKind.Failed, i.Outcome.Kind);
            Assert.IsType<ExclusionServerException>(i.Outcome.Exception);
        });
        Assert.Same(result.Items[100].Outcome.Exception, result.Items[199].Outcome.Exception);
        Assert.False(result.WasCancelled);
        var warning = Assert.Single(_ctx.Logs.Entries, e => e.EventId.Id == 1203);
        Assert.Equal(Microsoft.Extensions.Logging.LogLevel.Warning, warning.Level);
        Assert.Contains("500", warning.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("@x.com", warning.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_authentication_failure_stops_the_call_and_fails_every_item_with_it()
    {
        _ctx.Server.Given(Request.Create().WithPath("/excluded-emails").UsingPost())
            .RespondWith(Json(AmplemarketJson.Errors(("401", "unauthorized", "Unauthorized", "Invalid API key " + ApiKey, null)), 401));

        var result = await _ctx.Client.AddExcludedEmailsAsync(Emails(250));

        Assert.Single(_ctx.Requests);
        Assert.Equal(250, result.Failed);
        var first = Assert.IsType<ExclusionAuthenticationException>(result.Items[0].Outcome.Exception);
        Assert.All(result.Items, i => Assert.Same(first, i.Outcome.Exception));
        Assert.DoesNotContain(ApiKey, first.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(ApiKey, first.ResponseBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_2xx_with_an_unreadable_body_fails_the_chunk_instead_of_guessing()
    {
        _ctx.Server.Given(Request.Create().WithPath("/excluded-emails").UsingPost()).RespondWith(Json("<html>ok</html>"));

        var result = await _ctx.Client.AddExcludedEmailsAsync(["a@x.com"]);

        var outcome = Assert.Single(result.Items).Outcome;
        Assert.Equal(ItemOutcomeKind.Failed, outcome.Kind);
        Assert.Equal("unreadable_response", Assert.IsType<ExclusionApiException>(outcome.Exception).ErrorCode);
    }

    [Fact]
    public async Task Empty_input_sends_nothing()
    {
        var result = await _ctx.Client.AddExcludedEmailsAsync([]);

        Assert.Empty(result.Items);
        Assert.Empty(_ctx.Server.LogEntries);
    }

    [Fact]
    public async Task Addresses_are_logged_only_at_debug_and_the_key_never()
    {
        RespondToEmails("POST", _ => "success");

        await _ctx.Client.AddExcludedEmailsAsync(["private.person@x.com"]);

        var entries = _ctx.Logs.Entries.ToList();
        Assert.Contains(entries, e => e.Message.Contains("private.person@x.com", StringComparison.Ordinal));
        Assert.All(
            entries.Where(e => e.Level > Microsoft.Extensions.Logging.LogLevel.Debug),
            e => Assert.DoesNotContain("private.person@x.com", e.ToString(), StringComparison.Ordinal));
        Assert.DoesNotContain(ApiKey, _ctx.Logs.AllText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_retry_after_a_5xx_turns_duplicated_into_Added_and_not_found_into_Removed()
    {
        using var ctx = new AmplemarketTestContext(o =>
        {
            o.Resilience.MaxRetries = 1;
            o.Resilience.BaseDelay = TimeSpan.FromMilliseconds(1);
        });
        FailFirstThen(ctx, "POST", 503, """{"a@x.com":"duplicated"}""");
        FailFirstThen(ctx, "DELETE", 502, """{"a@x.com":"not_found"}""");

        var added = await ctx.Client.AddExcludedEmailsAsync(["a@x.com"]);
        var removed = await ctx.Client.RemoveExcludedEmailsAsync(["a@x.com"]);

        Assert.Equal(4, ctx.Requests.Count);
        Assert.Equal(ItemOutcomeKind.Added, Assert.Single(added.Items).Outcome.Kind);
        Assert.Equal("duplicated", added.Items[0].Outcome.VendorStatus);
        Assert.Equal(ItemOutcomeKind.Removed, Assert.Single(removed.Items).Outcome.Kind);
        Assert.Equal("not_found", removed.Items[0].Outcome.VendorStatus);
    }

    [Fact]
    public async Task A_retry_after_a_429_is_not_a_replay_so_duplicated_stays_AlreadyExcluded()
    {
        using var ctx = new AmplemarketTestContext(o =>
        {
            o.Resilience.MaxRetries = 1;
            o.Resilience.BaseDelay = TimeSpan.FromMilliseconds(1);

            // A 429 without Retry-After waits as the budget implies (up to a window): a short window keeps it quick.
            o.Resilience.RateLimitWindow = TimeSpan.FromMilliseconds(10);
        });
        FailFirstThen(ctx, "POST", 429, """{"a@x.com":"duplicated"}""");

        var added = await ctx.Client.AddExcludedEmailsAsync(["a@x.com"]);

        Assert.Equal(2, ctx.Requests.Count);
        Assert.Equal(ItemOutcomeKind.AlreadyExcluded, Assert.Single(added.Items).Outcome.Kind);
    }

    private static void FailFirstThen(AmplemarketTestContext ctx, string method, int firstStatus, string thenBody)
    {
        var calls = 0;
        ctx.Server.Given(Request.Create().WithPath("/excluded-emails").UsingMethod(method)).RespondWith(WireMock.ResponseBuilders.Response.Create().WithCallback(_ =>
            Interlocked.Increment(ref calls) == 1
                ? Reply(firstStatus, AmplemarketJson.Errors((firstStatus.ToString(CultureInfo.InvariantCulture), "upstream", "Upstream", "try again", null)))
                : Reply(200, thenBody)));
    }

    private static WireMock.ResponseMessage Reply(int status, string body) => new()
    {
        StatusCode = status,
        Headers = new Dictionary<string, WireMock.Types.WireMockList<string>> { ["Content-Type"] = new(MediaType) },
        BodyData = new WireMock.Util.BodyData { BodyAsString = body, DetectedBodyType = WireMock.Types.BodyType.String },
    };

    /// <summary><see cref="Progress{T}"/> posts to the thread pool; tests need the report to happen before the next chunk.</summary>
    private sealed class SynchronousProgress<T>(Action<T> report) : IProgress<T>
    {
        public void Report(T value) => report(value);
    }
}
