using System.Text.Json.Serialization;
using Exclusions.Client.Testing.Hosting;

namespace Exclusions.Client.Testing.Topo;

// Topo's JSON, as docs/vendor-behaviour.md#topo describes it (and its sources).
// Deliberately independent of the SDK's DTOs: a shared misspelling would otherwise pass every test.

internal sealed record TopoContactExclusionWire(
    [property: JsonPropertyName("id")] Guid Id,
    [property: JsonPropertyName("email")] string? Email,
    [property: JsonPropertyName("linkedin_url")] string? LinkedInUrl,
    [property: JsonPropertyName("reason")] string Reason,
    [property: JsonPropertyName("message")] string? Message,
    [property: JsonPropertyName("until")] string? Until,
    [property: JsonPropertyName("created_at")] string CreatedAt,
    [property: JsonPropertyName("updated_at")] string UpdatedAt);

internal sealed record TopoAccountExclusionWire(
    [property: JsonPropertyName("id")] Guid Id,
    [property: JsonPropertyName("domain")] string? Domain,
    [property: JsonPropertyName("reason")] string Reason,
    [property: JsonPropertyName("message")] string? Message,
    [property: JsonPropertyName("until")] string? Until,
    [property: JsonPropertyName("created_at")] string CreatedAt,
    [property: JsonPropertyName("updated_at")] string UpdatedAt);

internal sealed record TopoListWire(
    [property: JsonPropertyName("items")] IReadOnlyList<object> Items,
    [property: JsonPropertyName("total_count")] int TotalCount,
    [property: JsonPropertyName("total_pages")] int TotalPages,
    [property: JsonPropertyName("has_more")] bool HasMore);

internal sealed record TopoMeWire(
    [property: JsonPropertyName("id")] Guid Id,
    [property: JsonPropertyName("organization_id")] Guid OrganizationId,
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("key_prefix")] string KeyPrefix,
    [property: JsonPropertyName("scopes")] IReadOnlyList<string> Scopes,
    [property: JsonPropertyName("last_used_at")] string? LastUsedAt,
    [property: JsonPropertyName("created_at")] string CreatedAt);

internal sealed record TopoErrorWire(
    [property: JsonPropertyName("status_code")] int StatusCode,
    [property: JsonPropertyName("type")] string Type,
    [property: JsonPropertyName("message")] string Message,
    [property: JsonPropertyName("data")] object? Data,
    [property: JsonPropertyName("request_id")] string RequestId);

internal static class TopoWire
{
    public const string MediaType = "application/json; charset=utf-8";

    /// <summary>The wire object for an exclusion; typed as <see cref="object"/> so lists serialize the runtime type.</summary>
    public static object From(TopoExclusionKind kind, EmulatedTopoExclusion e, int digits) => kind == TopoExclusionKind.Contact
        ? new TopoContactExclusionWire(e.Id, e.Email, e.LinkedInUrl, e.Reason, e.Message, Format(e.Until, digits), Timestamps.FormatTopo(e.CreatedAt, digits), Timestamps.FormatTopo(e.UpdatedAt, digits))
        : new TopoAccountExclusionWire(e.Id, e.Domain, e.Reason, e.Message, Format(e.Until, digits), Timestamps.FormatTopo(e.CreatedAt, digits), Timestamps.FormatTopo(e.UpdatedAt, digits));

    public static string? Format(DateTimeOffset? value, int digits) => value is { } v ? Timestamps.FormatTopo(v, digits) : null;
}
