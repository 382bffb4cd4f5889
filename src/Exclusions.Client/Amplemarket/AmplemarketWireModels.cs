using System.Text.Json;
using System.Text.Json.Serialization;

namespace Exclusions.Client.Amplemarket;

// Wire DTOs: exactly the documented JSON (docs/vendor-behaviour.md#amplemarket-exclusion-objects,
// #amplemarket-listing, #amplemarket-bulk-writes). Internal; mapped to public models in AmplemarketModelMapper only. Unknown fields are ignored (System.Text.Json's default).
// Every field is read as a string, date_added included, so one odd value cannot fail a whole page.

internal sealed class AmplemarketEmailListDto
{
    /// <summary><see langword="null"/> when the property is absent, which the client treats as an unreadable page.</summary>
    public List<AmplemarketExcludedEmailDto>? ExcludedEmails { get; set; }

    [JsonPropertyName("_links")]
    public AmplemarketLinksDto? Links { get; set; }
}

internal sealed class AmplemarketDomainListDto
{
    /// <summary><see langword="null"/> when the property is absent, which the client treats as an unreadable page.</summary>
    public List<AmplemarketExcludedDomainDto>? ExcludedDomains { get; set; }

    [JsonPropertyName("_links")]
    public AmplemarketLinksDto? Links { get; set; }
}

internal sealed class AmplemarketExcludedEmailDto
{
    public string? Email { get; set; }

    public string? Source { get; set; }

    public string? DateAdded { get; set; }

    public string? ExcludedReason { get; set; }
}

internal sealed class AmplemarketExcludedDomainDto
{
    public string? Domain { get; set; }

    public string? Source { get; set; }

    public string? DateAdded { get; set; }

    public string? ExcludedReason { get; set; }
}

internal sealed class AmplemarketLinksDto
{
    public AmplemarketLinkDto? Self { get; set; }

    public AmplemarketLinkDto? Next { get; set; }
}

internal sealed class AmplemarketLinkDto
{
    public string? Href { get; set; }
}

/// <summary>POST/DELETE body <c>{"excluded_emails":[{"email":"…"}]}</c>.</summary>
internal sealed class AmplemarketEmailsBody
{
    public required List<AmplemarketEmailItem> ExcludedEmails { get; init; }
}

internal sealed class AmplemarketEmailItem
{
    public required string Email { get; init; }
}

/// <summary>POST/DELETE body <c>{"excluded_domains":[{"domain":"…"}]}</c>.</summary>
internal sealed class AmplemarketDomainsBody
{
    public required List<AmplemarketDomainItem> ExcludedDomains { get; init; }
}

internal sealed class AmplemarketDomainItem
{
    public required string Domain { get; init; }
}

/// <summary>
/// Bulk responses are a map item → status. Values are read as <see cref="JsonElement"/> so that a
/// non-string status becomes an <c>Unknown</c> outcome for that item instead of failing the chunk.
/// </summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(AmplemarketEmailListDto))]
[JsonSerializable(typeof(AmplemarketDomainListDto))]
[JsonSerializable(typeof(AmplemarketEmailsBody))]
[JsonSerializable(typeof(AmplemarketDomainsBody))]
[JsonSerializable(typeof(Dictionary<string, JsonElement>))]
internal sealed partial class AmplemarketJsonContext : JsonSerializerContext
{
}
