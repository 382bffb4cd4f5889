using System.Globalization;
using Exclusions.Client.Outbox.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Exclusions.Client.Outbox;

/// <summary>
/// Sends claimed outbox deliveries through the vendors' bulk calls (<see cref="IExclusionClient.AddAsync"/>
/// and <see cref="IExclusionClient.RemoveAsync"/>, so the clients' validation, rate limiter and retries
/// apply) and stores each delivery's outcome. <see cref="ExclusionOutboxDrainService"/> runs it in a
/// loop; call <see cref="DrainOnceAsync"/> yourself to drain from a scheduled job instead.
/// </summary>
public class ExclusionOutboxDrainer
{
    private readonly ExclusionOutbox _outbox = null!;
    private readonly IExclusionClient[] _clients = [];
    private readonly ILogger _logger = NullLogger.Instance;

    /// <summary>Creates a drainer.</summary>
    /// <param name="outbox">The outbox to drain.</param>
    /// <param name="clients">One client per vendor the outbox delivers to.</param>
    /// <param name="logger">Logs failures (counts and reasons; a target only at Debug).</param>
    /// <exception cref="ArgumentException">A vendor of the outbox has no client.</exception>
    public ExclusionOutboxDrainer(ExclusionOutbox outbox, IEnumerable<IExclusionClient> clients, ILogger<ExclusionOutboxDrainer>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(outbox);
        ArgumentNullException.ThrowIfNull(clients);
        _outbox = outbox;
        var all = clients.ToArray();
        _clients = outbox.Providers.Select(p => all.FirstOrDefault(c => c.Provider == p)
            ?? throw new ArgumentException($"The outbox delivers to {p} but no client for it is registered.", nameof(clients))).ToArray();
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        Owner = string.Create(CultureInfo.InvariantCulture, $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid():N}");
    }

    /// <summary>For mocking only.</summary>
    protected ExclusionOutboxDrainer()
    {
        Owner = string.Empty;
    }

    /// <summary>The lease owner written on claimed rows (machine, process and a random id).</summary>
    public string Owner { get; }

    internal IReadOnlyList<IExclusionClient> Clients => _clients;

    /// <summary>Claims and sends one batch per vendor (vendors concurrently), and stores every outcome.</summary>
    /// <param name="cancellationToken">Stops sending; deliveries not attempted are released, not counted.</param>
    /// <returns>What happened.</returns>
    public virtual async Task<OutboxDrainResult> DrainOnceAsync(CancellationToken cancellationToken = default)
    {
        var results = await Task.WhenAll(_clients.Select(c => DrainBatchAsync(c, cancellationToken))).ConfigureAwait(false);
        return results.Aggregate(OutboxDrainResult.Empty, (a, b) => a.Plus(b));
    }

    /// <summary>Drains until nothing is due (for tests and one-shot jobs).</summary>
    /// <param name="cancellationToken">Stops draining.</param>
    /// <returns>The sum of every pass.</returns>
    public virtual async Task<OutboxDrainResult> DrainDueAsync(CancellationToken cancellationToken = default)
    {
        var total = OutboxDrainResult.Empty;
        while (true)
        {
            var pass = await DrainOnceAsync(cancellationToken).ConfigureAwait(false);
            total = total.Plus(pass);
            if (pass.Claimed == 0)
            {
                return total;
            }
        }
    }

    /// <summary>One batch for one vendor.</summary>
    internal async Task<OutboxDrainResult> DrainBatchAsync(IExclusionClient client, CancellationToken cancellationToken)
    {
        var options = _outbox.Options;
        var time = _outbox.Time;
        var now = time.GetUtcNow();
        var claimed = await _outbox.Store.ClaimAsync(client.Provider.Name, options.BatchSize, Owner, now.ToUnixTimeMilliseconds(), (now + options.LeaseDuration).ToUnixTimeMilliseconds(), cancellationToken).ConfigureAwait(false);
        if (claimed.Count == 0)
        {
            return OutboxDrainResult.Empty;
        }

        // Stop sending well before the lease lapses, so that no other worker can claim what this one still sends.
        using var leaseEnds = new CancellationTokenSource(options.LeaseDuration * 0.8, time);
        using var sending = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, leaseEnds.Token);

