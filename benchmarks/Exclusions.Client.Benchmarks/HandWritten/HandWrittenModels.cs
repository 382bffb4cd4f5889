using System.Text.Json;
using System.Text.Json.Serialization;

namespace Exclusions.Client.Benchmarks.HandWritten;

// What a careful developer writes without the SDK: DTOs for the documented JSON and a
// source-generated System.Text.Json context (the SDK uses one too, so serialization is like for like).

public sealed class HandContactExclusion
{
    public Guid Id { get; set; }

    public string? Email { get; set; }

    public string? LinkedinUrl { get; set; }

    public string? Reason { get; set; }

    public string? Message { get; set; }

    public DateTimeOffset? Until { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }
}

public sealed class HandContactPage
{
    public List<HandContactExclusion> Items { get; set; } = [];

    public int TotalCount { get; set; }

    public int TotalPages { get; set; }

    public bool HasMore { get; set; }
}

public sealed class HandCreateContactExclusion
{
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Email { get; set; }

    public required string Reason { get; set; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Message { get; set; }
}

public sealed class HandExcludedEmail
{
    public string? Email { get; set; }

    public string? Source { get; set; }

    public string? DateAdded { get; set; }

    public string? ExcludedReason { get; set; }
}

public sealed class HandEmailPage
{
    public List<HandExcludedEmail> ExcludedEmails { get; set; } = [];

    [JsonPropertyName("_links")]
    public HandLinks? Links { get; set; }
}

public sealed class HandLinks
{
    public HandLink? Next { get; set; }
}

public sealed class HandLink
{
    public string? Href { get; set; }
}

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(HandContactExclusion))]
[JsonSerializable(typeof(HandContactPage))]
[JsonSerializable(typeof(HandCreateContactExclusion))]
[JsonSerializable(typeof(HandEmailPage))]
internal sealed partial class HandJson : JsonSerializerContext
{
}
