using Exclusions.Client.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Net;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Exclusions.Client.DependencyInjection;
using Exclusions.Client.Http;
using Exclusions.Client.Internal;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Refit;

namespace Exclusions.Client.Amplemarket;

/// <summary>
/// A typed client for Amplemarket's exclusion lists: excluded e-mail addresses and excluded domains,
/// listed page by page or streamed, added and removed in bulk with one outcome per item. Thread-safe;
/// create one and reuse it, or register it with <c>services.AddAmplemarketExclusions(...)</c>. Every
/// member is virtual so the client can be mocked.
/// </summary>
public partial class AmplemarketExclusionsClient : ExclusionsClientBase
{
    private static readonly ListKind Emails = new(
        "/excluded-emails",
        "e-mail",
        (string value, [NotNullWhen(true)] out string? key, [NotNullWhen(false)] out string? error) => ValueNormalizer.TryNormalizeEmail(value, out key, out error),
        echoed => ValueNormalizer.TryNormalizeEmail(echoed, out var key, out _) ? key : null);

    private static readonly ListKind Domains = new(
        "/excluded-domains",
        "domain",
        (string value, [NotNullWhen(true)] out string? key, [NotNullWhen(false)] out string? error) => ValueNormalizer.TryNormalizeDomain(value, out key, out error),
        echoed => ValueNormalizer.TryNormalizeDomain(echoed, out var key, out _) ? key : null);

    private readonly IAmplemarketApi _api = null!;
    private readonly Uri _baseAddress = null!;
    private readonly int _bulkChunkSize = AmplemarketOptions.DefaultBulkChunkSize;
    private readonly int _listPageSize = AmplemarketOptions.DefaultListPageSize;

    /// <summary>
    /// Creates a client for an Amplemarket API key against the production API, without dependency injection.
    /// Dispose it when done (<c>using var amplemarket = new AmplemarketExclusionsClient(key);</c>): it owns its connections.
    /// </summary>
    /// <param name="apiKey">The API key.</param>
    /// <exception cref="ArgumentException">The key is missing.</exception>
    public AmplemarketExclusionsClient(string apiKey)
        : this(o => o.ApiKey = apiKey)
    {
    }

    /// <summary>
    /// Creates a client without dependency injection (console scripts), configured exactly as
    /// <c>AddAmplemarketExclusions(configure)</c> configures it: same options, same pipeline. Reuse the
    /// instance and dispose it when done. Standalone clients with one key share one quota limiter.
    /// </summary>
    /// <param name="configure">Sets <see cref="AmplemarketOptions"/> (at least <see cref="ExclusionClientOptions.ApiKey"/>).</param>
    /// <exception cref="ArgumentException">The options are invalid (e.g. no API key, plain http to a remote host, a chunk size out of range).</exception>
    public AmplemarketExclusionsClient(Action<AmplemarketOptions> configure)
        : this(VendorClientCore.Standalone<AmplemarketExclusionsClient, AmplemarketOptions>(configure ?? throw new ArgumentNullException(nameof(configure)), null))
    {
    }

    /// <summary>
    /// Creates a client without dependency injection from an options instance, which it uses as is (do not
    /// change it afterwards). Reuse the instance and dispose it when done: it owns its connections.
    /// </summary>
    /// <param name="options">The settings; validated now.</param>
    /// <exception cref="ArgumentException">The options are invalid (e.g. no API key, plain http to a remote host, a chunk size out of range).</exception>
    public AmplemarketExclusionsClient(AmplemarketOptions options)
        : this(VendorClientCore.Standalone<AmplemarketExclusionsClient, AmplemarketOptions>(null, options ?? throw new ArgumentNullException(nameof(options))))
    {
    }

    internal AmplemarketExclusionsClient(HttpClient httpClient, AmplemarketOptions options, ILoggerFactory? loggerFactory, TimeProvider? timeProvider)
        : this(new VendorClientCore(ExclusionProvider.Amplemarket, AmplemarketErrorParser.Instance, httpClient, options, loggerFactory, timeProvider, typeof(AmplemarketExclusionsClient)))
    {
    }

    private AmplemarketExclusionsClient(VendorClientCore core)
        : base(core)
    {
        var options = (AmplemarketOptions)core.Options;
        _baseAddress = core.Http.BaseAddress ?? options.BaseAddress;
        _bulkChunkSize = options.BulkChunkSize;
        _listPageSize = options.ListPageSize;
        _api = RestService.ForGenerated<IAmplemarketApi>(core.Http, RefitSettingsCache.Amplemarket);
    }

