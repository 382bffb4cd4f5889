using System.Text.Json;
using System.Text.Json.Nodes;

namespace Exclusions.Client.Tests.Amplemarket;

/// <summary>Amplemarket JSON as the vendor documents it, built by hand (never with the SDK's DTOs).</summary>
internal static class AmplemarketJson
{
    public static string EmailPage(IEnumerable<string> emails, string? next, string self = "/excluded-emails?size=2000")
        => Page("excluded_emails", "email", emails, next, self);

    public static string DomainPage(IEnumerable<string> domains, string? next, string self = "/excluded-domains?size=2000")
        => Page("excluded_domains", "domain", domains, next, self);

    public static string Errors(params (string Status, string Code, string Title, string Detail, string? Pointer)[] errors)
    {
        var array = new JsonArray();
        var n = 0;
        foreach (var (status, code, title, detail, pointer) in errors)
        {
            var error = new JsonObject
            {
                ["id"] = "err_" + n++,
                ["status"] = status,
                ["code"] = code,
                ["title"] = title,
                ["detail"] = detail,
            };
            if (pointer is not null)
            {
                error["source"] = new JsonObject { ["pointer"] = pointer };
            }

            array.Add(error);
        }

        return new JsonObject { ["_errors"] = array }.ToJsonString();
    }

    private static string Page(string property, string field, IEnumerable<string> values, string? next, string self)
    {
        var items = new JsonArray();
        foreach (var value in values)
        {
            items.Add(new JsonObject
            {
                [field] = value,
                ["source"] = "amplemarket",
                ["date_added"] = "2024-08-28T22:33:16.145Z",
                ["excluded_reason"] = "api",
            });
        }

        var links = new JsonObject { ["self"] = new JsonObject { ["href"] = self } };
        if (next is not null)
        {
            links["next"] = new JsonObject { ["href"] = next };
        }

        return new JsonObject { [property] = items, ["_links"] = links }.ToJsonString(new JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
    }
}
