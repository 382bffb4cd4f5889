using Exclusions.Client.Testing.Hosting;
using Microsoft.AspNetCore.Http;

namespace Exclusions.Client.Testing.Topo;

/// <summary>The validated query string of a Topo list request: filters, sort and page.</summary>
internal sealed class TopoListQuery
{
    public const int DefaultSize = 10;
    public const int MaxSize = 100;

    private TopoListQuery(TopoExclusionKind kind) => Kind = kind;

    public TopoExclusionKind Kind { get; }

    public string? Email { get; private init; }

    public string? LinkedInUrl { get; private init; }

    public string? Domain { get; private init; }

    public string? Reason { get; private init; }

    public DateTimeOffset? CreatedAfter { get; private init; }

    public DateTimeOffset? CreatedBefore { get; private init; }

    public string SortBy { get; private init; } = "created_at";

    public bool Descending { get; private init; }

    public int Page { get; private init; } = 1;

    public int Size { get; private init; } = DefaultSize;

    /// <summary>The query parameters the docs list for a list endpoint, plus <c>sort_order</c> (docs/vendor-behaviour.md#topo-lists-and-paging).</summary>
    public static IReadOnlyList<string> Parameters(TopoExclusionKind kind) => kind == TopoExclusionKind.Contact
        ? ["email", "linkedin_url", "reason", "created_at_after", "created_at_before", "sort_by", "sort_order", "page", "size"]
        : ["domain", "reason", "created_at_after", "created_at_before", "sort_by", "sort_order", "page", "size"];

    /// <summary>
    /// Parses and validates. A malformed known parameter is a 400 <c>ValidationIssue</c> listing every bad
    /// parameter; unknown parameters are checked by the caller (strict by default).
    /// </summary>
    /// <remarks>
    /// Assumptions (undocumented): <c>sort_order</c> defaults to <c>asc</c>; ties keep insertion order;
    /// the <c>email</c> and <c>domain</c> filters are exact but case-insensitive (addresses are), the
    /// <c>linkedin_url</c> filter compares as the duplicate check does; an unknown <c>reason</c> filter is
    /// rejected like an unknown reason on create.
    /// </remarks>
    public static TopoListQuery Parse(TopoExclusionKind kind, IQueryCollection query, TopoFieldErrors errors, bool acceptPartialTimestamps = false)
    {
        string? Single(string name) => query.TryGetValue(name, out var values) && values.Count > 0 ? values[0] : null;

        var identityField = kind == TopoExclusionKind.Contact ? "email" : "domain";
        var page = ParseInt(Single("page"), "page", 1, int.MaxValue, 1, errors);
        var size = ParseInt(Single("size"), "size", 1, MaxSize, DefaultSize, errors);

        var reason = Single("reason");
        if (reason is not null && !TopoReasons.IsKnown(reason))
        {
            errors.Add("reason", "Must be one of: " + string.Join(", ", TopoReasons.All) + ".");
        }

        var sortBy = Single("sort_by") ?? "created_at";
        if (sortBy is not ("created_at" or "updated_at" or "reason") && sortBy != identityField)
        {
            errors.Add("sort_by", $"Must be one of: created_at, updated_at, {identityField}, reason.");
        }

        var sortOrder = Single("sort_order") ?? "asc";
        if (sortOrder is not ("asc" or "desc"))
        {
            errors.Add("sort_order", "Must be one of: asc, desc.");
        }

        return new TopoListQuery(kind)
        {
            Email = kind == TopoExclusionKind.Contact ? Single("email") : null,
            LinkedInUrl = kind == TopoExclusionKind.Contact ? Single("linkedin_url") : null,
            Domain = kind == TopoExclusionKind.Account ? Single("domain") : null,
            Reason = reason,
            CreatedAfter = ParseTimestamp(Single("created_at_after"), "created_at_after", acceptPartialTimestamps, errors),
            CreatedBefore = ParseTimestamp(Single("created_at_before"), "created_at_before", acceptPartialTimestamps, errors),
            SortBy = sortBy,
            Descending = sortOrder == "desc",
            Page = page,
            Size = size,
        };
    }

    public bool Matches(EmulatedTopoExclusion e, StringComparison linkedInComparison) =>
        (Email is null || CanonicalForm.SameEmail(e.Email, Email))
        && (LinkedInUrl is null || string.Equals(e.LinkedInUrl, LinkedInUrl, linkedInComparison))
        && (Domain is null || CanonicalForm.SameDomain(e.Domain, Domain))
        && (Reason is null || string.Equals(e.Reason, Reason, StringComparison.Ordinal))
        && (CreatedAfter is null || e.CreatedAt > CreatedAfter)
        && (CreatedBefore is null || e.CreatedAt < CreatedBefore);

    public IEnumerable<TopoStore.Entry> Sort(IEnumerable<TopoStore.Entry> entries)
    {
        var ordered = SortBy switch
        {
            "updated_at" => Order(entries, e => e.Exclusion.UpdatedAt, Comparer<DateTimeOffset>.Default),
            "email" => Order(entries, e => e.Exclusion.Email, StringComparer.OrdinalIgnoreCase),
            "domain" => Order(entries, e => e.Exclusion.Domain, StringComparer.OrdinalIgnoreCase),
            "reason" => Order(entries, e => e.Exclusion.Reason, StringComparer.Ordinal),
            _ => Order(entries, e => e.Exclusion.CreatedAt, Comparer<DateTimeOffset>.Default),
        };

        // Insertion order breaks ties in both directions, so paging is stable.
        return ordered.ThenBy(e => e.Sequence);
    }

    private IOrderedEnumerable<TopoStore.Entry> Order<TKey>(
        IEnumerable<TopoStore.Entry> entries, Func<TopoStore.Entry, TKey> key, IComparer<TKey> comparer) =>
        Descending ? entries.OrderByDescending(key, comparer) : entries.OrderBy(key, comparer);

    private static int ParseInt(string? text, string name, int min, int max, int fallback, TopoFieldErrors errors)
    {
        if (text is null)
        {
            return fallback;
        }

        if (int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var value)
            && value >= min && value <= max)
        {
            return value;
        }

        errors.Add(name, max == int.MaxValue ? $"Must be an integer >= {min}." : $"Must be an integer between {min} and {max}.");
        return fallback;
    }

    private static DateTimeOffset? ParseTimestamp(string? text, string name, bool acceptPartial, TopoFieldErrors errors)
    {
        if (text is null)
        {
            return null;
        }

        if (Timestamps.TryParseIso8601(text, acceptPartial, out var value))
        {
            return value;
        }

        errors.Add(name, acceptPartial ? "Must be an ISO 8601 timestamp." : "Must be a full ISO 8601 date-time with an offset, e.g. 2025-06-01T12:00:00Z.");
        return null;
    }
}