    /// <summary>For mocking only.</summary>
    protected AmplemarketExclusionsClient()
    {
    }

    // ---- Excluded e-mails ---------------------------------------------------------------------

    /// <summary>Gets one page of excluded e-mail addresses (<c>GET /excluded-emails</c>).</summary>
    /// <param name="pageLink">
    /// <see langword="null"/> for the first page, or a previous page's <see cref="AmplemarketPage{T}.NextPageLink"/>.
    /// </param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The page and the link to the next one.</returns>
    /// <exception cref="ArgumentException"><paramref name="pageLink"/> is not a link into this list on the configured base address; nothing was sent.</exception>
    /// <exception cref="ExclusionApiException">The API returned an error, or a page without its item array.</exception>
    public virtual Task<AmplemarketPage<ExcludedEmail>> GetExcludedEmailsPageAsync(string? pageLink = null, CancellationToken cancellationToken = default)
        => FetchEmailPageAsync(pageLink is null ? null : ResolveCallerLink(pageLink, Emails), cancellationToken);

    /// <summary>
    /// Streams every excluded e-mail address, following <c>_links.next</c> as the caller enumerates.
    /// Memory does not grow with the list (one page at a time, plus 16 bytes per page for loop detection).
    /// </summary>
    /// <param name="cancellationToken">Cancels the enumeration.</param>
    /// <returns>The addresses, in the server's order.</returns>
    /// <exception cref="ExclusionApiException">
    /// The API returned an error, a page without its item array, or a <c>next</c> link that repeats a page
    /// already read (<see cref="ExclusionApiException.ErrorCode"/> <c>pagination_loop</c>) or leaves the base
    /// address (<c>invalid_next_link</c>). Items already yielded stay valid.
    /// </exception>
    public virtual IAsyncEnumerable<ExcludedEmail> ListExcludedEmailsAsync(CancellationToken cancellationToken = default)
        => ItemsOf(PageThrough(Emails, null, (url, ct) => FetchEmailPageAsync(url, ct), cancellationToken), cancellationToken);

    /// <summary>
    /// Streams the pages of excluded e-mail addresses, resumable: each page's
    /// <see cref="AmplemarketPage{T}.ContinuationToken"/> (its <c>_links.next</c>) starts a later call at the page
    /// after it, so a sync that stopped part-way carries on where it stopped.
    /// </summary>
    /// <param name="continuationToken"><see langword="null"/> to start at the first page, or a page's <see cref="AmplemarketPage{T}.ContinuationToken"/>.</param>
    /// <param name="pageSize">Entries per page for the first request (1..<see cref="AmplemarketOptions.MaxListPageSize"/>);
    /// <see langword="null"/> for <see cref="AmplemarketOptions.ListPageSize"/>. A continuation keeps the size its link carries.</param>
    /// <param name="cancellationToken">Cancels the enumeration.</param>
    /// <returns>The pages, in order.</returns>
    /// <exception cref="ArgumentException">The token is not a link into this list on the configured base address, or the size is out of range; thrown now.</exception>
    /// <exception cref="ExclusionApiException">As for <see cref="ListExcludedEmailsAsync"/>.</exception>
    public virtual IAsyncEnumerable<AmplemarketPage<ExcludedEmail>> ListExcludedEmailPagesAsync(string? continuationToken = null, int? pageSize = null, CancellationToken cancellationToken = default)
    {
        var start = continuationToken is null ? null : ResolveCallerLink(continuationToken, Emails, nameof(continuationToken));
        var size = PageSize(pageSize);
        return PageThrough(Emails, start, (url, ct) => FetchEmailPageAsync(url, size, ct), cancellationToken);
    }

