using System.Text.Json.Serialization;

namespace Exclusions.Client.Testing.Amplemarket;

// Amplemarket's JSON, as docs/vendor-behaviour.md#amplemarket describes it (and its sources),
// independently of the SDK's DTOs.

internal sealed record AmplemarketListWire(
    [property: JsonPropertyName("excluded_emails"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    IReadOnlyList<AmplemarketItemWire>? ExcludedEmails,
    [property: JsonPropertyName("excluded_domains"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    IReadOnlyList<AmplemarketItemWire>? ExcludedDomains,
    [property: JsonPropertyName("_links")] AmplemarketLinksWire Links);

internal sealed record AmplemarketItemWire(
    [property: JsonPropertyName("email"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Email,
    [property: JsonPropertyName("domain"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Domain,
    [property: JsonPropertyName("source")] string Source,
    [property: JsonPropertyName("date_added")] string DateAdded,
    [property: JsonPropertyName("excluded_reason")] string ExcludedReason);

internal sealed record AmplemarketLinksWire(
    [property: JsonPropertyName("self")] AmplemarketLinkWire Self,
    [property: JsonPropertyName("next"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] AmplemarketLinkWire? Next);

internal sealed record AmplemarketLinkWire([property: JsonPropertyName("href")] string Href);

internal sealed record AmplemarketErrorsWire([property: JsonPropertyName("_errors")] IReadOnlyList<AmplemarketErrorWire> Errors);

/// <summary>One entry of <c>_errors</c>; <c>status</c> is a string, as documented.</summary>
internal sealed record AmplemarketErrorWire(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("code")] string Code,
    [property: JsonPropertyName("title")] string Title,
    [property: JsonPropertyName("detail")] string Detail,
    [property: JsonPropertyName("source"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] AmplemarketErrorSourceWire? Source);

internal sealed record AmplemarketErrorSourceWire(
    [property: JsonPropertyName("pointer"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Pointer = null,
    [property: JsonPropertyName("parameter"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Parameter = null,
    [property: JsonPropertyName("header"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Header = null);
