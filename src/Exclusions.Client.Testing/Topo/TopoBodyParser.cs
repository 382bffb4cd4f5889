using System.Text.Json;
using Exclusions.Client.Testing.Hosting;

namespace Exclusions.Client.Testing.Topo;

/// <summary>
/// Reads create and update bodies with <see cref="JsonDocument"/>, so that a field sent as
/// <c>null</c> and a field left out stay distinguishable (PATCH <c>until</c>), and every problem is
/// reported against the field it concerns. Strict choices where the docs are silent, each relaxed by an option:
/// unknown fields are a 400 naming them (the docs list every request field;
/// <see cref="ExclusionsEmulatorOptions.IgnoreUnknownFields"/>); <c>null</c> for a field the docs type as a plain
/// string is a 400 naming it (only an update's <c>until</c> is documented as nullable;
/// <see cref="ExclusionsEmulatorOptions.AcceptNullForOptionalFields"/>); a timestamp must be a full date-time with
/// an offset (<see cref="ExclusionsEmulatorOptions.AcceptPartialTimestamps"/>).
/// </summary>
internal static class TopoBodyParser
{
    public static readonly string[] ContactFields = ["email", "linkedin_url", "reason", "message", "until"];
    public static readonly string[] AccountFields = ["domain", "reason", "message", "until"];
    public static readonly string[] PatchFields = ["reason", "message", "until"];

    public static TopoNewExclusion? ParseCreate(TopoExclusionKind kind, string? body, TopoFieldErrors errors, ExclusionsEmulatorOptions options)
    {
        var acceptNull = options.AcceptNullForOptionalFields;
        using var document = ParseObject(body, errors);
        if (document is null)
        {
            return null;
        }

        var root = document.RootElement;
        if (!options.IgnoreUnknownFields)
        {
            RejectUnknown(root, kind == TopoExclusionKind.Contact ? ContactFields : AccountFields, errors);
        }

        string? email = null, linkedInUrl = null, domain = null;
        if (kind == TopoExclusionKind.Contact)
        {
            email = OptionalString(root, "email", acceptNull, errors);
            linkedInUrl = OptionalString(root, "linkedin_url", acceptNull, errors);
            if (email is not null && !AddressRules.IsValidEmail(email))
            {
                errors.Add("email", "Must be a valid email address.");
            }

            if (linkedInUrl is not null && !AddressRules.IsValidLinkedInUrl(linkedInUrl))
            {
                errors.Add("linkedin_url", "Must be an absolute http(s) URL.");
            }

            if (email is null && linkedInUrl is null && !errors.Has("email") && !errors.Has("linkedin_url"))
            {
                const string eitherRequired = "At least one of email or linkedin_url is required.";
                errors.Add("email", eitherRequired);
                errors.Add("linkedin_url", eitherRequired);
            }
        }
        else
        {
            domain = OptionalString(root, "domain", acceptNull, errors);
            if (domain is null)
            {
                if (!errors.Has("domain"))
                {
                    errors.Add("domain", "Field required.");
                }
            }
            else if (!AddressRules.IsValidDomain(domain))
            {
                errors.Add("domain", "Must be a bare domain name such as acme.com.");
            }
        }

        var reason = Reason(root, required: true, errors);
        var message = OptionalString(root, "message", acceptNull, errors);

        // The docs: "Omit this field to create a permanent exclusion" (until is typed string, not string | null).
        var until = Until(root, nullAllowed: acceptNull, options.AcceptPartialTimestamps, errors);
        return errors.Any ? null : new TopoNewExclusion(email, linkedInUrl, domain, reason!, message, until.Value);
    }