    /// <summary>
    /// Adds e-mail addresses to the exclusion list (<c>POST /excluded-emails</c>), in chunks of
    /// <see cref="AmplemarketOptions.BulkChunkSize"/>. Every address is validated and normalized
    /// (trimmed, lower-cased) before anything is sent; repeated addresses are sent once and reported for each.
    /// </summary>
    /// <param name="emails">The addresses; any number.</param>
    /// <param name="progress">Receives progress after each chunk, in input items.</param>
    /// <param name="cancellationToken">Stops between chunks; the result then says what already happened.</param>
    /// <returns>
    /// One outcome per input item, in input order: <see cref="ItemOutcomeKind.Added"/>,
    /// <see cref="ItemOutcomeKind.AlreadyExcluded"/>, <see cref="ItemOutcomeKind.Unsupported"/>,
    /// <see cref="ItemOutcomeKind.Failed"/> (the chunk's request failed, or it was not attempted) or
    /// <see cref="ItemOutcomeKind.Unknown"/> (an unknown status, or the response did not mention the item).
    /// </returns>
    /// <exception cref="ArgumentNullException"><paramref name="emails"/> is null.</exception>
    /// <exception cref="ArgumentException">An address is invalid (the message names it by index and value); nothing was sent.</exception>
    public virtual Task<BulkResult<string>> AddExcludedEmailsAsync(IEnumerable<string> emails, IProgress<BulkProgress>? progress = null, CancellationToken cancellationToken = default)
        => RunBulkAsync(emails, nameof(emails), Emails, AmplemarketBulkOperation.Add, (keys, ct) => _api.AddExcludedEmails(AmplemarketModelMapper.ToEmailsBody(keys), ct), progress, cancellationToken);

    /// <summary>
    /// Removes e-mail addresses from the exclusion list (<c>DELETE /excluded-emails</c>), in chunks of
    /// <see cref="AmplemarketOptions.BulkChunkSize"/>, with the same validation, de-duplication and
    /// reporting as <see cref="AddExcludedEmailsAsync"/>.
    /// </summary>
    /// <param name="emails">The addresses; any number.</param>
    /// <param name="progress">Receives progress after each chunk, in input items.</param>
    /// <param name="cancellationToken">Stops between chunks; the result then says what already happened.</param>
    /// <returns>
    /// One outcome per input item, in input order: <see cref="ItemOutcomeKind.Removed"/>,
    /// <see cref="ItemOutcomeKind.NotFound"/>, <see cref="ItemOutcomeKind.Unsupported"/> (e.g. CRM-sourced),
    /// <see cref="ItemOutcomeKind.Failed"/> or <see cref="ItemOutcomeKind.Unknown"/>.
    /// </returns>
    /// <exception cref="ArgumentNullException"><paramref name="emails"/> is null.</exception>
    /// <exception cref="ArgumentException">An address is invalid (the message names it by index and value); nothing was sent.</exception>
    public virtual Task<BulkResult<string>> RemoveExcludedEmailsAsync(IEnumerable<string> emails, IProgress<BulkProgress>? progress = null, CancellationToken cancellationToken = default)
        => RunBulkAsync(emails, nameof(emails), Emails, AmplemarketBulkOperation.Remove, (keys, ct) => _api.RemoveExcludedEmails(AmplemarketModelMapper.ToEmailsBody(keys), ct), progress, cancellationToken);

    // ---- Excluded domains ---------------------------------------------------------------------

    /// <summary>Gets one page of excluded domains (<c>GET /excluded-domains</c>).</summary>
    /// <param name="pageLink">
    /// <see langword="null"/> for the first page, or a previous page's <see cref="AmplemarketPage{T}.NextPageLink"/>.
    /// </param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The page and the link to the next one.</returns>
    /// <exception cref="ArgumentException"><paramref name="pageLink"/> is not a link into this list on the configured base address; nothing was sent.</exception>
    /// <exception cref="ExclusionApiException">The API returned an error, or a page without its item array.</exception>
    public virtual Task<AmplemarketPage<ExcludedDomain>> GetExcludedDomainsPageAsync(string? pageLink = null, CancellationToken cancellationToken = default)
        => FetchDomainPageAsync(pageLink is null ? null : ResolveCallerLink(pageLink, Domains), cancellationToken);

    /// <summary>
    /// Streams every excluded domain, following <c>_links.next</c> as the caller enumerates.
    /// Memory does not grow with the list (one page at a time, plus 16 bytes per page for loop detection).
    /// </summary>
    /// <param name="cancellationToken">Cancels the enumeration.</param>
    /// <returns>The domains, in the server's order.</returns>
    /// <exception cref="ExclusionApiException">
    /// The API returned an error, a page without its item array, or a <c>next</c> link that repeats a page
    /// already read (<c>pagination_loop</c>) or leaves the base address (<c>invalid_next_link</c>).
    /// </exception>
    public virtual IAsyncEnumerable<ExcludedDomain> ListExcludedDomainsAsync(CancellationToken cancellationToken = default)
        => ItemsOf(PageThrough(Domains, null, (url, ct) => FetchDomainPageAsync(url, ct), cancellationToken), cancellationToken);