        var outcomes = new Dictionary<long, DeliveryResult>();
        var adds = new List<(ClaimedDelivery Row, ExclusionRequest Request)>();
        var removes = new List<(ClaimedDelivery Row, ExclusionTarget Target)>();
        foreach (var row in claimed)
        {
            if (!ExclusionTarget.TryCreate(row.TargetType, row.TargetValue, out var target, out var invalid))
            {
                outcomes[row.Id] = Dead(row, "Invalid target: " + invalid);
                continue;
            }

            if (row.Operation == OutboxOperation.Remove)
            {
                removes.Add((row, target));
                continue;
            }

            DateTimeOffset? until = row.UntilMs is { } ms ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : null;
            if (until <= now)
            {
                outcomes[row.Id] = Dead(row, string.Create(CultureInfo.InvariantCulture, $"Until ({until:O}) passed before the opt-out could be delivered; the exclusion would never be in force."));
                continue;
            }

            adds.Add((row, new ExclusionRequest(target, row.Reason is null ? (ExclusionReason?)null : new ExclusionReason(row.Reason), row.Message, until)));
        }

        var notAttempted = new List<long>();
        await Task.WhenAll(
            SendAsync(adds, rows => client.AddAsync(rows.Select(r => r.Request).ToArray(), null, sending.Token), r => r.Row),
            SendAsync(removes, rows => client.RemoveAsync(rows.Select(r => r.Target).ToArray(), null, sending.Token), r => r.Row)).ConfigureAwait(false);

        var after = time.GetUtcNow();
        var results = outcomes.Values.ToList();
        var lost = await _outbox.Store.CompleteAsync(results, Owner, after.ToUnixTimeMilliseconds(), CancellationToken.None).ConfigureAwait(false);
        if (notAttempted.Count > 0)
        {
            await _outbox.Store.ReleaseAsync(notAttempted, Owner, CancellationToken.None).ConfigureAwait(false);
        }

        if (lost.Count > 0)
        {
            // This worker stalled past its lease and another one claimed these: their stored outcome will be
            // that worker's, so they count as neither delivered nor retrying here.
            var lostIds = lost.ToHashSet();
            results.RemoveAll(r => lostIds.Contains(r.Id));
            OutboxLog.LeaseLost(_logger, client.Provider.Name, lost.Count, options.LeaseDuration);
        }

        var delivered = results.Count(r => r.State == DeliveryState.Delivered);
        var dead = results.Count(r => r.State == DeliveryState.DeadLettered);
        var retrying = results.Count - delivered - dead;
        Record(client.Provider, claimed, results, lost.Count, after);
        if (delivered > 0)
        {
            // Deliveries just finished may have been holding back later ones of the same targets.
            _outbox.Wake();
        }

        if (dead > 0 || retrying > 0)
        {
            OutboxLog.BatchProblems(_logger, client.Provider.Name, claimed.Count, delivered, retrying, dead);
        }

        return new OutboxDrainResult(claimed.Count, delivered, retrying, dead) { LeaseLost = lost.Count };

