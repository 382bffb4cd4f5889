using System.Net;
using Exclusions.Client.Amplemarket;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using static Exclusions.Client.Tests.Amplemarket.AmplemarketTestContext;

namespace Exclusions.Client.Tests.Amplemarket;

/// <summary>The <c>_errors</c> envelope becomes the shared exception hierarchy, with code, detail, pointer and request id.</summary>
public sealed class AmplemarketErrorTests : IDisposable
{
    private readonly AmplemarketTestContext _ctx = new();

    public void Dispose() => _ctx.Dispose();

    private void RespondToList(int status, string body, params (string Name, string Value)[] headers)
    {
        var response = Response.Create().WithStatusCode(status).WithHeader("Content-Type", MediaType).WithBody(body);
        foreach (var (name, value) in headers)
        {
            response = response.WithHeader(name, value);
        }

        _ctx.Server.Given(Request.Create().WithPath("/excluded-emails").UsingGet()).RespondWith(response);
    }

    public static TheoryData<int, string, Type> StatusCases => new()
    {
        { 400, "invalid_request", typeof(ExclusionValidationException) },
        { 401, "unauthorized", typeof(ExclusionAuthenticationException) },
        { 403, "forbidden", typeof(ExclusionPermissionException) },
        { 404, "not_found", typeof(ExclusionNotFoundException) },
        { 422, "unprocessable_entity", typeof(ExclusionValidationException) },
        { 429, "rate_limited", typeof(ExclusionRateLimitedException) },
        { 500, "internal_error", typeof(ExclusionServerException) },
    };

    [Theory]
    [MemberData(nameof(StatusCases))]
    public async Task Each_status_maps_to_its_exception_with_code_detail_and_request_id(int status, string code, Type expected)
    {
        RespondToList(status, AmplemarketJson.Errors((status.ToString(System.Globalization.CultureInfo.InvariantCulture), code, "Title " + status, "Detail about " + status, null)), ("X-Request-Id", "amp-req-" + status));

        var ex = await Assert.ThrowsAnyAsync<ExclusionApiException>(() => _ctx.Client.GetExcludedEmailsPageAsync());

        Assert.Equal(expected, ex.GetType());
        Assert.Equal(ExclusionProvider.Amplemarket, ex.Provider);
        Assert.Equal((HttpStatusCode)status, ex.StatusCode);
        Assert.Equal(code, ex.ErrorCode);
        Assert.Equal("amp-req-" + status, ex.RequestId);
        Assert.Equal("Title " + status + ": Detail about " + status, ex.Details.Message);
        Assert.Contains("Detail about " + status, ex.Message, StringComparison.Ordinal);
        Assert.Contains("amp-req-" + status, ex.Message, StringComparison.Ordinal);
        var entry = Assert.Single(ex.Details.Errors);
        Assert.Equal(code, entry.Code);
        Assert.Equal("Title " + status, entry.Title);
    }

    [Fact]
    public async Task A_422_exposes_every_error_keyed_by_its_json_pointer()
    {
        _ctx.Server.Given(Request.Create().WithPath("/excluded-emails").UsingPost()).RespondWith(Json(AmplemarketJson.Errors(
            ("422", "invalid_email", "Invalid email", "is not an email", "/excluded_emails/0/email"),
            ("422", "too_many", "Too many items", "at most 50 items", "/excluded_emails"),
            ("422", "invalid_email", "Invalid email", "is blank", "/excluded_emails/0/email")), 422));

        var result = await _ctx.Client.AddExcludedEmailsAsync(["a@x.com"]);

        var ex = Assert.IsType<ExclusionValidationException>(Assert.Single(result.Items).Outcome.Exception);
        Assert.Equal("invalid_email", ex.ErrorCode);
        Assert.Equal(["is not an email", "is blank"], ex.FieldErrors["/excluded_emails/0/email"]);
        Assert.Equal(["at most 50 items"], ex.FieldErrors["/excluded_emails"]);
        Assert.Equal(3, ex.Details.Errors.Count);
        Assert.Equal("/excluded_emails", ex.Details.Errors[1].Source);
    }