    /// <summary>
    /// Streams the pages of excluded domains, resumable through each page's
    /// <see cref="AmplemarketPage{T}.ContinuationToken"/> (see <see cref="ListExcludedEmailPagesAsync"/>).
    /// </summary>
    /// <param name="continuationToken"><see langword="null"/> to start at the first page, or a page's <see cref="AmplemarketPage{T}.ContinuationToken"/>.</param>
    /// <param name="pageSize">Entries per page for the first request; <see langword="null"/> for <see cref="AmplemarketOptions.ListPageSize"/>.</param>
    /// <param name="cancellationToken">Cancels the enumeration.</param>
    /// <returns>The pages, in order.</returns>
    /// <exception cref="ArgumentException">The token is not a link into this list on the configured base address, or the size is out of range; thrown now.</exception>
    /// <exception cref="ExclusionApiException">As for <see cref="ListExcludedDomainsAsync"/>.</exception>
    public virtual IAsyncEnumerable<AmplemarketPage<ExcludedDomain>> ListExcludedDomainPagesAsync(string? continuationToken = null, int? pageSize = null, CancellationToken cancellationToken = default)
    {
        var start = continuationToken is null ? null : ResolveCallerLink(continuationToken, Domains, nameof(continuationToken));
        var size = PageSize(pageSize);
        return PageThrough(Domains, start, (url, ct) => FetchDomainPageAsync(url, size, ct), cancellationToken);
    }

    /// <summary>
    /// Adds domains to the exclusion list (<c>POST /excluded-domains</c>), in chunks of
    /// <see cref="AmplemarketOptions.BulkChunkSize"/>. Every domain is validated and normalized before
    /// anything is sent (lower-cased, punycode; a URL such as <c>https://www.acme.com/about</c> becomes
    /// its host); repeated domains are sent once and reported for each.
    /// </summary>
    /// <param name="domains">The domains; any number.</param>
    /// <param name="progress">Receives progress after each chunk, in input items.</param>
    /// <param name="cancellationToken">Stops between chunks; the result then says what already happened.</param>
    /// <returns>One outcome per input item, in input order (see <see cref="AddExcludedEmailsAsync"/>).</returns>
    /// <exception cref="ArgumentNullException"><paramref name="domains"/> is null.</exception>
    /// <exception cref="ArgumentException">A domain is empty or invalid (the message names it by index and value); nothing was sent.</exception>
    public virtual Task<BulkResult<string>> AddExcludedDomainsAsync(IEnumerable<string> domains, IProgress<BulkProgress>? progress = null, CancellationToken cancellationToken = default)
        => RunBulkAsync(domains, nameof(domains), Domains, AmplemarketBulkOperation.Add, (keys, ct) => _api.AddExcludedDomains(AmplemarketModelMapper.ToDomainsBody(keys), ct), progress, cancellationToken);

    /// <summary>
    /// Removes domains from the exclusion list (<c>DELETE /excluded-domains</c>), in chunks of
    /// <see cref="AmplemarketOptions.BulkChunkSize"/>, with the same validation, de-duplication and
    /// reporting as <see cref="AddExcludedDomainsAsync"/>.
    /// </summary>
    /// <param name="domains">The domains; any number.</param>
    /// <param name="progress">Receives progress after each chunk, in input items.</param>
    /// <param name="cancellationToken">Stops between chunks; the result then says what already happened.</param>
    /// <returns>One outcome per input item, in input order (see <see cref="RemoveExcludedEmailsAsync"/>).</returns>
    /// <exception cref="ArgumentNullException"><paramref name="domains"/> is null.</exception>
    /// <exception cref="ArgumentException">A domain is empty or invalid (the message names it by index and value); nothing was sent.</exception>
    public virtual Task<BulkResult<string>> RemoveExcludedDomainsAsync(IEnumerable<string> domains, IProgress<BulkProgress>? progress = null, CancellationToken cancellationToken = default)
        => RunBulkAsync(domains, nameof(domains), Domains, AmplemarketBulkOperation.Remove, (keys, ct) => _api.RemoveExcludedDomains(AmplemarketModelMapper.ToDomainsBody(keys), ct), progress, cancellationToken);

    // ---- Internals --------------------------------------------------------------------------

