using System.Text.Json;
using System.Text.Json.Serialization;

namespace Exclusions.Client.Topo;

// Wire DTOs: exactly the documented JSON (docs/vendor-behaviour.md#topo-contact-and-account-exclusions,
// #topo-lists-and-paging). Internal; mapped to public models in TopoModelMapper only. Unknown fields are
// ignored by System.Text.Json's default behaviour, which is what Topo's versioning policy asks of clients
// (docs/vendor-behaviour.md#topo-base-address-and-versioning).

internal sealed class TopoContactExclusionDto
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

internal sealed class TopoAccountExclusionDto
{
    public Guid Id { get; set; }

    public string? Domain { get; set; }

    public string? Reason { get; set; }

    public string? Message { get; set; }

    public DateTimeOffset? Until { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }
}

internal sealed class TopoListEnvelope<T>
{
    public List<T>? Items { get; set; }

    public int TotalCount { get; set; }

    public int TotalPages { get; set; }

    public bool HasMore { get; set; }
}

internal sealed class TopoMeDto
{
    public string? Id { get; set; }

    public string? OrganizationId { get; set; }

    public string? Name { get; set; }

    public string? KeyPrefix { get; set; }

    public List<string>? Scopes { get; set; }

    public DateTimeOffset? LastUsedAt { get; set; }

    public DateTimeOffset? CreatedAt { get; set; }
}

/// <summary>POST body. Absent optional fields are omitted, not sent as null ("omit until for a permanent exclusion").</summary>
internal sealed class TopoCreateContactExclusionBody
{
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Email { get; set; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? LinkedinUrl { get; set; }

    public required string Reason { get; set; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Message { get; set; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public DateTimeOffset? Until { get; set; }
}

internal sealed class TopoCreateAccountExclusionBody
{
    public required string Domain { get; set; }

    public required string Reason { get; set; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Message { get; set; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public DateTimeOffset? Until { get; set; }
}

/// <summary>
/// PATCH body. "Only fields present are modified": reason/message are omitted when null; <c>until</c>
/// has three states (omitted, explicit null, value) carried by <see cref="UntilPatch"/>.
/// </summary>
internal sealed class TopoPatchBody
{
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Reason { get; set; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Message { get; set; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    [JsonConverter(typeof(UntilPatchConverter))]
    public UntilPatch Until { get; set; }
}

/// <summary>The wire form of a PATCH <c>until</c>: default = omitted; <c>IsSet</c> with null = <c>"until": null</c>.</summary>
internal readonly record struct UntilPatch(bool IsSet, DateTimeOffset? Value);

internal sealed class UntilPatchConverter : JsonConverter<UntilPatch>
{
    public override UntilPatch Read(ref System.Text.Json.Utf8JsonReader reader, Type typeToConvert, System.Text.Json.JsonSerializerOptions options)
        => throw new NotSupportedException("UntilPatch is write-only.");

    public override void Write(System.Text.Json.Utf8JsonWriter writer, UntilPatch value, System.Text.Json.JsonSerializerOptions options)
    {
        if (value.Value is { } until)
        {
            writer.WriteStringValue(Internal.UtcTimestampConverter.Format(until));
        }
        else
        {
            writer.WriteNullValue();
        }
    }
}

[JsonSourceGenerationOptions(
    JsonSerializerDefaults.Web,
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    Converters = [typeof(Internal.UtcTimestampConverter)])]
[JsonSerializable(typeof(TopoContactExclusionDto))]
[JsonSerializable(typeof(TopoAccountExclusionDto))]
[JsonSerializable(typeof(TopoListEnvelope<TopoContactExclusionDto>))]
[JsonSerializable(typeof(TopoListEnvelope<TopoAccountExclusionDto>))]
[JsonSerializable(typeof(TopoMeDto))]
[JsonSerializable(typeof(TopoCreateContactExclusionBody))]
[JsonSerializable(typeof(TopoCreateAccountExclusionBody))]
[JsonSerializable(typeof(TopoPatchBody))]
internal sealed partial class TopoJsonContext : JsonSerializerContext
{
}
