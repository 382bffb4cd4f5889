using System.Text.Json;
using Exclusions.Client.Errors;

namespace Exclusions.Client.Amplemarket;

/// <summary>
/// Reads Amplemarket's error body
/// <c>{"_errors":[{"id","status","code","title","detail","source":{"pointer"|"parameter"|"header"}}]}</c>
/// (docs/vendor-behaviour.md#amplemarket-errors). The HTTP status decides the exception type (in <c>ApiErrorMapper</c>); the entries'
/// own string <c>status</c> is not used. Each entry's <c>id</c> identifies the error, not the request,
/// so the request id comes from the response headers. Never throws on an odd body (and
/// <c>ApiErrorMapper</c> guards it anyway).
/// </summary>
internal sealed class AmplemarketErrorParser : IVendorErrorParser
{
    public static AmplemarketErrorParser Instance { get; } = new();

    public VendorError Parse(string body)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body);
        }
        catch (JsonException)
        {
            return VendorError.Empty;
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object
                || !root.TryGetProperty("_errors", out var errors)
                || errors.ValueKind != JsonValueKind.Array)
            {
                return VendorError.Empty;
            }

            var entries = new List<ExclusionApiErrorEntry>();
            var fields = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
            foreach (var error in errors.EnumerateArray())
            {
                if (error.ValueKind != JsonValueKind.Object)
                {
                    continue;
                }

                var entry = new ExclusionApiErrorEntry(GetString(error, "code"), GetString(error, "title"), GetString(error, "detail"), GetSource(error));
                entries.Add(entry);
                if (entry.Source is { } source)
                {
                    var text = entry.Detail ?? entry.Title ?? entry.Code ?? string.Empty;
                    fields[source] = fields.TryGetValue(source, out var existing) ? [.. existing, text] : [text];
                }
            }

            if (entries.Count == 0)
            {
                return VendorError.Empty;
            }

            var messages = entries.Select(Describe).Where(m => m.Length > 0).ToList();
            return new VendorError
            {
                Code = entries.Select(e => e.Code).FirstOrDefault(c => !string.IsNullOrWhiteSpace(c)),
                Message = messages.Count == 0 ? null : string.Join("; ", messages),
                FieldErrors = fields,
                Entries = entries,
            };
        }
    }

    /// <summary><c>title: detail</c>, either alone when the other is missing or repeats it.</summary>
    private static string Describe(ExclusionApiErrorEntry entry)
    {
        var title = entry.Title?.Trim();
        var detail = entry.Detail?.Trim();
        if (string.IsNullOrEmpty(title))
        {
            return detail ?? string.Empty;
        }

        return string.IsNullOrEmpty(detail) || string.Equals(title, detail, StringComparison.Ordinal) ? title : title + ": " + detail;
    }

    /// <summary>The JSON pointer, else the query parameter, else the header name the error is about.</summary>
    private static string? GetSource(JsonElement error)
    {
        if (!error.TryGetProperty("source", out var source) || source.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        return GetString(source, "pointer") ?? GetString(source, "parameter") ?? GetString(source, "header");
    }

    private static string? GetString(JsonElement element, string name)
        => element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