    private static ExclusionApiException UnusableResponse(string errorCode, string message)
        => new(message, new ExclusionApiErrorDetails(ExclusionProvider.Amplemarket, HttpStatusCode.OK) { ErrorCode = errorCode, Message = message });

    private Task<AmplemarketPage<ExcludedEmail>> FetchEmailPageAsync(Uri? pageUrl, CancellationToken cancellationToken)
        => FetchEmailPageAsync(pageUrl, _listPageSize, cancellationToken);

    private async Task<AmplemarketPage<ExcludedEmail>> FetchEmailPageAsync(Uri? pageUrl, int? size, CancellationToken cancellationToken)
    {
        using var response = pageUrl is null
            ? await _api.ListExcludedEmails(size, cancellationToken).ConfigureAwait(false)
            : await _api.ListExcludedEmailsAt(pageUrl, cancellationToken).ConfigureAwait(false);
        var dto = Responses.Value(response, out var raw);
        return AmplemarketModelMapper.ToPage(dto.ExcludedEmails, dto.Links, AmplemarketModelMapper.ToModel, raw)
            ?? throw MissingItems("excluded_emails");
    }

    private Task<AmplemarketPage<ExcludedDomain>> FetchDomainPageAsync(Uri? pageUrl, CancellationToken cancellationToken)
        => FetchDomainPageAsync(pageUrl, _listPageSize, cancellationToken);

    private async Task<AmplemarketPage<ExcludedDomain>> FetchDomainPageAsync(Uri? pageUrl, int? size, CancellationToken cancellationToken)
    {
        using var response = pageUrl is null
            ? await _api.ListExcludedDomains(size, cancellationToken).ConfigureAwait(false)
            : await _api.ListExcludedDomainsAt(pageUrl, cancellationToken).ConfigureAwait(false);
        var dto = Responses.Value(response, out var raw);
        return AmplemarketModelMapper.ToPage(dto.ExcludedDomains, dto.Links, AmplemarketModelMapper.ToModel, raw)
            ?? throw MissingItems("excluded_domains");
    }

    /// <summary>A page without its array is not "an empty list": reading it as one could hide items.</summary>
    private static ExclusionApiException MissingItems(string property)
        => UnusableResponse("unexpected_response", $"Amplemarket returned a list page without an '{property}' array or with a null item in it; stopping rather than treat it as empty or skip the item.");

    private Uri ResolveCallerLink(string pageLink, ListKind list, string paramName = "pageLink")
    {
        var url = AmplemarketPageLinks.Resolve(_baseAddress, pageLink);
        if (!url.AbsolutePath.TrimEnd('/').EndsWith(list.Path, StringComparison.OrdinalIgnoreCase))
        {
            throw new ArgumentException($"The page link '{pageLink}' does not point into {list.Path}.", paramName);
        }

        return url;
    }

    private int PageSize(int? pageSize)
    {
        if (pageSize is { } size && (size < 1 || size > AmplemarketOptions.MaxListPageSize))
        {
            throw new ArgumentOutOfRangeException(nameof(pageSize), size, $"Page size must be between 1 and {AmplemarketOptions.MaxListPageSize}.");
        }

        return pageSize ?? _listPageSize;
    }

