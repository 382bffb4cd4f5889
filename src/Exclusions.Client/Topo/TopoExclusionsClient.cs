using System.Runtime.CompilerServices;
using Exclusions.Client.DependencyInjection;
using Exclusions.Client.Http;
using Exclusions.Client.Internal;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Refit;

namespace Exclusions.Client.Topo;

/// <summary>
/// A typed client for Topo's exclusion API: contact exclusions (e-mail / LinkedIn URL), account
/// exclusions (domain) and <c>GET /v1/me</c>. Thread-safe; create one and reuse it, or register it
/// with <c>services.AddTopoExclusions(...)</c>. Every member is virtual so the client can be mocked.
/// </summary>
public partial class TopoExclusionsClient : ExclusionsClientBase
{
    private const int AutoPagingPageSize = TopoListQuery.MaxPageSize;

    private readonly ITopoApi _api = null!;
    private readonly int _listConcurrency = TopoOptions.DefaultListConcurrency;

    /// <summary>
    /// Creates a client for a Topo API key against the production API, without dependency injection.
    /// Dispose it when done (<c>using var topo = new TopoExclusionsClient(key);</c>): it owns its connections.
    /// </summary>
    /// <param name="apiKey">The API key (<c>topo_…</c>).</param>
    /// <exception cref="ArgumentException">The key is missing.</exception>
    public TopoExclusionsClient(string apiKey)
        : this(o => o.ApiKey = apiKey)
    {
    }

    /// <summary>
    /// Creates a client without dependency injection (console scripts), configured exactly as
    /// <c>AddTopoExclusions(configure)</c> configures it: same options, same pipeline. Reuse the instance and
    /// dispose it when done: it owns its connections. Standalone clients with one key share one quota limiter.
    /// </summary>
    /// <param name="configure">Sets <see cref="TopoOptions"/> (at least <see cref="ExclusionClientOptions.ApiKey"/>).</param>
    /// <exception cref="ArgumentException">The options are invalid (e.g. no API key, plain http to a remote host).</exception>
    public TopoExclusionsClient(Action<TopoOptions> configure)
        : this(VendorClientCore.Standalone<TopoExclusionsClient, TopoOptions>(configure ?? throw new ArgumentNullException(nameof(configure)), null))
    {
    }

    /// <summary>
    /// Creates a client without dependency injection from an options instance, which it uses as is (do not
    /// change it afterwards). Reuse the instance and dispose it when done: it owns its connections.
    /// </summary>
    /// <param name="options">The settings; validated now.</param>
    /// <exception cref="ArgumentException">The options are invalid (e.g. no API key, plain http to a remote host).</exception>
    public TopoExclusionsClient(TopoOptions options)
        : this(VendorClientCore.Standalone<TopoExclusionsClient, TopoOptions>(null, options ?? throw new ArgumentNullException(nameof(options))))
    {
    }

    internal TopoExclusionsClient(HttpClient httpClient, TopoOptions options, ILoggerFactory? loggerFactory, TimeProvider? timeProvider)
        : this(new VendorClientCore(ExclusionProvider.Topo, TopoErrorParser.Instance, httpClient, options, loggerFactory, timeProvider, typeof(TopoExclusionsClient)))
    {
    }

    private TopoExclusionsClient(VendorClientCore core)
        : base(core)
    {
        _listConcurrency = ((TopoOptions)core.Options).ListConcurrency;
        _api = RestService.ForGenerated<ITopoApi>(core.Http, RefitSettingsCache.Topo);
    }

    /// <summary>For mocking only.</summary>
    protected TopoExclusionsClient()
    {
    }

    /// <summary>Describes the key behind this client: name, organization, prefix and scopes (<c>GET /v1/me</c>).</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The key's information.</returns>
    /// <exception cref="ExclusionApiException">The API returned an error (401 for a bad key).</exception>
    public virtual async Task<TopoApiKeyInfo> GetApiKeyInfoAsync(CancellationToken cancellationToken = default)
    {
        using var response = await _api.GetMe(cancellationToken).ConfigureAwait(false);
        return TopoModelMapper.ToModel(Responses.Value(response));
    }

    // ---- Contact exclusions -------------------------------------------------------------------

