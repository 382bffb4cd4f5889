using System.Text.Json;
using System.Text.RegularExpressions;
using Exclusions.Client.Errors;

namespace Exclusions.Client.Topo;

/// <summary>
/// Reads Topo's error body <c>{"status_code","type","message","data","request_id"}</c> (docs/vendor-behaviour.md#topo-errors).
/// <c>data</c> holds field details for validation errors; a 403 may name the missing scope in
/// <c>data</c> or in the message.
/// </summary>
internal sealed partial class TopoErrorParser : IVendorErrorParser
{
    public static TopoErrorParser Instance { get; } = new();

    public VendorError Parse(string body)
    {
        using var document = JsonDocument.Parse(body);
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object)
        {
            return VendorError.Empty;
        }

        var type = GetString(root, "type");
        var message = GetString(root, "message");
        var requestId = GetString(root, "request_id");
        Dictionary<string, IReadOnlyList<string>>? fields = null;
        string? scope = null;

        if (root.TryGetProperty("data", out var data) && data.ValueKind == JsonValueKind.Object)
        {
            fields = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
            foreach (var property in data.EnumerateObject())
            {
                var messages = property.Value.ValueKind switch
                {
                    JsonValueKind.Array => property.Value.EnumerateArray().Select(e => e.ValueKind == JsonValueKind.String ? e.GetString()! : e.GetRawText()).ToList(),
                    JsonValueKind.String => [property.Value.GetString()!],
                    JsonValueKind.Null => [],
                    _ => [property.Value.GetRawText()],
                };
                fields[property.Name] = messages;
                if (property.Name is "scope" or "required_scope" or "missing_scope" && messages.Count > 0)
                {
                    scope = messages[0];
                }
            }
        }

        scope ??= message is null ? null : ScopePattern().Match(message) is { Success: true } match ? match.Value : null;

        return new VendorError
        {
            Code = type,
            Message = message,
            RequestId = requestId,
            MissingScope = scope,
            FieldErrors = fields,
            Entries = [new ExclusionApiErrorEntry(type, message, null, null)],
        };
    }

    private static string? GetString(JsonElement element, string name)
        => element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    [GeneratedRegex(@"\b[a-z_]+:(read|write)\b", RegexOptions.CultureInvariant)]
    private static partial Regex ScopePattern();
}