    [Fact]
    public async Task Parameter_and_header_sources_are_field_errors_too()
    {
        RespondToList(400, """{"_errors":[{"id":"1","status":"400","code":"bad_cursor","title":"Bad cursor","detail":"page[after] is invalid","source":{"parameter":"page[after]"}},{"id":"2","status":"400","code":"bad_accept","title":"Bad Accept","source":{"header":"Accept"}}]}""");

        var ex = await Assert.ThrowsAsync<ExclusionValidationException>(() => _ctx.Client.GetExcludedEmailsPageAsync());

        Assert.Equal(["page[after] is invalid"], ex.FieldErrors["page[after]"]);
        Assert.Equal(["Bad Accept"], ex.FieldErrors["Accept"]);
        Assert.Equal("bad_cursor", ex.ErrorCode);
    }

    [Fact]
    public async Task A_429_carries_retry_after()
    {
        RespondToList(429, AmplemarketJson.Errors(("429", "rate_limited", "Too many requests", "Slow down", null)), ("Retry-After", "17"));

        var ex = await Assert.ThrowsAsync<ExclusionRateLimitedException>(() => _ctx.Client.GetExcludedEmailsPageAsync());

        Assert.Equal(TimeSpan.FromSeconds(17), ex.RetryAfter);
    }

    [Theory]
    [InlineData(400, "<html>bad</html>", typeof(ExclusionValidationException))]
    [InlineData(401, "", typeof(ExclusionAuthenticationException))]
    [InlineData(403, "{\"_errors\":\"nope\"}", typeof(ExclusionPermissionException))]
    [InlineData(404, "{\"_errors\":[1,null,\"x\"]}", typeof(ExclusionNotFoundException))]
    [InlineData(429, "[]", typeof(ExclusionRateLimitedException))]
    [InlineData(502, "{\"message\":\"gateway\"", typeof(ExclusionServerException))]
    public async Task An_unparseable_error_body_still_yields_the_right_subtype_and_header_request_id(int status, string body, Type expected)
    {
        RespondToList(status, body, ("X-Request-Id", "hdr-req-1"));

        var ex = await Assert.ThrowsAnyAsync<ExclusionApiException>(() => _ctx.Client.GetExcludedEmailsPageAsync());

        Assert.Equal(expected, ex.GetType());
        Assert.Equal("hdr-req-1", ex.RequestId);
        Assert.Null(ex.ErrorCode);
    }

    [Fact]
    public async Task The_api_key_never_appears_in_an_exception_even_when_the_server_echoes_it()
    {
        RespondToList(401, AmplemarketJson.Errors(("401", "unauthorized", "Bad key " + ApiKey, "Authorization: Bearer " + ApiKey + " rejected", null)));

        var ex = await Assert.ThrowsAsync<ExclusionAuthenticationException>(() => _ctx.Client.GetExcludedEmailsPageAsync());

        Assert.DoesNotContain(ApiKey, ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(ApiKey, ex.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(ApiKey, ex.ResponseBody, StringComparison.Ordinal);
        Assert.DoesNotContain(ApiKey, ex.Details.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_parser_never_throws()
    {
        foreach (var body in new[] { "", "{", "null", "42", "{\"_errors\":[{\"source\":\"x\",\"code\":5}]}", "{\"_errors\":[{}]}" })
        {
            var parsed = AmplemarketErrorParser.Instance.Parse(body);
            Assert.NotNull(parsed);
        }
    }

    [Fact]
    public void Options_and_client_ToString_never_show_the_key()
    {
        var options = new AmplemarketOptions { ApiKey = ApiKey };

        Assert.DoesNotContain(ApiKey, options.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(ApiKey, _ctx.Client.ToString(), StringComparison.Ordinal);
    }
}
