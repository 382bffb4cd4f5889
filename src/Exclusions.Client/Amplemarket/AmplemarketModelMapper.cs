using System.Globalization;

namespace Exclusions.Client.Amplemarket;

/// <summary>The one place where Amplemarket wire DTOs become public models, and item keys become wire bodies.</summary>
internal static class AmplemarketModelMapper
{
    public static ExcludedEmail ToModel(AmplemarketExcludedEmailDto dto) => new()
    {
        Email = dto.Email,
        Source = dto.Source,
        DateAdded = ParseDate(dto.DateAdded),
        DateAddedText = dto.DateAdded,
        ExcludedReason = dto.ExcludedReason,
    };

    public static ExcludedDomain ToModel(AmplemarketExcludedDomainDto dto) => new()
    {
        Domain = dto.Domain,
        Source = dto.Source,
        DateAdded = ParseDate(dto.DateAdded),
        DateAddedText = dto.DateAdded,
        ExcludedReason = dto.ExcludedReason,
    };

    /// <summary>
    /// Maps a page. A missing item array (as opposed to an empty one), or a null item in it, returns <see langword="null"/>:
    /// the caller must not read it as "no more items".
    /// </summary>
    public static AmplemarketPage<TModel>? ToPage<TDto, TModel>(List<TDto>? items, AmplemarketLinksDto? links, Func<TDto, TModel> map, ExclusionResponse? raw = null)
    {
        if (items is null)
        {
            return null;
        }

        var mapped = new TModel[items.Count];
        for (var i = 0; i < items.Count; i++)
        {
            if (items[i] is null)
            {
                return null; // a null item is not the documented object: unusable, never skipped
            }

            mapped[i] = map(items[i]);
        }

        return new AmplemarketPage<TModel>(mapped, links?.Next?.Href, links?.Self?.Href, raw);
    }

    public static AmplemarketEmailsBody ToEmailsBody(IReadOnlyList<string> normalizedEmails)
        => new() { ExcludedEmails = normalizedEmails.Select(e => new AmplemarketEmailItem { Email = e }).ToList() };

    public static AmplemarketDomainsBody ToDomainsBody(IReadOnlyList<string> normalizedDomains)
        => new() { ExcludedDomains = normalizedDomains.Select(d => new AmplemarketDomainItem { Domain = d }).ToList() };

    private static DateTimeOffset? ParseDate(string? text)
        => DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var value) ? value : null;
}
