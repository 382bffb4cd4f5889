using System.Net;
using System.Text;
using Exclusions.Client.Testing.Tests.Conformance.OpenApi;

namespace Exclusions.Client.Testing.Tests.Conformance;

/// <summary>
/// The validator bites: answers that break docs/openapi/*.yaml, served by a scripted handler instead of the
/// emulator, throw <see cref="OpenApiViolationException"/>; a conforming answer passes.
/// </summary>
[Trait("Conformance", "OpenApi")]
public sealed class OpenApiValidatingHandlerTests
{
    private const string Id = "0f8fad5b-d9cb-469f-a165-70867728950e";
    private const string Contact = $$"""{"id":"{{Id}}","email":"a@b.com","linkedin_url":null,"reason":"OTHER","message":null,"until":null,"created_at":"2025-06-01T12:00:00.000000Z","updated_at":"2025-06-01T12:00:00.000000Z"}""";

    public static TheoryData<string, string, int, string?, string, string> Violations => new()
    {
        // method, path, status, content type, body, expected problem
        { "GET", $"/v1/contact-exclusions/{Id}", 200, "application/json", Contact.Replace("\"linkedin_url\":null,", "", StringComparison.Ordinal), "linkedin_url" },
        { "GET", $"/v1/contact-exclusions/{Id}", 200, "application/json", Contact.Replace("\"OTHER\"", "\"other\"", StringComparison.Ordinal), "reason" },
        { "GET", $"/v1/contact-exclusions/{Id}", 200, "text/plain", Contact, "Content-Type" },
        { "GET", $"/v1/contact-exclusions/{Id}", 418, "application/json", Contact, "not declared" },
        { "DELETE", $"/v1/contact-exclusions/{Id}", 204, "application/json", "{}", "declares none" },
        { "GET", "/v1/contact-exclusions?per_page=5", 200, "application/json", """{"items":[],"total_count":0,"total_pages":0,"has_more":false}""", "per_page" },
        { "PUT", "/v1/contact-exclusions", 405, "application/json", """{"status_code":405,"type":"MethodNotAllowedIssue","message":"x","data":null,"request_id":"r"}""", "Allow" },
        { "GET", "/excluded-emails", 200, "application/json", """{"excluded_emails":[],"_links":{"self":{"href":"/excluded-emails"}}}""", "Content-Type" },
        { "POST", "/excluded-emails", 200, "application/vnd.amp+json", """{"A@B.com":"success"}""", "body" },
        { "GET", "/excluded-emails", 401, "application/vnd.amp+json", """{"_errors":[{"id":"1","status":401,"code":"unauthorized","title":"Unauthorized","detail":"x"}]}""", "status" },
    };

    [Theory]
    [MemberData(nameof(Violations))]
    public async Task An_answer_that_breaks_the_document_throws(string method, string path, int status, string? contentType, string body, string problem)
    {
        using var client = Client(status, contentType, body, allow: null);

        var violation = await Assert.ThrowsAsync<OpenApiViolationException>(() => client.SendAsync(Request(method, path)));

        Assert.Contains(problem, violation.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_conforming_answer_passes()
    {
        using var client = Client(200, "application/json; charset=utf-8", Contact, allow: null);

        var response = await client.SendAsync(Request("GET", $"/v1/contact-exclusions/{Id}"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    private static HttpRequestMessage Request(string method, string path)
    {
        var request = new HttpRequestMessage(new HttpMethod(method), new Uri("http://127.0.0.1:1" + path));
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", "key");
        if (method is "POST")
        {
            request.Content = new StringContent("""{"excluded_emails":[{"email":"a@b.com"}]}""", Encoding.UTF8, "application/vnd.amp+json");
        }

        return request;
    }

    private static HttpClient Client(int status, string? contentType, string body, string? allow) =>
        new(new OpenApiValidatingHandler(new Scripted(status, contentType, body, allow)));

    private sealed class Scripted(int status, string? contentType, string body, string? allow) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var response = new HttpResponseMessage((HttpStatusCode)status) { Content = new StringContent(body, Encoding.UTF8) };
            response.Content.Headers.ContentType = contentType is null ? null : System.Net.Http.Headers.MediaTypeHeaderValue.Parse(contentType);
            if (allow is not null)
            {
                response.Content.Headers.Allow.Add(allow);
            }

            return Task.FromResult(response);
        }
    }
}
