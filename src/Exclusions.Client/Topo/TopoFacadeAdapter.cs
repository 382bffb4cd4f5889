using Exclusions.Client.Diagnostics;
using System.Runtime.CompilerServices;
using Exclusions.Client.Internal;
using Exclusions.Client.Resilience;

namespace Exclusions.Client.Topo;

/// <summary>
/// <see cref="IExclusionClient"/> over <see cref="TopoExclusionsClient"/>. Mapping rules:
/// e-mail and LinkedIn targets are contact exclusions, domains are account exclusions; a bulk add is
/// concurrent single creates where 409 means <see cref="ItemOutcomeKind.AlreadyExcluded"/>; a remove is an
/// exact-match lookup, then DELETE by id (no match → <see cref="ItemOutcomeKind.NotFound"/>, 422 for a
/// CRM-synced record → <see cref="ItemOutcomeKind.Unsupported"/>).
/// </summary>
internal sealed class TopoFacadeAdapter(TopoExclusionsClient client, int concurrency, bool adaptive, ExclusionReason defaultReason, TimeProvider? timeProvider = null)
    : FacadeAdapter(ExclusionProvider.Topo, TopoCapabilities, timeProvider)
{
    private static readonly ExclusionCapabilities TopoCapabilities = new([ExclusionTargetType.Email, ExclusionTargetType.LinkedInUrl, ExclusionTargetType.Domain])
    {
        SupportsExpiry = true,
        SupportsReasons = true,
        SupportsMessages = true,
        HasIds = true,
        SupportsServerSideFilters = true,
        SupportsBulkWrites = false,
    };

    private readonly TopoExclusionsClient _client = client;
    private readonly int _concurrency = concurrency;
    private readonly bool _adaptive = adaptive;
    private readonly ExclusionReason _defaultReason = defaultReason;

    /// <summary>The limiter of the latest bulk call (tests and benchmarks read its figures).</summary>
    internal AdaptiveConcurrencyLimiter? LastLimiter { get; private set; }

    private AdaptiveConcurrencyLimiter NewLimiter() => LastLimiter = new AdaptiveConcurrencyLimiter(_concurrency, _adaptive);

    protected override PreparedBulk<ExclusionRequest> SendAdd(BulkPlan<ExclusionRequest> plan)
        => (progress, ct) => Recorded("add", ConcurrentBulkRunner.RunAsync(plan, NewLimiter(), (k, c) => AddOneAsync(plan.FirstInputFor(k), c), progress, ct));

    protected override PreparedBulk<ExclusionTarget> SendRemove(BulkPlan<ExclusionTarget> plan)
        => (progress, ct) => Recorded("remove", ConcurrentBulkRunner.RunAsync(plan, NewLimiter(), (k, c) => RemoveOneAsync(plan.FirstInputFor(k), c), progress, ct));

    private static async Task<BulkResult<T>> Recorded<T>(string operation, Task<BulkResult<T>> call)
    {
        var result = await call.ConfigureAwait(false);
        ExclusionsTelemetry.RecordOutcomes(ExclusionProvider.Topo, operation, result);
        return result;
    }

    public override async Task<Exclusion?> FindAsync(ExclusionTarget target, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(target);
        Exclusion? found = null;
        await foreach (var exclusion in ListAsync(new ExclusionQuery { Target = target }, cancellationToken).ConfigureAwait(false))
        {
            if (exclusion.IsActive(Time.GetUtcNow()))
            {
                return exclusion;
            }

            found ??= exclusion;
        }

        return found;
    }

    protected override async IAsyncEnumerable<Exclusion> ListCore(ExclusionQuery query, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (query.Includes(ExclusionTargetType.Email) || query.Includes(ExclusionTargetType.LinkedInUrl))
        {
            var contactQuery = new ContactExclusionQuery
            {
                Email = query.Target?.Type == ExclusionTargetType.Email ? query.Target.Value : null,
                LinkedInUrl = query.Target?.Type == ExclusionTargetType.LinkedInUrl ? query.Target.Value : null,
                Reason = query.Reason,
                CreatedAfter = query.CreatedAfter,
                CreatedBefore = query.CreatedBefore,
            };
            await foreach (var contact in _client.ListContactExclusionsAsync(contactQuery, cancellationToken).ConfigureAwait(false))
            {
                // A contact with both an e-mail and a LinkedIn URL blocks both: one Exclusion per target.
                if (contact.Email is not null && query.Includes(ExclusionTargetType.Email))
                {
                    yield return ToExclusion(contact, Target(ExclusionTargetType.Email, contact.Email));
                }

                if (contact.LinkedInUrl is not null && query.Includes(ExclusionTargetType.LinkedInUrl))
                {
                    yield return ToExclusion(contact, Target(ExclusionTargetType.LinkedInUrl, contact.LinkedInUrl));
                }
            }
        }

        if (query.Includes(ExclusionTargetType.Domain))
        {
            var accountQuery = new AccountExclusionQuery
            {
                Reason = query.Reason,
                CreatedAfter = query.CreatedAfter,
                CreatedBefore = query.CreatedBefore,
            };
            if (query.Target is not { Type: ExclusionTargetType.Domain } wanted)
            {
                await foreach (var account in _client.ListAccountExclusionsAsync(accountQuery, cancellationToken).ConfigureAwait(false))
                {
                    if (account.Domain is not null)
                    {
                        yield return ToExclusion(account);
                    }
                }

                yield break;
            }

            // A domain X is also held as www.X by records added before the www. rule (or by another tool): such a
            // record covers X (docs/normalization.md), so a lookup, a targeted check and a remove must meet it.
            // Topo's filter is an exact match: ask for both forms.
            var key = ValueNormalizer.MatchKeyOfDomain(wanted.Value);
            var seen = new HashSet<Guid>();
            accountQuery.Domain = key;
            await foreach (var account in _client.ListAccountExclusionsAsync(accountQuery, cancellationToken).ConfigureAwait(false))
            {
                if (account.Domain is not null && seen.Add(account.Id))
                {
                    yield return ToExclusion(account);
                }
            }

            if (ValueNormalizer.TryNormalizeStoredDomain("www." + key, out var held, out _))
            {
                accountQuery.Domain = null;
                await foreach (var account in _client.ListAccountExclusionsHeldAsAsync(held, accountQuery, cancellationToken).ConfigureAwait(false))
                {
                    if (account.Domain is not null && seen.Add(account.Id) && ExclusionQuery.SameTarget(wanted, Target(ExclusionTargetType.Domain, account.Domain)))
                    {
                        yield return ToExclusion(account);
                    }
                }
            }
        }
    }

    private static Exclusion ToExclusion(AccountExclusion account) => new(ExclusionProvider.Topo, Target(ExclusionTargetType.Domain, account.Domain!))
    {
        Id = account.Id.ToString(),
        Reason = account.Reason,
        Message = account.Message,
        Until = account.Until,
        CreatedAt = account.CreatedAt,
        UpdatedAt = account.UpdatedAt,
    };

    private static Exclusion ToExclusion(ContactExclusion contact, ExclusionTarget target) => new(ExclusionProvider.Topo, target)
    {
        Id = contact.Id.ToString(),
        Reason = contact.Reason,
        Message = contact.Message,
        Until = contact.Until,
        CreatedAt = contact.CreatedAt,
        UpdatedAt = contact.UpdatedAt,
    };

    /// <summary>A server value that our validation would reject is still an exclusion: keep it, never drop it.</summary>
    private static ExclusionTarget Target(ExclusionTargetType type, string value)
        => ExclusionTarget.FromVendor(type, value);

    private async Task<ItemOutcome> AddOneAsync(ExclusionRequest request, CancellationToken cancellationToken)
    {
        var reason = request.Reason ?? _defaultReason;
        using var capture = ExclusionResponseCapture.Start();
        try
        {
            if (request.Target.Type == ExclusionTargetType.Domain)
            {
                await _client.CreateAccountExclusionAsync(
                    new CreateAccountExclusionRequest { Domain = request.Target.Value, Reason = reason, Message = request.Message, Until = request.Until },
                    cancellationToken).ConfigureAwait(false);
            }
            else
            {
                await _client.CreateContactExclusionAsync(
                    new CreateContactExclusionRequest
                    {
                        Email = request.Target.Type == ExclusionTargetType.Email ? request.Target.Value : null,
                        LinkedInUrl = request.Target.Type == ExclusionTargetType.LinkedInUrl ? request.Target.Value : null,
                        Reason = reason,
                        Message = request.Message,
                        Until = request.Until,
                    },
                    cancellationToken).ConfigureAwait(false);
            }

            return new ItemOutcome(ItemOutcomeKind.Added, rawResponse: capture.Last);
        }
        catch (ExclusionConflictException ex)
        {
            return new ItemOutcome(ItemOutcomeKind.AlreadyExcluded, "An active exclusion already exists (409).", ex.ErrorCode, rawResponse: capture.Last);
        }
        catch (ArgumentException ex)
        {
            // E.g. an expiry already in the past: this item cannot be sent, the others go on.
            return new ItemOutcome(ItemOutcomeKind.Failed, ex.Message, null, ex);
        }
    }

    private async Task<ItemOutcome> RemoveOneAsync(ExclusionTarget target, CancellationToken cancellationToken)
    {
        using var capture = ExclusionResponseCapture.Start();
        var ids = new List<(Guid Id, bool Account)>();
        await foreach (var exclusion in ListAsync(new ExclusionQuery { Target = target }, cancellationToken).ConfigureAwait(false))
        {
            if (Guid.TryParse(exclusion.Id, out var id))
            {
                ids.Add((id, target.Type == ExclusionTargetType.Domain));
            }
        }

        if (ids.Count == 0)
        {
            return new ItemOutcome(ItemOutcomeKind.NotFound, "No exclusion matches this target exactly.", rawResponse: capture.Last);
        }

        var removed = 0;
        ExclusionValidationException? crmManaged = null;
        foreach (var (id, account) in ids)
        {
            try
            {
                if (account)
                {
                    await _client.DeleteAccountExclusionAsync(id, cancellationToken).ConfigureAwait(false);
                }
                else
                {
                    await _client.DeleteContactExclusionAsync(id, cancellationToken).ConfigureAwait(false);
                }

                removed++;
            }
            catch (ExclusionNotFoundException)
            {
                // Deleted meanwhile (or by this call's own lost-response attempt): the target is gone either way.
                removed++;
            }
            catch (ExclusionValidationException ex) when ((int)ex.StatusCode == 422)
            {
                crmManaged = ex;
            }
        }

        if (crmManaged is not null)
        {
            return new ItemOutcome(
                ItemOutcomeKind.Unsupported,
                removed > 0 ? $"Removed {removed} record(s); another is synced from a CRM and cannot be removed through the API." : "Synced from a CRM: cannot be removed through the API.",
                crmManaged.ErrorCode,
                crmManaged,
                capture.Last);
        }

        return new ItemOutcome(ItemOutcomeKind.Removed, rawResponse: capture.Last);
    }
}
