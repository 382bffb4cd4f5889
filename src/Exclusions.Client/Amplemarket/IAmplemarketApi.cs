using System.Text.Json;
using Refit;

namespace Exclusions.Client.Amplemarket;

/// <summary>
/// Amplemarket's exclusion-list endpoints (base <c>https://api.amplemarket.com</c>). Internal: the wire,
/// not the public surface. Every call returns an <see cref="IApiResponse"/> so that one place
/// (<see cref="AmplemarketExclusionsClient"/> via <c>ApiErrorMapper</c>) turns failures into exceptions.
/// Bodies are labelled <c>application/vnd.amp+json</c> by <see cref="AmplemarketContentSerializer"/>;
/// the <c>Accept</c> header is set by the DI registration. Bodies are buffered so that they carry a
/// <c>Content-Length</c> (DELETE with a chunked body is refused by some proxies) and can be replayed.
/// </summary>
internal interface IAmplemarketApi
{
    /// <summary>The first page; <paramref name="size"/> as in the docs' own link (<c>/excluded-emails?size=2000</c>).</summary>
    [Get("/excluded-emails")]
    Task<IApiResponse<AmplemarketEmailListDto>> ListExcludedEmails([AliasAs("size")] int? size, CancellationToken cancellationToken);

    /// <summary>A later page: <paramref name="pageUrl"/> is a <c>_links.next.href</c> already resolved and origin-checked.</summary>
    [Get("")]
    Task<IApiResponse<AmplemarketEmailListDto>> ListExcludedEmailsAt([Url] Uri pageUrl, CancellationToken cancellationToken);

    [Post("/excluded-emails")]
    Task<IApiResponse<Dictionary<string, JsonElement>>> AddExcludedEmails([Body(buffered: true)] AmplemarketEmailsBody body, CancellationToken cancellationToken);

    [Delete("/excluded-emails")]
    Task<IApiResponse<Dictionary<string, JsonElement>>> RemoveExcludedEmails([Body(buffered: true)] AmplemarketEmailsBody body, CancellationToken cancellationToken);

    /// <summary>The first page; <paramref name="size"/> as in the docs' own link (<c>/excluded-domains?size=2000</c>).</summary>
    [Get("/excluded-domains")]
    Task<IApiResponse<AmplemarketDomainListDto>> ListExcludedDomains([AliasAs("size")] int? size, CancellationToken cancellationToken);

    /// <summary>A later page: <paramref name="pageUrl"/> is a <c>_links.next.href</c> already resolved and origin-checked.</summary>
    [Get("")]
    Task<IApiResponse<AmplemarketDomainListDto>> ListExcludedDomainsAt([Url] Uri pageUrl, CancellationToken cancellationToken);

    [Post("/excluded-domains")]
    Task<IApiResponse<Dictionary<string, JsonElement>>> AddExcludedDomains([Body(buffered: true)] AmplemarketDomainsBody body, CancellationToken cancellationToken);

    [Delete("/excluded-domains")]
    Task<IApiResponse<Dictionary<string, JsonElement>>> RemoveExcludedDomains([Body(buffered: true)] AmplemarketDomainsBody body, CancellationToken cancellationToken);
}
