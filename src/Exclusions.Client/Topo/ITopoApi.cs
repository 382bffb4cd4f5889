using Refit;

namespace Exclusions.Client.Topo;

/// <summary>
/// The Topo exclusion endpoints (base <c>https://api.topo.io/v1</c>). Internal: the wire, not the
/// public surface. Every call returns an <see cref="IApiResponse"/> so that one place
/// (<see cref="TopoExclusionsClient"/> via <c>ApiErrorMapper</c>) turns failures into exceptions.
/// </summary>
internal interface ITopoApi
{
    [Get("/me")]
    Task<IApiResponse<TopoMeDto>> GetMe(CancellationToken cancellationToken);

    [Get("/contact-exclusions")]
    Task<IApiResponse<TopoListEnvelope<TopoContactExclusionDto>>> ListContactExclusions(
        [AliasAs("email")] string? email,
        [AliasAs("linkedin_url")] string? linkedinUrl,
        [AliasAs("reason")] string? reason,
        [AliasAs("created_at_after")] string? createdAtAfter,
        [AliasAs("created_at_before")] string? createdAtBefore,
        [AliasAs("sort_by")] string? sortBy,
        [AliasAs("sort_order")] string? sortOrder,
        [AliasAs("page")] int? page,
        [AliasAs("size")] int? size,
        CancellationToken cancellationToken);

    [Post("/contact-exclusions")]
    Task<IApiResponse<TopoContactExclusionDto>> CreateContactExclusion([Body] TopoCreateContactExclusionBody body, CancellationToken cancellationToken);

    [Get("/contact-exclusions/{id}")]
    Task<IApiResponse<TopoContactExclusionDto>> GetContactExclusion(Guid id, CancellationToken cancellationToken);

    [Patch("/contact-exclusions/{id}")]
    Task<IApiResponse<TopoContactExclusionDto>> UpdateContactExclusion(Guid id, [Body] TopoPatchBody body, CancellationToken cancellationToken);

    [Delete("/contact-exclusions/{id}")]
    Task<IApiResponse> DeleteContactExclusion(Guid id, CancellationToken cancellationToken);

    [Get("/account-exclusions")]
    Task<IApiResponse<TopoListEnvelope<TopoAccountExclusionDto>>> ListAccountExclusions(
        [AliasAs("domain")] string? domain,
        [AliasAs("reason")] string? reason,
        [AliasAs("created_at_after")] string? createdAtAfter,
        [AliasAs("created_at_before")] string? createdAtBefore,
        [AliasAs("sort_by")] string? sortBy,
        [AliasAs("sort_order")] string? sortOrder,
        [AliasAs("page")] int? page,
        [AliasAs("size")] int? size,
        CancellationToken cancellationToken);

    [Post("/account-exclusions")]
    Task<IApiResponse<TopoAccountExclusionDto>> CreateAccountExclusion([Body] TopoCreateAccountExclusionBody body, CancellationToken cancellationToken);

    [Get("/account-exclusions/{id}")]
    Task<IApiResponse<TopoAccountExclusionDto>> GetAccountExclusion(Guid id, CancellationToken cancellationToken);

    [Patch("/account-exclusions/{id}")]
    Task<IApiResponse<TopoAccountExclusionDto>> UpdateAccountExclusion(Guid id, [Body] TopoPatchBody body, CancellationToken cancellationToken);

    [Delete("/account-exclusions/{id}")]
    Task<IApiResponse> DeleteAccountExclusion(Guid id, CancellationToken cancellationToken);
}
