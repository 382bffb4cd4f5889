using Exclusions.Client.Internal;

namespace Exclusions.Client.Topo;

/// <summary>The one place where Topo wire DTOs become public models, and public requests become wire bodies.</summary>
internal static class TopoModelMapper
{
    public static ContactExclusion ToModel(TopoContactExclusionDto dto) => new()
    {
        Id = dto.Id,
        Email = dto.Email,
        LinkedInUrl = dto.LinkedinUrl,
        Reason = ToReason(dto.Reason),
        Message = dto.Message,
        Until = dto.Until,
        CreatedAt = dto.CreatedAt,
        UpdatedAt = dto.UpdatedAt,
    };

    public static AccountExclusion ToModel(TopoAccountExclusionDto dto) => new()
    {
        Id = dto.Id,
        Domain = dto.Domain,
        Reason = ToReason(dto.Reason),
        Message = dto.Message,
        Until = dto.Until,
        CreatedAt = dto.CreatedAt,
        UpdatedAt = dto.UpdatedAt,
    };

    public static TopoApiKeyInfo ToModel(TopoMeDto dto) => new()
    {
        Id = dto.Id,
        OrganizationId = dto.OrganizationId,
        Name = dto.Name,
        KeyPrefix = dto.KeyPrefix,
        Scopes = dto.Scopes ?? [],
        LastUsedAt = dto.LastUsedAt,
        CreatedAt = dto.CreatedAt,
    };

    /// <summary>The page, or <see langword="null"/> when an item is JSON <c>null</c> (not the documented object: unusable, never skipped).</summary>
    public static TopoPage<TModel>? ToPage<TDto, TModel>(TopoListEnvelope<TDto> envelope, int page, Func<TDto, TModel> map, ExclusionResponse? raw = null)
    {
        var items = envelope.Items ?? [];
        var mapped = new TModel[items.Count];
        for (var i = 0; i < items.Count; i++)
        {
            if (items[i] is null)
            {
                return null;
            }

            mapped[i] = map(items[i]);
        }

        return new TopoPage<TModel>(mapped, page, envelope.TotalCount, envelope.TotalPages, envelope.HasMore, raw);
    }

    public static TopoCreateContactExclusionBody ToBody(CreateContactExclusionRequest request, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (string.IsNullOrWhiteSpace(request.Email) && string.IsNullOrWhiteSpace(request.LinkedInUrl))
        {
            throw new ArgumentException("A contact exclusion needs an e-mail address, a LinkedIn URL, or both.", nameof(request));
        }

        return new TopoCreateContactExclusionBody
        {
            Email = request.Email is null ? null : ValueNormalizer.NormalizeEmail(request.Email, nameof(request.Email)),
            LinkedinUrl = request.LinkedInUrl is null ? null : ValueNormalizer.NormalizeLinkedInUrl(request.LinkedInUrl, nameof(request.LinkedInUrl)),
            Reason = RequireReason(request.Reason),
            Message = request.Message,
            Until = RequireFuture(request.Until, now),
        };
    }

    public static TopoCreateAccountExclusionBody ToBody(CreateAccountExclusionRequest request, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(request);
        return new TopoCreateAccountExclusionBody
        {
            Domain = ValueNormalizer.NormalizeDomain(request.Domain, nameof(request.Domain)),
            Reason = RequireReason(request.Reason),
            Message = request.Message,
            Until = RequireFuture(request.Until, now),
        };
    }

    public static TopoPatchBody ToBody(UpdateExclusionRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Reason is { } reason && string.IsNullOrWhiteSpace(reason.Value))
        {
            throw new ArgumentException("Reason must not be empty; leave it null to keep the current reason.", nameof(request));
        }

        if (request.Reason is null && request.Message is null && !request.Until.IsSet)
        {
            throw new ArgumentException("The update changes nothing: set Reason, Message or Until.", nameof(request));
        }

        return new TopoPatchBody
        {
            Reason = request.Reason?.Value,
            Message = request.Message,
            Until = request.Until.IsSet ? new UntilPatch(true, request.Until.Value) : default,
        };
    }

    public static string? ToWire(TopoSortField? field, bool contacts) => field switch
    {
        null => null,
        TopoSortField.CreatedAt => "created_at",
        TopoSortField.UpdatedAt => "updated_at",
        TopoSortField.Reason => "reason",
        TopoSortField.Email when contacts => "email",
        TopoSortField.Domain when !contacts => "domain",
        _ => throw new ArgumentException($"Sorting by {field} is not supported for {(contacts ? "contact" : "account")} exclusions.", nameof(field)),
    };

    public static string? ToWire(TopoSortOrder? order) => order switch
    {
        null => null,
        TopoSortOrder.Ascending => "asc",
        TopoSortOrder.Descending => "desc",
        _ => throw new ArgumentOutOfRangeException(nameof(order), order, "Unknown sort order."),
    };

    public static string? ToWire(DateTimeOffset? value) => value is null ? null : UtcTimestampConverter.Format(value.Value);

    private static ExclusionReason ToReason(string? value)
        => string.IsNullOrWhiteSpace(value) ? ExclusionReason.Unknown : new ExclusionReason(value);

    private static string RequireReason(ExclusionReason reason)
        => string.IsNullOrWhiteSpace(reason.Value)
            ? throw new ArgumentException("A reason is required (e.g. ExclusionReason.Unsubscribed).", nameof(reason))
            : reason.Value;

    private static DateTimeOffset? RequireFuture(DateTimeOffset? until, DateTimeOffset now)
        => until is { } value && value <= now
            ? throw new ArgumentException($"Until ({UtcTimestampConverter.Format(value)}) is not in the future; the exclusion would never be in force.", nameof(until))
            : until;
}
