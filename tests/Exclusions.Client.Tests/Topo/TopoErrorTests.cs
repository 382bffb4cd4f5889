using System.Globalization;
using System.Net;
using Exclusions.Client.Topo;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;

namespace Exclusions.Client.Tests.Topo;

/// <summary>Every error status becomes its typed exception, with the vendor's details and no secret.</summary>
public sealed class TopoErrorTests : IDisposable
{
    private readonly TopoTestContext _ctx = new();

    public void Dispose() => _ctx.Dispose();

    private void RespondToGet(int status, string body, params (string Name, string Value)[] headers)
    {
        var response = Response.Create().WithStatusCode(status).WithHeader("Content-Type", "application/json").WithBody(body);
        foreach (var (name, value) in headers)
        {
            response = response.WithHeader(name, value);
        }

        _ctx.Server.Given(Request.Create().WithPath("/v1/contact-exclusions/" + TopoJson.ContactId).UsingGet()).RespondWith(response);
    }

    private Task<ContactExclusion> Get() => _ctx.Client.GetContactExclusionAsync(Guid.Parse(TopoJson.ContactId));

    public static TheoryData<int, string, Type> StatusCases => new()
    {
        { 400, "ValidationIssue", typeof(ExclusionValidationException) },
        { 401, "UnauthorizedIssue", typeof(ExclusionAuthenticationException) },
        { 403, "UnauthorizedIssue", typeof(ExclusionPermissionException) },
        { 404, "NotFoundIssue", typeof(ExclusionNotFoundException) },
        { 409, "CommitIssue", typeof(ExclusionConflictException) },
        { 422, "BusinessIssue", typeof(ExclusionValidationException) },
        { 429, "RateLimitIssue", typeof(ExclusionRateLimitedException) },
        { 500, "InternalIssue", typeof(ExclusionServerException) },
        { 503, "InternalIssue", typeof(ExclusionServerException) },
        { 418, "Teapot", typeof(ExclusionApiException) },
    };