    private static async IAsyncEnumerable<T> ItemsOf<T>(IAsyncEnumerable<AmplemarketPage<T>> pages, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var page in pages.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            foreach (var item in page.Items)
            {
                yield return item;
            }
        }
    }

    private async IAsyncEnumerable<AmplemarketPage<T>> PageThrough<T>(
        ListKind list,
        Uri? start,
        Func<Uri?, CancellationToken, Task<AmplemarketPage<T>>> fetch,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var seen = new AmplemarketPageLinks.LoopDetector();
        seen.TryVisit(start ?? AmplemarketPageLinks.Resolve(_baseAddress, list.Path));
        var pageUrl = start;
        while (true)
        {
            var page = await fetch(pageUrl, cancellationToken).ConfigureAwait(false);
            yield return page;

            if (page.NextPageLink is not { } next)
            {
                yield break;
            }

            try
            {
                pageUrl = AmplemarketPageLinks.Resolve(_baseAddress, next);
            }
            catch (ArgumentException ex)
            {
                throw UnusableResponse("invalid_next_link", $"Amplemarket returned a _links.next that cannot be followed: {ex.Message}");
            }

            if (!seen.TryVisit(pageUrl))
            {
                throw UnusableResponse(
                    "pagination_loop",
                    $"Amplemarket returned a _links.next ('{next}') that repeats a page already read after {seen.PagesSeen} page(s) of {list.Path}; stopping instead of looping forever. Items already returned are valid; the rest of the list was not read.");
            }
        }
    }

    private async Task<BulkResult<string>> RunBulkAsync(
        IEnumerable<string> values,
        string paramName,
        ListKind list,
        AmplemarketBulkOperation operation,
        Func<IReadOnlyList<string>, CancellationToken, Task<IApiResponse<Dictionary<string, JsonElement>>>> send,
        IProgress<BulkProgress>? progress,
        CancellationToken cancellationToken)
    {
        var plan = BulkPlan<string>.Create(values, paramName, list.KeyOf);
        var result = await ChunkedBulkRunner.RunAsync(
            plan,
            _bulkChunkSize,
            async (keys, ct) =>
            {
                Log.SendingChunk(Logger, operation, keys.Count, list.Noun);
                try
                {
                    using var response = await send(keys, ct).ConfigureAwait(false);
                    var statuses = Responses.Value(response, out var raw);
                    var outcomes = AmplemarketStatusMapper.MapChunk(operation, keys, statuses, list.NormalizeEcho, RequestReplay.WasReplayed(response));
                    for (var i = 0; i < outcomes.Length; i++)
                    {
                        outcomes[i] = outcomes[i].WithRawResponse(raw);
                    }

                    LogItems(operation, keys, outcomes);
                    return outcomes;
                }
                catch (ExclusionApiException ex)
                {
                    Log.ChunkFailed(Logger, operation, keys.Count, list.Noun, ((int)ex.StatusCode).ToString(CultureInfo.InvariantCulture), ex.ErrorCode);
                    throw;
                }
                catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
                {
                    // No response (network failure, timeout): the type says enough; the message may not be safe to log.
                    Log.ChunkFailed(Logger, operation, keys.Count, list.Noun, "no response", ex.GetType().Name);
                    throw;
                }
            },
            progress,
            cancellationToken).ConfigureAwait(false);

        Log.BulkFinished(Logger, operation, list.Noun, result.ToString());
        ExclusionsTelemetry.RecordOutcomes(ExclusionProvider.Amplemarket, operation == AmplemarketBulkOperation.Add ? "add" : "remove", result);
        return result;
    }

    private void LogItems(AmplemarketBulkOperation operation, IReadOnlyList<string> keys, ItemOutcome[] outcomes)
    {
        if (!Logger.IsEnabled(LogLevel.Debug))
        {
            return;
        }

        for (var i = 0; i < keys.Count; i++)
        {
            Log.ItemOutcome(Logger, operation, keys[i], outcomes[i].Kind, outcomes[i].VendorStatus);
        }
    }

    /// <summary>What differs between the two lists: the path and the one normalization of their values.</summary>
    private sealed record ListKind(string Path, string Noun, BulkKeySelector<string> KeyOf, Func<string, string?> NormalizeEcho);

    private static partial class Log
    {
        [LoggerMessage(EventId = 1201, Level = LogLevel.Debug, Message = "Amplemarket bulk {Operation}: sending {Count} {Kind} value(s)")]
        public static partial void SendingChunk(ILogger logger, AmplemarketBulkOperation operation, int count, string kind);

        // Values (e-mail addresses, domains) are personal data: Debug only.
        [LoggerMessage(EventId = 1202, Level = LogLevel.Debug, Message = "Amplemarket bulk {Operation} {Value}: {Outcome} ({VendorStatus})")]
        public static partial void ItemOutcome(ILogger logger, AmplemarketBulkOperation operation, string value, ItemOutcomeKind outcome, string? vendorStatus);

        // No exception message here: a vendor's detail may quote a submitted address.
        [LoggerMessage(EventId = 1203, Level = LogLevel.Warning, Message = "Amplemarket bulk {Operation} of {Count} {Kind} value(s) failed ({Status}, {Error}); those items are reported as Failed")]
        public static partial void ChunkFailed(ILogger logger, AmplemarketBulkOperation operation, int count, string kind, string status, string? error);

        [LoggerMessage(EventId = 1204, Level = LogLevel.Information, Message = "Amplemarket bulk {Operation} of {Kind} values finished: {Summary}")]
        public static partial void BulkFinished(ILogger logger, AmplemarketBulkOperation operation, string kind, string summary);
    }
}