    public static TopoPatch? ParsePatch(string? body, TopoFieldErrors errors, ExclusionsEmulatorOptions options)
    {
        var acceptNull = options.AcceptNullForOptionalFields;
        using var document = ParseObject(body, errors);
        if (document is null)
        {
            return null;
        }

        var root = document.RootElement;
        if (!options.IgnoreUnknownFields)
        {
            RejectUnknown(root, PatchFields, errors);
        }

        var reason = root.TryGetProperty("reason", out _)
            ? Optional<string?>.Of(Reason(root, required: true, errors))
            : Optional<string?>.Absent;
        var message = root.TryGetProperty("message", out _)
            ? Optional<string?>.Of(OptionalString(root, "message", acceptNull, errors))
            : Optional<string?>.Absent;

        // The docs: "Pass null to make the exclusion permanent" (until is string | null on an update).
        var until = Until(root, nullAllowed: true, options.AcceptPartialTimestamps, errors);
        return errors.Any ? null : new TopoPatch(reason, message, until);
    }

    private static void RejectUnknown(JsonElement root, string[] known, TopoFieldErrors errors)
    {
        foreach (var property in root.EnumerateObject())
        {
            if (!known.Contains(property.Name, StringComparer.Ordinal))
            {
                errors.Add(property.Name, "Unknown field. Allowed: " + string.Join(", ", known) + ".");
            }
        }
    }

    private static JsonDocument? ParseObject(string? body, TopoFieldErrors errors)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(string.IsNullOrWhiteSpace(body) ? "" : body);
        }
        catch (JsonException)
        {
            errors.Add("body", "Must be a valid JSON object.");
            return null;
        }

        if (document.RootElement.ValueKind != JsonValueKind.Object)
        {
            document.Dispose();
            errors.Add("body", "Must be a valid JSON object.");
            return null;
        }

        return document;
    }

    private static string? OptionalString(JsonElement root, string name, bool acceptNull, TopoFieldErrors errors)
    {
        if (!root.TryGetProperty(name, out var value))
        {
            return null;
        }

        if (value.ValueKind == JsonValueKind.Null)
        {
            if (!acceptNull)
            {
                errors.Add(name, "Must be a string; leave the field out instead of sending null.");
            }

            return null;
        }

        if (value.ValueKind != JsonValueKind.String)
        {
            errors.Add(name, "Must be a string.");
            return null;
        }

        return value.GetString();
    }

    private static string? Reason(JsonElement root, bool required, TopoFieldErrors errors)
    {
        if (!root.TryGetProperty("reason", out var value) || value.ValueKind == JsonValueKind.Null)
        {
            if (required)
            {
                errors.Add("reason", "Field required.");
            }

            return null;
        }

        if (value.ValueKind != JsonValueKind.String || !TopoReasons.IsKnown(value.GetString()!))
        {
            errors.Add("reason", "Must be one of: " + string.Join(", ", TopoReasons.All) + ".");
            return null;
        }

        return value.GetString();
    }

    /// <summary>
    /// <c>until</c>: absent → <see cref="Optional{T}.Absent"/>; <c>null</c> → present and permanent; a string → parsed.
    /// </summary>
    /// <remarks>Assumption (undocumented): a past <c>until</c> is accepted; the exclusion is simply already lifted.</remarks>
    private static Optional<DateTimeOffset?> Until(JsonElement root, bool nullAllowed, bool acceptPartial, TopoFieldErrors errors)
    {
        if (!root.TryGetProperty("until", out var value))
        {
            return Optional<DateTimeOffset?>.Absent;
        }

        if (value.ValueKind == JsonValueKind.Null)
        {
            if (nullAllowed)
            {
                return Optional<DateTimeOffset?>.Of(null);
            }

            errors.Add("until", "Must be a timestamp; leave the field out for a permanent exclusion.");
            return Optional<DateTimeOffset?>.Absent;
        }

        if (value.ValueKind == JsonValueKind.String && Timestamps.TryParseIso8601(value.GetString(), acceptPartial, out var until))
        {
            return Optional<DateTimeOffset?>.Of(until);
        }

        var expected = acceptPartial ? "an ISO 8601 timestamp" : "a full ISO 8601 date-time with an offset, e.g. 2025-06-01T12:00:00Z";
        errors.Add("until", nullAllowed ? $"Must be {expected}, or null." : $"Must be {expected}.");
        return Optional<DateTimeOffset?>.Absent;
    }
}
