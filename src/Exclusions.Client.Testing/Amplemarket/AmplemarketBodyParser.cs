using System.Text.Json;

namespace Exclusions.Client.Testing.Amplemarket;

/// <summary>
/// Reads a bulk body such as <c>{"excluded_emails":[{"email":"…"}]}</c>.
/// </summary>
/// <remarks>
/// Choice (undocumented): a body that is not that shape is a 400, pointing at the offending member;
/// an item whose value is not a valid email/domain is a 422 with <c>source.pointer</c> such as
/// <c>/excluded_emails/0/email</c>, one error per bad item. Either way nothing is applied.
/// An empty array is accepted and answers <c>{}</c>. Strict choice: members other than the documented
/// collection and item field are a 400 pointing at them, unless <see cref="ExclusionsEmulatorOptions.IgnoreUnknownFields"/>.
/// </remarks>
internal static class AmplemarketBodyParser
{
    public static IReadOnlyList<string> Parse(AmplemarketList list, string? body, List<AmplemarketProblem> problems, bool rejectUnknown = true)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(string.IsNullOrWhiteSpace(body) ? "" : body);
        }
        catch (JsonException)
        {
            problems.Add(new AmplemarketProblem(400, "The request body is not valid JSON.", null));
            return [];
        }

        using (document)
        {
            var root = document.RootElement;
            var collectionPointer = "/" + list.CollectionName;
            if (root.ValueKind != JsonValueKind.Object
                || !root.TryGetProperty(list.CollectionName, out var items)
                || items.ValueKind != JsonValueKind.Array)
            {
                problems.Add(new AmplemarketProblem(400, $"The request body must contain a \"{list.CollectionName}\" array.", collectionPointer));
                return [];
            }

            if (rejectUnknown)
            {
                RejectUnknown(root, list.CollectionName, "", problems);
            }

            var values = new List<string>();
            var index = 0;
            foreach (var item in items.EnumerateArray())
            {
                var pointer = $"{collectionPointer}/{index}/{list.ItemField}";

                if (item.ValueKind != JsonValueKind.Object
                    || !item.TryGetProperty(list.ItemField, out var value)
                    || value.ValueKind != JsonValueKind.String)
                {
                    problems.Add(new AmplemarketProblem(400, $"Each item must be an object with a string \"{list.ItemField}\".", pointer));
                }
                else if (!list.IsValidValue(value.GetString()!))
                {
                    problems.Add(new AmplemarketProblem(422, $"'{value.GetString()}' is not a valid {list.ItemField}.", pointer));
                }
                else
                {
                    values.Add(value.GetString()!);
                }

                if (rejectUnknown && item.ValueKind == JsonValueKind.Object)
                {
                    RejectUnknown(item, list.ItemField, $"{collectionPointer}/{index}", problems);
                }

                index++;
            }

            // A malformed item makes the whole request a 400, even if others are merely invalid.
            if (problems.Any(p => p.Status == 400))
            {
                problems.RemoveAll(p => p.Status != 400);
            }

            return values;
        }
    }

    private static void RejectUnknown(JsonElement element, string known, string pointer, List<AmplemarketProblem> problems)
    {
        foreach (var property in element.EnumerateObject())
        {
            if (property.Name != known)
            {
                problems.Add(new AmplemarketProblem(400, $"Unknown field \"{property.Name}\"; only \"{known}\" is accepted here.", $"{pointer}/{property.Name}"));
            }
        }
    }
}

/// <summary>One entry for <c>_errors</c>, before it gets its id, code and title.</summary>
internal sealed record AmplemarketProblem(int Status, string Detail, string? Pointer)
{
    public string? Parameter { get; init; }

    public string? Header { get; init; }
}