    [Theory]
    [MemberData(nameof(StatusCases))]
    public async Task Each_status_maps_to_its_exception_with_type_message_and_request_id(int status, string type, Type expected)
    {
        RespondToGet(status, TopoJson.Error(status, type, "Something about this request", requestId: "req_abc_" + status));

        var ex = await Assert.ThrowsAnyAsync<ExclusionApiException>(Get);

        Assert.Equal(expected, ex.GetType());
        Assert.Equal(ExclusionProvider.Topo, ex.Provider);
        Assert.Equal((HttpStatusCode)status, ex.StatusCode);
        Assert.Equal(type, ex.ErrorCode);
        Assert.Equal("req_abc_" + status, ex.RequestId);
        Assert.Contains("Something about this request", ex.Message, StringComparison.Ordinal);
        Assert.Contains("req_abc_" + status, ex.Message, StringComparison.Ordinal);
        Assert.Contains("\"status_code\":" + status, ex.ResponseBody, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(401, typeof(ExclusionAuthenticationException))]
    [InlineData(404, typeof(ExclusionNotFoundException))]
    [InlineData(409, typeof(ExclusionConflictException))]
    [InlineData(429, typeof(ExclusionRateLimitedException))]
    [InlineData(502, typeof(ExclusionServerException))]
    public async Task Unparseable_error_body_still_yields_the_right_subtype_and_header_request_id(int status, Type expected)
    {
        RespondToGet(status, "<html>upstream exploded</html>", ("X-Request-Id", "hdr-req-9"));

        var ex = await Assert.ThrowsAnyAsync<ExclusionApiException>(Get);

        Assert.Equal(expected, ex.GetType());
        Assert.Equal("hdr-req-9", ex.RequestId);
        Assert.Null(ex.ErrorCode);
        Assert.Equal("<html>upstream exploded</html>", ex.ResponseBody);
    }

    [Fact]
    public async Task Validation_error_exposes_field_details_from_data()
    {
        RespondToGet(400, TopoJson.Error(400, "ValidationIssue", "Invalid request", data: """{"email":["must be a valid email"],"reason":"must be one of the documented codes"}"""));

        var ex = await Assert.ThrowsAsync<ExclusionValidationException>(Get);

        Assert.Equal(["must be a valid email"], ex.FieldErrors["email"]);
        Assert.Equal(["must be one of the documented codes"], ex.FieldErrors["reason"]);
    }

    [Fact]
    public async Task Permission_error_names_the_missing_scope()
    {
        RespondToGet(403, TopoJson.Error(403, "UnauthorizedIssue", "API key is missing required scope exclusions:write"));

        var ex = await Assert.ThrowsAsync<ExclusionPermissionException>(Get);

        Assert.Equal("exclusions:write", ex.MissingScope);
        Assert.Contains("exclusions:write", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Rate_limit_with_retry_after_seconds_exposes_the_delay()
    {
        RespondToGet(429, TopoJson.Error(429, "RateLimitIssue", "Slow down"), ("Retry-After", "17"));

        var ex = await Assert.ThrowsAsync<ExclusionRateLimitedException>(Get);

        Assert.Equal(TimeSpan.FromSeconds(17), ex.RetryAfter);
    }

    [Fact]
    public async Task Rate_limit_with_retry_after_http_date_exposes_the_delay()
    {
        var at = DateTimeOffset.UtcNow.AddMinutes(2);
        RespondToGet(429, "", ("Retry-After", at.ToString("R", CultureInfo.InvariantCulture)));

        var ex = await Assert.ThrowsAsync<ExclusionRateLimitedException>(Get);

        Assert.NotNull(ex.RetryAfter);
        Assert.InRange(ex.RetryAfter!.Value, TimeSpan.FromSeconds(100), TimeSpan.FromSeconds(121));
    }

    [Fact]
    public async Task Rate_limit_without_retry_after_has_null_delay()
    {
        RespondToGet(429, TopoJson.Error(429, "RateLimitIssue", "Slow down"));

        var ex = await Assert.ThrowsAsync<ExclusionRateLimitedException>(Get);

        Assert.Null(ex.RetryAfter);
    }

    [Fact]
    public async Task Api_key_echoed_by_the_server_never_appears_in_the_exception()
    {
        RespondToGet(
            401,
            TopoJson.Error(401, "UnauthorizedIssue", "Key " + TopoTestContext.ApiKey + " is revoked", data: $$"""{"authorization":"Bearer {{TopoTestContext.ApiKey}}"}"""),
            ("X-Debug", "Bearer " + TopoTestContext.ApiKey));

        var ex = await Assert.ThrowsAsync<ExclusionAuthenticationException>(Get);

        Assert.DoesNotContain(TopoTestContext.ApiKey, ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(TopoTestContext.ApiKey, ex.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(TopoTestContext.ApiKey, ex.ResponseBody!, StringComparison.Ordinal);
        Assert.DoesNotContain(TopoTestContext.ApiKey, ex.Details.Message!, StringComparison.Ordinal);
        Assert.Contains("***", ex.ResponseBody!, StringComparison.Ordinal);
        Assert.DoesNotContain(TopoTestContext.ApiKey, _ctx.Logs.AllText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Success_with_an_unreadable_body_is_an_api_exception_not_a_json_exception()
    {
        RespondToGet(200, "{ not json");

        var ex = await Assert.ThrowsAsync<ExclusionApiException>(Get);

        Assert.Equal(HttpStatusCode.OK, ex.StatusCode);
        Assert.Equal("unreadable_response", ex.ErrorCode);
    }

    [Fact]
    public async Task Transport_failure_surfaces_as_ExclusionTransportException_with_the_socket_error_inside()
    {
        // A loopback port with nothing listening: connection refused.
        var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        var client = new TopoExclusionsClient(new TopoOptions { ApiKey = TopoTestContext.ApiKey, BaseAddress = new Uri($"http://127.0.0.1:{port}/v1"), Resilience = { MaxRetries = 0 } });

        var ex = await Assert.ThrowsAsync<ExclusionTransportException>(() => client.GetApiKeyInfoAsync());

        Assert.IsType<HttpRequestException>(ex.InnerException);
        Assert.Equal("GET /me", ex.Details.Operation);
        Assert.Equal(1, ex.Details.Attempts);

        Assert.DoesNotContain(TopoTestContext.ApiKey, ex.ToString(), StringComparison.Ordinal);
    }
}
