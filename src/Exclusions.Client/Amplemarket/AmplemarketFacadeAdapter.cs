using Exclusions.Client.Diagnostics;
using System.Runtime.CompilerServices;

namespace Exclusions.Client.Amplemarket;

/// <summary>
/// <see cref="IExclusionClient"/> over <see cref="AmplemarketExclusionsClient"/>. Mapping rules:
/// e-mails and domains go to their bulk endpoints (per-item statuses mapped by
/// <c>AmplemarketStatusMapper</c>); LinkedIn targets and requests with an expiry are
/// <see cref="ItemOutcomeKind.Unsupported"/> without a request (Amplemarket stores neither, and its
/// exclusions cannot expire); reasons and messages are not sent (it has nowhere to keep them).
/// Amplemarket has no list filters: queries are applied to a full listing, locally.
/// </summary>
internal sealed class AmplemarketFacadeAdapter(AmplemarketExclusionsClient client, TimeProvider? timeProvider = null)
    : FacadeAdapter(ExclusionProvider.Amplemarket, AmplemarketCapabilities, timeProvider)
{
    private static readonly ExclusionCapabilities AmplemarketCapabilities = new([ExclusionTargetType.Email, ExclusionTargetType.Domain])
    {
        SupportsExpiry = false,
        SupportsReasons = false,
        SupportsMessages = false,
        HasIds = false,
        SupportsServerSideFilters = false,
        SupportsBulkWrites = true,
    };

    private readonly AmplemarketExclusionsClient _client = client;

    // A past Until is bad input on every vendor (FacadeAdapter.PrepareAdd); a future one is a request Amplemarket cannot keep.
    protected override PreparedBulk<ExclusionRequest> SendAdd(BulkPlan<ExclusionRequest> plan)
        => Prepare(
            plan,
            r => r.Target,
            r => r.Until is not null ? "Amplemarket exclusions cannot expire; a request with Until is not sent." : null,
            "add",
            _client.AddExcludedEmailsAsync,
            _client.AddExcludedDomainsAsync);

    protected override PreparedBulk<ExclusionTarget> SendRemove(BulkPlan<ExclusionTarget> plan)
        => Prepare(
            plan,
            t => t,
            _ => null,
            "remove",
            _client.RemoveExcludedEmailsAsync,
            _client.RemoveExcludedDomainsAsync);

    public override async Task<Exclusion?> FindAsync(ExclusionTarget target, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(target);
        if (!Capabilities.Supports(target.Type))
        {
            return null;
        }

        await foreach (var exclusion in ListAsync(new ExclusionQuery { Target = target }, cancellationToken).ConfigureAwait(false))
        {
            return exclusion;
        }

        return null;
    }

    protected override async IAsyncEnumerable<Exclusion> ListCore(ExclusionQuery query, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (query.Includes(ExclusionTargetType.Email))
        {
            await foreach (var email in _client.ListExcludedEmailsAsync(cancellationToken).ConfigureAwait(false))
            {
                if (email.Email is not null && ToExclusion(ExclusionTargetType.Email, email.Email, email.Source, email.ExcludedReason, email.DateAdded) is { } e && query.Matches(e))
                {
                    yield return e;
                }
            }
        }

        if (query.Includes(ExclusionTargetType.Domain))
        {
            await foreach (var domain in _client.ListExcludedDomainsAsync(cancellationToken).ConfigureAwait(false))
            {
                if (domain.Domain is not null && ToExclusion(ExclusionTargetType.Domain, domain.Domain, domain.Source, domain.ExcludedReason, domain.DateAdded) is { } e && query.Matches(e))
                {
                    yield return e;
                }
            }
        }
    }

    private static Exclusion ToExclusion(ExclusionTargetType type, string value, string? source, string? reason, DateTimeOffset? dateAdded)
    {
        var target = ExclusionTarget.FromVendor(type, value);
        return new Exclusion(ExclusionProvider.Amplemarket, target)
        {
            Source = source,

            // Vendor text such as "api" or "manual", not a reason code (docs/vendor-behaviour.md#amplemarket-exclusion-objects).
            VendorReason = string.IsNullOrWhiteSpace(reason) ? null : reason,
            CreatedAt = dateAdded,
        };
    }

    /// <summary>
    /// Splits one facade call into the e-mail call and the domain call, answers what Amplemarket cannot
    /// represent without a request, and joins every outcome back to its input, in input order.
    /// </summary>
    private static PreparedBulk<TInput> Prepare<TInput>(
        BulkPlan<TInput> plan,
        Func<TInput, ExclusionTarget> targetOf,
        Func<TInput, string?> unsupportedReason,
        string operation,
        Func<IEnumerable<string>, IProgress<BulkProgress>?, CancellationToken, Task<BulkResult<string>>> sendEmails,
        Func<IEnumerable<string>, IProgress<BulkProgress>?, CancellationToken, Task<BulkResult<string>>> sendDomains)
        where TInput : class
        => (progress, cancellationToken) => RunAsync(plan, targetOf, unsupportedReason, operation, sendEmails, sendDomains, progress, cancellationToken);

    private static async Task<BulkResult<TInput>> RunAsync<TInput>(
        BulkPlan<TInput> plan,
        Func<TInput, ExclusionTarget> targetOf,
        Func<TInput, string?> unsupportedReason,
        string operation,
        Func<IEnumerable<string>, IProgress<BulkProgress>?, CancellationToken, Task<BulkResult<string>>> sendEmails,
        Func<IEnumerable<string>, IProgress<BulkProgress>?, CancellationToken, Task<BulkResult<string>>> sendDomains,
        IProgress<BulkProgress>? progress,
        CancellationToken cancellationToken)
        where TInput : class
    {
        var outcomes = new ItemOutcome?[plan.Keys.Count];
        var emailKeys = new List<int>();
        var domainKeys = new List<int>();
        var doneInputs = 0;
        for (var k = 0; k < plan.Keys.Count; k++)
        {
            var input = plan.FirstInputFor(k);
            var target = targetOf(input);
            if (target.Type == ExclusionTargetType.LinkedInUrl)
            {
                outcomes[k] = new ItemOutcome(ItemOutcomeKind.Unsupported, "Amplemarket cannot exclude LinkedIn URLs.");
                doneInputs += plan.InputsFor(k);
            }
            else if (unsupportedReason(input) is { } why)
            {
                outcomes[k] = new ItemOutcome(ItemOutcomeKind.Unsupported, why);
                doneInputs += plan.InputsFor(k);
            }
            else
            {
                (target.Type == ExclusionTargetType.Email ? emailKeys : domainKeys).Add(k);
            }
        }

        if (doneInputs > 0)
        {
            // Items answered here never reach the typed client, which counts the others.
            ExclusionsTelemetry.RecordOutcome(ExclusionProvider.Amplemarket, operation, ItemOutcomeKind.Unsupported, doneInputs);
            progress?.Report(new BulkProgress(doneInputs, plan.InputCount));
        }

        var cancelled = false;
        foreach (var (keys, send) in new[] { (emailKeys, sendEmails), (domainKeys, sendDomains) })
        {
            if (keys.Count == 0)
            {
                continue;
            }

            var values = keys.Select(k => targetOf(plan.FirstInputFor(k)).Value).ToArray();
            var offset = doneInputs;
            var inner = progress is null ? null : new InputProgress<TInput>(plan, keys, offset, progress);
            var result = await send(values, inner, cancellationToken).ConfigureAwait(false);
            for (var i = 0; i < keys.Count; i++)
            {
                outcomes[keys[i]] = result.Items[i].Outcome;
                doneInputs += plan.InputsFor(keys[i]);
            }

            cancelled |= result.WasCancelled;
        }

        return plan.ToResult(outcomes, cancelled);
    }

    /// <summary>Translates a vendor call's progress (in de-duplicated values) into the facade's input items.</summary>
    private sealed class InputProgress<TInput>(BulkPlan<TInput> plan, List<int> keys, int offset, IProgress<BulkProgress> outer) : IProgress<BulkProgress>
    {
        public void Report(BulkProgress value)
        {
            var done = offset;
            for (var i = 0; i < value.Completed && i < keys.Count; i++)
            {
                done += plan.InputsFor(keys[i]);
            }

            outer.Report(new BulkProgress(done, plan.InputCount));
        }
    }
}
