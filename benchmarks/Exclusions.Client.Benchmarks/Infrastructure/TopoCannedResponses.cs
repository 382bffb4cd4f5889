using System.Globalization;
using System.Net;
using System.Text;

namespace Exclusions.Client.Benchmarks.Infrastructure;

/// <summary>
/// The bytes a Topo server would answer for the three per-call operations, built once, so that the
/// transport costs the same for the SDK and for the hand-written client and only the client code differs.
/// </summary>
internal static class TopoCannedResponses
{
    public const int ListPageSize = 100;

    public static readonly Guid ExclusionId = Guid.Parse("3f0c6f1e-2a4b-4c5d-8e9f-0a1b2c3d4e5f");

    /// <summary><c>GET /v1/contact-exclusions/{id}</c> and the 201 of <c>POST /v1/contact-exclusions</c>.</summary>
    public static readonly byte[] SingleExclusion = Encoding.UTF8.GetBytes(ContactJson(0));

    /// <summary><c>GET /v1/contact-exclusions?page=1&amp;size=100</c>: a full page of 100.</summary>
    public static readonly byte[] ListPage = Encoding.UTF8.GetBytes(
        "{\"items\":[" + string.Join(',', Enumerable.Range(0, ListPageSize).Select(ContactJson)) + "],"
        + "\"total_count\":1000,\"total_pages\":10,\"has_more\":true}");

    /// <summary>Chooses the answer by method and path, as a server's router would.</summary>
    public static (HttpStatusCode Status, byte[] Body) Route(string method, string path)
    {
        if (method == "POST")
        {
            return (HttpStatusCode.Created, SingleExclusion);
        }

        return path.TrimEnd('/').EndsWith("/contact-exclusions", StringComparison.Ordinal)
            ? (HttpStatusCode.OK, ListPage)
            : (HttpStatusCode.OK, SingleExclusion);
    }

    private static string ContactJson(int index)
    {
        var id = index == 0 ? ExclusionId : new Guid(index, 0x2a4b, 0x4c5d, 0x8e, 0x9f, 0x0a, 0x1b, 0x2c, 0x3d, 0x4e, 0x5f);
        return string.Create(
            CultureInfo.InvariantCulture,
            $$"""{"id":"{{id}}","email":"prospect{{index}}@acme-{{index % 37}}.com","linkedin_url":null,"reason":"UNSUBSCRIBED","message":"Asked to stop on the phone","until":null,"created_at":"2025-06-01T10:00:00Z","updated_at":"2025-06-02T11:30:00Z"}""");
    }
}