    /// <summary>Gets one page of contact exclusions (<c>GET /v1/contact-exclusions</c>).</summary>
    /// <param name="query">Filters, sorting and page size; <see langword="null"/> for all with server defaults.</param>
    /// <param name="page">The 1-based page number.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The page with <c>total_count</c>, <c>total_pages</c> and <c>has_more</c>.</returns>
    /// <exception cref="ArgumentException">A filter is invalid, the page is below 1 or the size outside 1..100; nothing was sent.</exception>
    public virtual async Task<TopoPage<ContactExclusion>> GetContactExclusionsPageAsync(ContactExclusionQuery? query = null, int page = 1, CancellationToken cancellationToken = default)
    {
        var wire = ContactWireQuery.From(query, page, query?.PageSize);
        return await FetchContactPageAsync(wire, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Streams every contact exclusion matching <paramref name="query"/>, fetching pages of 100 (or
    /// <see cref="TopoListQuery.PageSize"/>) as the caller enumerates. Memory does not grow with the list.
    /// </summary>
    /// <param name="query">Filters and sorting.</param>
    /// <param name="cancellationToken">Cancels the enumeration.</param>
    /// <returns>The exclusions, in the server's order.</returns>
    /// <exception cref="ArgumentException">A filter is invalid; thrown now, before any request.</exception>
    public virtual IAsyncEnumerable<ContactExclusion> ListContactExclusionsAsync(ContactExclusionQuery? query = null, CancellationToken cancellationToken = default)
        => ItemsOf(ListContactExclusionPagesAsync(query, null, cancellationToken), cancellationToken);

    /// <summary>
    /// Streams the pages of the contact exclusions matching <paramref name="query"/>, resumable: each page's
    /// <see cref="TopoPage{T}.ContinuationToken"/> starts a later call at the page after it (e.g. a sync that
    /// stopped after page 80 of 100 carries on at page 81). Once the first page has told <c>total_pages</c>,
    /// up to <see cref="TopoOptions.ListConcurrency"/> pages are fetched at once; pages still come in order.
    /// </summary>
    /// <param name="query">Filters, sorting and page size (default 100, the most Topo allows).</param>
    /// <param name="continuationToken"><see langword="null"/> to start at the first page, or a page's <see cref="TopoPage{T}.ContinuationToken"/>.</param>
    /// <param name="cancellationToken">Cancels the enumeration.</param>
    /// <returns>The pages, in order.</returns>
    /// <exception cref="ArgumentException">A filter or the continuation token is invalid; thrown now, before any request.</exception>
    public virtual IAsyncEnumerable<TopoPage<ContactExclusion>> ListContactExclusionPagesAsync(ContactExclusionQuery? query = null, string? continuationToken = null, CancellationToken cancellationToken = default)
    {
        var first = ContactWireQuery.From(query, ParseContinuation(continuationToken), query?.PageSize ?? AutoPagingPageSize);
        return ConcurrentPager.PagesAsync(first.Page, _listConcurrency, (p, ct) => FetchContactPageAsync(first with { Page = p }, ct), cancellationToken);
    }

    /// <summary>Creates a contact exclusion (<c>POST /v1/contact-exclusions</c>).</summary>
    /// <param name="request">E-mail and/or LinkedIn URL, reason, optional message and expiry.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The created exclusion.</returns>
    /// <exception cref="ArgumentException">The request is invalid; nothing was sent.</exception>
    /// <exception cref="ExclusionConflictException">An active exclusion for this contact already exists (409).</exception>
    public virtual async Task<ContactExclusion> CreateContactExclusionAsync(CreateContactExclusionRequest request, CancellationToken cancellationToken = default)
    {
        var body = TopoModelMapper.ToBody(request, Time.GetUtcNow());
        using var response = await _api.CreateContactExclusion(body, cancellationToken).ConfigureAwait(false);
        if (IsReplayConflict(response))
        {
            var wire = new ContactWireQuery(body.Email, body.LinkedinUrl, default, 1, TopoListQuery.MaxPageSize);
            var page = await FetchContactPageAsync(wire, cancellationToken).ConfigureAwait(false);
            var existing = page.Items.FirstOrDefault(e => SameValue(e.Email, body.Email) && SameValue(e.LinkedInUrl, body.LinkedinUrl));
            if (existing is not null)
            {
                Log.ReplayReconciled(Logger, "contact", existing.Id);
                return existing;
            }
        }

        var created = TopoModelMapper.ToModel(Responses.Value(response));
        Log.Created(Logger, "contact", created.Id);
        return created;
    }

    /// <summary>Gets a contact exclusion by id (<c>GET /v1/contact-exclusions/{id}</c>).</summary>
    /// <param name="id">The exclusion's UUID.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The exclusion.</returns>
    /// <exception cref="ArgumentException"><paramref name="id"/> is empty; nothing was sent.</exception>
    /// <exception cref="ExclusionNotFoundException">No such exclusion (404).</exception>
    public virtual async Task<ContactExclusion> GetContactExclusionAsync(Guid id, CancellationToken cancellationToken = default)
    {
        RequireId(id);
        using var response = await _api.GetContactExclusion(id, cancellationToken).ConfigureAwait(false);
        return TopoModelMapper.ToModel(Responses.Value(response));
    }

    /// <summary>Updates a contact exclusion (<c>PATCH /v1/contact-exclusions/{id}</c>); only what is set is sent.</summary>
    /// <param name="id">The exclusion's UUID.</param>
    /// <param name="request">The changes; see <see cref="UntilUpdate"/> for the three states of the expiry.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The updated exclusion.</returns>
    /// <exception cref="ArgumentException">The id is empty or the request changes nothing; nothing was sent.</exception>
    public virtual async Task<ContactExclusion> UpdateContactExclusionAsync(Guid id, UpdateExclusionRequest request, CancellationToken cancellationToken = default)
    {
        RequireId(id);
        var body = TopoModelMapper.ToBody(request);
        using var response = await _api.UpdateContactExclusion(id, body, cancellationToken).ConfigureAwait(false);
        return TopoModelMapper.ToModel(Responses.Value(response));
    }

    /// <summary>Deletes a contact exclusion (<c>DELETE /v1/contact-exclusions/{id}</c>, 204).</summary>
    /// <param name="id">The exclusion's UUID.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when the exclusion is gone.</returns>
    /// <exception cref="ExclusionNotFoundException">No such exclusion (404).</exception>
    /// <exception cref="ExclusionValidationException">The exclusion is synced from a CRM and cannot be removed through the API (422).</exception>
    public virtual async Task DeleteContactExclusionAsync(Guid id, CancellationToken cancellationToken = default)
    {
        RequireId(id);
        using var response = await _api.DeleteContactExclusion(id, cancellationToken).ConfigureAwait(false);
        Responses.Success(response);
        Log.Deleted(Logger, "contact", id);
    }

    // ---- Account exclusions -------------------------------------------------------------------

    /// <summary>Gets one page of account exclusions (<c>GET /v1/account-exclusions</c>).</summary>
    /// <param name="query">Filters, sorting and page size; <see langword="null"/> for all with server defaults.</param>
    /// <param name="page">The 1-based page number.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The page with its counts.</returns>
    /// <exception cref="ArgumentException">A filter is invalid, the page is below 1 or the size outside 1..100; nothing was sent.</exception>
    public virtual async Task<TopoPage<AccountExclusion>> GetAccountExclusionsPageAsync(AccountExclusionQuery? query = null, int page = 1, CancellationToken cancellationToken = default)
    {
        var wire = AccountWireQuery.From(query, page, query?.PageSize);
        return await FetchAccountPageAsync(wire, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Streams every account exclusion matching <paramref name="query"/>, page by page as the caller enumerates.</summary>
    /// <param name="query">Filters and sorting.</param>
    /// <param name="cancellationToken">Cancels the enumeration.</param>
    /// <returns>The exclusions, in the server's order.</returns>
    /// <exception cref="ArgumentException">A filter is invalid; thrown now, before any request.</exception>
    public virtual IAsyncEnumerable<AccountExclusion> ListAccountExclusionsAsync(AccountExclusionQuery? query = null, CancellationToken cancellationToken = default)
        => ItemsOf(ListAccountExclusionPagesAsync(query, null, cancellationToken), cancellationToken);

    /// <summary>
    /// The account exclusions held exactly as <paramref name="storedDomain"/> (canonical, a leading <c>www.</c> kept):
    /// the facade finds a record a vendor holds as <c>www.X</c>, which covers <c>X</c> (docs/normalization.md).
    /// The public filter drops <c>www.</c> like every input, so it cannot ask for it.
    /// </summary>
    internal IAsyncEnumerable<AccountExclusion> ListAccountExclusionsHeldAsAsync(string storedDomain, AccountExclusionQuery query, CancellationToken cancellationToken)
    {
        var held = ValueNormalizer.TryNormalizeStoredDomain(storedDomain, out var domain, out var error) ? domain : throw new ArgumentException(error, nameof(storedDomain));
        var first = AccountWireQuery.From(query, 1, AutoPagingPageSize) with { Domain = held };
        return ItemsOf(ConcurrentPager.PagesAsync(first.Page, _listConcurrency, (p, ct) => FetchAccountPageAsync(first with { Page = p }, ct), cancellationToken), cancellationToken);
    }

    /// <summary>
    /// Streams the pages of the account exclusions matching <paramref name="query"/>, resumable through each
    /// page's <see cref="TopoPage{T}.ContinuationToken"/>, fetched up to <see cref="TopoOptions.ListConcurrency"/>
    /// at once and returned in order (see <see cref="ListContactExclusionPagesAsync"/>).
    /// </summary>
    /// <param name="query">Filters, sorting and page size (default 100).</param>
    /// <param name="continuationToken"><see langword="null"/> to start at the first page, or a page's <see cref="TopoPage{T}.ContinuationToken"/>.</param>
    /// <param name="cancellationToken">Cancels the enumeration.</param>
    /// <returns>The pages, in order.</returns>
    /// <exception cref="ArgumentException">A filter or the continuation token is invalid; thrown now, before any request.</exception>
    public virtual IAsyncEnumerable<TopoPage<AccountExclusion>> ListAccountExclusionPagesAsync(AccountExclusionQuery? query = null, string? continuationToken = null, CancellationToken cancellationToken = default)
    {
        var first = AccountWireQuery.From(query, ParseContinuation(continuationToken), query?.PageSize ?? AutoPagingPageSize);
        return ConcurrentPager.PagesAsync(first.Page, _listConcurrency, (p, ct) => FetchAccountPageAsync(first with { Page = p }, ct), cancellationToken);
    }

    /// <summary>Creates an account exclusion (<c>POST /v1/account-exclusions</c>).</summary>
    /// <param name="request">Domain, reason, optional message and expiry.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The created exclusion.</returns>
    /// <exception cref="ArgumentException">The request is invalid; nothing was sent.</exception>
    /// <exception cref="ExclusionConflictException">An active exclusion for this domain already exists (409).</exception>
    public virtual async Task<AccountExclusion> CreateAccountExclusionAsync(CreateAccountExclusionRequest request, CancellationToken cancellationToken = default)
    {
        var body = TopoModelMapper.ToBody(request, Time.GetUtcNow());
        using var response = await _api.CreateAccountExclusion(body, cancellationToken).ConfigureAwait(false);
        if (IsReplayConflict(response))
        {
            var wire = new AccountWireQuery(body.Domain, default, 1, TopoListQuery.MaxPageSize);
            var page = await FetchAccountPageAsync(wire, cancellationToken).ConfigureAwait(false);
            var existing = page.Items.FirstOrDefault(e => SameValue(e.Domain, body.Domain));
            if (existing is not null)
            {
                Log.ReplayReconciled(Logger, "account", existing.Id);
                return existing;
            }
        }

        var created = TopoModelMapper.ToModel(Responses.Value(response));
        Log.Created(Logger, "account", created.Id);
        return created;
    }

    /// <summary>Gets an account exclusion by id (<c>GET /v1/account-exclusions/{id}</c>).</summary>
    /// <param name="id">The exclusion's UUID.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The exclusion.</returns>
    /// <exception cref="ArgumentException"><paramref name="id"/> is empty; nothing was sent.</exception>
    /// <exception cref="ExclusionNotFoundException">No such exclusion (404).</exception>
    public virtual async Task<AccountExclusion> GetAccountExclusionAsync(Guid id, CancellationToken cancellationToken = default)
    {
        RequireId(id);
        using var response = await _api.GetAccountExclusion(id, cancellationToken).ConfigureAwait(false);
        return TopoModelMapper.ToModel(Responses.Value(response));
    }

    /// <summary>Updates an account exclusion (<c>PATCH /v1/account-exclusions/{id}</c>); only what is set is sent.</summary>
    /// <param name="id">The exclusion's UUID.</param>
    /// <param name="request">The changes; see <see cref="UntilUpdate"/> for the three states of the expiry.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The updated exclusion.</returns>
    /// <exception cref="ArgumentException">The id is empty or the request changes nothing; nothing was sent.</exception>
    public virtual async Task<AccountExclusion> UpdateAccountExclusionAsync(Guid id, UpdateExclusionRequest request, CancellationToken cancellationToken = default)
    {
        RequireId(id);
        var body = TopoModelMapper.ToBody(request);
        using var response = await _api.UpdateAccountExclusion(id, body, cancellationToken).ConfigureAwait(false);
        return TopoModelMapper.ToModel(Responses.Value(response));
    }

    /// <summary>Deletes an account exclusion (<c>DELETE /v1/account-exclusions/{id}</c>, 204).</summary>
    /// <param name="id">The exclusion's UUID.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when the exclusion is gone.</returns>
    /// <exception cref="ExclusionNotFoundException">No such exclusion (404).</exception>
    /// <exception cref="ExclusionValidationException">The exclusion is synced from a CRM and cannot be removed through the API (422).</exception>
    public virtual async Task DeleteAccountExclusionAsync(Guid id, CancellationToken cancellationToken = default)
    {
        RequireId(id);
        using var response = await _api.DeleteAccountExclusion(id, cancellationToken).ConfigureAwait(false);
        Responses.Success(response);
        Log.Deleted(Logger, "account", id);
    }

    // ---- Internals --------------------------------------------------------------------------

    /// <summary>
    /// A 409 on a create that the pipeline sent again after an attempt whose effect is unknown (a 5xx,
    /// a timeout, a dropped connection): most likely our own first attempt created the exclusion.
    /// The caller asked for "this contact is excluded", and it is, so the existing record is the
    /// answer, found by the documented exact-match filters. Without a replay a 409 stays a conflict.
    /// </summary>
    private static bool IsReplayConflict(IApiResponse response)
        => response.StatusCode == System.Net.HttpStatusCode.Conflict && RequestReplay.WasReplayed(response);

    /// <summary>Values sent were normalized (lower-case e-mail, domain); the server's copy is compared the same way.</summary>
    private static bool SameValue(string? stored, string? sent)
        => sent is null || string.Equals(stored, sent, StringComparison.OrdinalIgnoreCase);

    private static void RequireId(Guid id)
    {
        if (id == Guid.Empty)
        {
            throw new ArgumentException("The exclusion id must not be Guid.Empty.", nameof(id));
        }
    }

    private async Task<TopoPage<ContactExclusion>> FetchContactPageAsync(ContactWireQuery q, CancellationToken cancellationToken)
    {
        using var response = await _api.ListContactExclusions(q.Email, q.LinkedInUrl, q.Common.Reason, q.Common.CreatedAfter, q.Common.CreatedBefore, q.Common.SortBy, q.Common.SortOrder, q.Page, q.Size, cancellationToken).ConfigureAwait(false);
        var envelope = Responses.Value(response, out var raw);
        return TopoModelMapper.ToPage(envelope, q.Page, TopoModelMapper.ToModel, raw) ?? throw NullItem();
    }

    private async Task<TopoPage<AccountExclusion>> FetchAccountPageAsync(AccountWireQuery q, CancellationToken cancellationToken)
    {
        using var response = await _api.ListAccountExclusions(q.Domain, q.Common.Reason, q.Common.CreatedAfter, q.Common.CreatedBefore, q.Common.SortBy, q.Common.SortOrder, q.Page, q.Size, cancellationToken).ConfigureAwait(false);
        var envelope = Responses.Value(response, out var raw);
        return TopoModelMapper.ToPage(envelope, q.Page, TopoModelMapper.ToModel, raw) ?? throw NullItem();
    }

    /// <summary>A list page with a JSON <c>null</c> item (found by the topo-json fuzz target: it was a NullReferenceException).</summary>
    private static ExclusionApiException NullItem()
    {
        const string message = "Topo returned a list page with a null item; stopping rather than skip it.";
        return new(message, new ExclusionApiErrorDetails(ExclusionProvider.Topo, System.Net.HttpStatusCode.OK) { ErrorCode = "unexpected_response", Message = message });
    }

    private static async IAsyncEnumerable<TItem> ItemsOf<TItem>(IAsyncEnumerable<TopoPage<TItem>> pages, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var page in pages.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            foreach (var item in page.Items)
            {
                yield return item;
            }
        }
    }

    private static int ParseContinuation(string? continuationToken)
    {
        if (continuationToken is null)
        {
            return 1;
        }

        return int.TryParse(continuationToken, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var page) && page >= 1
            ? page
            : throw new ArgumentException("The continuation token is not one a Topo page returned.", nameof(continuationToken));
    }

    /// <summary>Validated, normalized list parameters common to both lists.</summary>
    private readonly record struct CommonWireQuery(string? Reason, string? CreatedAfter, string? CreatedBefore, string? SortBy, string? SortOrder)
    {
        public static CommonWireQuery From(TopoListQuery? query, bool contacts)
        {
            if (query is null)
            {
                return default;
            }

            if (query.CreatedAfter is { } after && query.CreatedBefore is { } before && after >= before)
            {
                throw new ArgumentException("CreatedAfter must be earlier than CreatedBefore (both bounds are exclusive).", nameof(query));
            }

            if (query.Reason is { } reason && string.IsNullOrWhiteSpace(reason.Value))
            {
                throw new ArgumentException("Reason filter must not be empty.", nameof(query));
            }

            return new CommonWireQuery(
                query.Reason?.Value,
                TopoModelMapper.ToWire(query.CreatedAfter),
                TopoModelMapper.ToWire(query.CreatedBefore),
                TopoModelMapper.ToWire(query.SortBy, contacts),
                TopoModelMapper.ToWire(query.SortOrder));
        }

        public static (int Page, int? Size) Paging(int page, int? size)
        {
            if (page < 1)
            {
                throw new ArgumentOutOfRangeException(nameof(page), page, "Pages are numbered from 1.");
            }

            if (size is { } s && (s < 1 || s > TopoListQuery.MaxPageSize))
            {
                throw new ArgumentOutOfRangeException(nameof(size), s, $"Page size must be between 1 and {TopoListQuery.MaxPageSize}.");
            }

            return (page, size);
        }
    }

    private sealed record ContactWireQuery(string? Email, string? LinkedInUrl, CommonWireQuery Common, int Page, int? Size)
    {
        public static ContactWireQuery From(ContactExclusionQuery? query, int page, int? size)
        {
            var (p, s) = CommonWireQuery.Paging(page, size);
            return new ContactWireQuery(
                query?.Email is null ? null : ValueNormalizer.NormalizeEmail(query.Email, nameof(query.Email)),
                query?.LinkedInUrl is null ? null : ValueNormalizer.NormalizeLinkedInUrl(query.LinkedInUrl, nameof(query.LinkedInUrl)),
                CommonWireQuery.From(query, contacts: true),
                p,
                s);
        }
    }

    private sealed record AccountWireQuery(string? Domain, CommonWireQuery Common, int Page, int? Size)
    {
        public static AccountWireQuery From(AccountExclusionQuery? query, int page, int? size)
        {
            var (p, s) = CommonWireQuery.Paging(page, size);
            return new AccountWireQuery(
                query?.Domain is null ? null : ValueNormalizer.NormalizeDomain(query.Domain, nameof(query.Domain)),
                CommonWireQuery.From(query, contacts: false),
                p,
                s);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1101, Level = LogLevel.Debug, Message = "Created Topo {Kind} exclusion {ExclusionId}")]
        public static partial void Created(ILogger logger, string kind, Guid exclusionId);

        [LoggerMessage(EventId = 1102, Level = LogLevel.Debug, Message = "Deleted Topo {Kind} exclusion {ExclusionId}")]
        public static partial void Deleted(ILogger logger, string kind, Guid exclusionId);

        [LoggerMessage(EventId = 1103, Level = LogLevel.Information, Message = "Topo {Kind} exclusion create was replayed after an unknown outcome and met 409; returning existing exclusion {ExclusionId}")]
        public static partial void ReplayReconciled(ILogger logger, string kind, Guid exclusionId);
    }
}
