namespace Exclusions.Client.Tests.Topo;

/// <summary>Response bodies as Topo documents them.</summary>
internal static class TopoJson
{
    public const string ContactId = "3f2b8c1e-9a4d-4b7e-8c21-5d6f7a8b9c0d";
    public const string AccountId = "7c1d2e3f-4a5b-4c6d-8e7f-9a0b1c2d3e4f";

    public static string Contact(string id = ContactId, string? email = "jane.doe@acme.com", string reason = "UNSUBSCRIBED", string until = "null", string extra = "")
        => $$"""
        {"id":"{{id}}","email":{{(email is null ? "null" : "\"" + email + "\"")}},"linkedin_url":"https://www.linkedin.com/in/jane-doe-98765","reason":"{{reason}}","message":"Unsubscribed via footer link","until":{{until}},"created_at":"2025-06-10T12:00:00Z","updated_at":"2025-06-11T08:30:00.5Z"{{extra}}}
        """;

    public static string Account(string id = AccountId, string domain = "rival-corp.com", string reason = "COMPETITOR")
        => $$"""
        {"id":"{{id}}","domain":"{{domain}}","reason":"{{reason}}","message":"Direct competitor","until":null,"created_at":"2025-06-10T12:00:00Z","updated_at":"2025-06-10T12:00:00Z"}
        """;

    public static string Page(IEnumerable<string> items, int totalCount, int totalPages, bool hasMore)
        => $$"""{"items":[{{string.Join(",", items)}}],"total_count":{{totalCount}},"total_pages":{{totalPages}},"has_more":{{(hasMore ? "true" : "false")}}}""";

    public static string Error(int status, string type, string message, string data = "null", string requestId = "req_123")
        => $$"""{"status_code":{{status}},"type":"{{type}}","message":"{{message}}","data":{{data}},"request_id":"{{requestId}}"}""";
}