        async Task SendAsync<TItem, TInput>(List<TItem> items, Func<IReadOnlyList<TItem>, Task<BulkResult<TInput>>> send, Func<TItem, ClaimedDelivery> rowOf)
        {
            if (items.Count == 0)
            {
                return;
            }

            BulkResult<TInput> result;
            try
            {
                result = await send(items).ConfigureAwait(false);
            }
            catch (ArgumentException) when (items.Count > 1)
            {
                // A vendor rule refused the whole call: send one by one so that only the bad items are dead-lettered.
                foreach (var item in items)
                {
                    await SendAsync([item], send, rowOf).ConfigureAwait(false);
                }

                return;
            }
            catch (ArgumentException e)
            {
                outcomes[rowOf(items[0]).Id] = Dead(rowOf(items[0]), "Refused by the client's validation: " + e.Message);
                return;
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                notAttempted.AddRange(items.Select(i => rowOf(i).Id));
                return;
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                foreach (var item in items)
                {
                    outcomes[rowOf(item).Id] = Retry(rowOf(item), Describe(e));
                }

                return;
            }

            for (var i = 0; i < items.Count; i++)
            {
                var row = rowOf(items[i]);
                var outcome = result.Items[i].Outcome;
                if (outcome.IsSuccess)
                {
                    outcomes[row.Id] = new DeliveryResult(row.Id, DeliveryState.Delivered, outcome.Kind.ToString(), null);
                }
                else if (outcome.Kind == ItemOutcomeKind.Unsupported)
                {
                    outcomes[row.Id] = Dead(row, "Unsupported: " + (outcome.Detail ?? outcome.VendorStatus ?? "the vendor cannot do this"));
                }
                else if (outcome.Exception is OperationCanceledException && cancellationToken.IsCancellationRequested)
                {
                    notAttempted.Add(row.Id);
                }
                else if (outcome.Exception is ExclusionValidationException validation)
                {
                    outcomes[row.Id] = Dead(row, "Refused by the vendor's validation: " + validation.Message);
                }
                else
                {
                    outcomes[row.Id] = Retry(row, outcome.Exception is { } e ? Describe(e) : outcome.ToString());
                }
            }
        }

        DeliveryResult Retry(ClaimedDelivery row, string error)
        {
            var attempts = row.Attempts + 1;
            if (attempts >= options.MaxAttempts)
            {
                return Dead(row, string.Create(CultureInfo.InvariantCulture, $"Gave up after {attempts} attempts; last error: {error}"));
            }

            return new DeliveryResult(row.Id, DeliveryState.Pending, null, error, (time.GetUtcNow() + Backoff(row.Attempts, options)).ToUnixTimeMilliseconds());
        }

        static DeliveryResult Dead(ClaimedDelivery row, string reason) => new(row.Id, DeliveryState.DeadLettered, null, reason);
    }

    /// <summary>The wait before attempt <c>priorAttempts + 2</c>: the base doubled per failure, capped, plus up to 20 % jitter.</summary>
    internal static TimeSpan Backoff(int priorAttempts, ExclusionOutboxOptions options)
    {
        var exponent = Math.Min(priorAttempts, 30);
        var delay = TimeSpan.FromTicks((long)Math.Min(options.RetryMaxDelay.Ticks, options.RetryBaseDelay.Ticks * Math.Pow(2, exponent)));
        return delay + (delay * (Random.Shared.NextDouble() * 0.2));
    }

    private static string Describe(Exception e) => $"{e.GetType().Name}: {e.Message}";

    private void Record(ExclusionProvider provider, IReadOnlyList<ClaimedDelivery> claimed, List<DeliveryResult> results, int leaseLost, DateTimeOffset now)
    {
        var tag = OutboxTelemetry.ProviderTag(provider);
        if (leaseLost > 0)
        {
            OutboxTelemetry.Deliveries.Add(leaseLost, tag, new KeyValuePair<string, object?>("result", "lease_lost"));
        }

        foreach (var group in results.GroupBy(r => r.State))
        {
            var name = group.Key switch
            {
                DeliveryState.Delivered => "delivered",
                DeliveryState.DeadLettered => "dead_lettered",
                _ => "retry",
            };
            OutboxTelemetry.Deliveries.Add(group.Count(), tag, new KeyValuePair<string, object?>("result", name));
        }

        if (OutboxTelemetry.DeliveryLag.Enabled)
        {
            var enqueued = claimed.ToDictionary(c => c.Id, c => c.EnqueuedAtMs);
            foreach (var result in results.Where(r => r.State == DeliveryState.Delivered))
            {
                OutboxTelemetry.DeliveryLag.Record((now.ToUnixTimeMilliseconds() - enqueued[result.Id]) / 1000.0, tag);
            }
        }

        if (_logger.IsEnabled(LogLevel.Debug))
        {
            var rows = claimed.ToDictionary(c => c.Id);
            foreach (var result in results)
            {
                var row = rows[result.Id];
                OutboxLog.DeliveryResult(_logger, provider.Name, row.Operation, OutboxStore.TypeName(row.TargetType) + ":" + row.TargetValue, result.State.ToString(), result.Outcome ?? result.Error);
            }
        }
    }
}
