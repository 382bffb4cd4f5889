using System.Data.Common;
using System.Globalization;
using System.Text;
using Exclusions.Client.Outbox.Storage;

namespace Exclusions.Client.Outbox;

/// <summary>
/// The outbox over its store (SQLite or PostgreSQL). Resolve <see cref="IExclusionOutbox"/> from DI
/// (<c>AddExclusionOutbox</c>), or create one directly, e.g. in a tool that inspects a store.
/// </summary>
public class ExclusionOutbox : IExclusionOutbox, IAsyncDisposable
{
    private const int MaxErrorsInMessage = 10;
    private readonly OutboxStore _store = null!;
    private readonly ExclusionProvider[] _providers = [];
    private readonly TimeProvider _time = TimeProvider.System;
    private readonly SemaphoreSlim _wake = new(0, int.MaxValue);

    /// <summary>Opens (and creates or migrates on first use) the store the options name.</summary>
    /// <param name="options">Store and drain settings.</param>
    /// <param name="providers">The vendors each item goes to; <see langword="null"/> or empty for <see cref="ExclusionOutboxOptions.Providers"/>.</param>
    /// <param name="timeProvider">The clock for enqueue times, retries and ages; <see langword="null"/> for the system clock.</param>
    /// <exception cref="ArgumentException">The options are invalid.</exception>
    public ExclusionOutbox(ExclusionOutboxOptions options, IEnumerable<ExclusionProvider>? providers = null, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = options.Validate();
        if (errors.Count > 0)
        {
            throw new ArgumentException("Invalid outbox options: " + string.Join(" ", errors), nameof(options));
        }

        Options = options;
        var chosen = providers?.Distinct().ToArray() ?? [];
        _providers = chosen.Length > 0 ? chosen : options.Providers.Distinct().ToArray();
        _time = timeProvider ?? TimeProvider.System;
        _store = options.Store == OutboxStoreKind.Sqlite
            ? new SqliteOutboxStore(options.SqlitePath, options.CreateStoreIfMissing)
            : new PostgresOutboxStore(options.PostgresConnectionString!, options.DescribeStore(), options.CreateStoreIfMissing);
        OutboxTelemetry.Track(this);
    }

    /// <summary>For mocking only.</summary>
    protected ExclusionOutbox()
    {
        Options = new ExclusionOutboxOptions();
    }

    /// <summary>The settings.</summary>
    public ExclusionOutboxOptions Options { get; }

    /// <inheritdoc />
    public virtual IReadOnlyList<ExclusionProvider> Providers => _providers;

    /// <summary>The store for messages: the SQLite file, or PostgreSQL host and database.</summary>
    public virtual string StoreDescription => _store.Description;

    internal OutboxStore Store => _store;

    internal TimeProvider Time => _time;

    /// <summary>The status the drain last saw (for the metrics' gauges).</summary>
    internal OutboxStatus? LastStatus { get; set; }

    /// <summary>Creates or migrates the store's schema now (otherwise done on first use).</summary>
    /// <param name="cancellationToken">Cancels the migration.</param>
    /// <returns>A task that completes when the schema is current.</returns>
    /// <exception cref="ExclusionOutboxStoreException">The store cannot be read (e.g. a corrupted file) or is newer than this package.</exception>
    public virtual Task InitializeAsync(CancellationToken cancellationToken = default) => _store.EnsureSchemaAsync(cancellationToken);

    /// <inheritdoc />
    public virtual Task EnqueueAsync(IEnumerable<OutboxItem> items, CancellationToken cancellationToken = default)
        => EnqueueCoreAsync(items, null, cancellationToken);

    /// <inheritdoc />
    public virtual Task EnqueueInTransactionAsync(IEnumerable<OutboxItem> items, DbTransaction transaction, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        return EnqueueCoreAsync(items, transaction, cancellationToken);
    }

    private async Task EnqueueCoreAsync(IEnumerable<OutboxItem> items, DbTransaction? transaction, CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        var valid = Validate(items, now);
        if (_providers.Length == 0)
        {
            throw new InvalidOperationException("The outbox has no vendor to deliver to: register a vendor client (AddTopoExclusions / AddAmplemarketExclusions) or set ExclusionOutboxOptions.Providers.");
        }

        if (valid.Length == 0)
        {
            return;
        }

        var deliveries = new List<NewDelivery>(valid.Length * _providers.Length);
        foreach (var item in valid)
        {
            foreach (var provider in _providers)
            {
                deliveries.Add(new NewDelivery(
                    provider.Name,
                    item.Operation,
                    item.Target.Type,
                    item.Target.Value,
                    item.Request?.Reason is { } reason ? reason.Value : null,
                    item.Request?.Message,
                    item.Request?.Until?.ToUnixTimeMilliseconds()));
            }
        }

        await _store.InsertAsync(deliveries, now.ToUnixTimeMilliseconds(), transaction, cancellationToken).ConfigureAwait(false);
        OutboxTelemetry.Enqueued.Add(valid.Length);
        if (transaction is null)
        {
            Wake();
        }
    }

    /// <summary>
    /// The clients' rules, applied before anything is written: no null item, and an expiry
    /// (<see cref="ExclusionRequest.Until"/>) in the future. Targets are valid by construction
    /// (<see cref="ExclusionTarget"/> is the SDK's one normalization policy).
    /// </summary>
    internal static OutboxItem[] Validate(IEnumerable<OutboxItem> items, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(items);
        var array = items.ToArray();
        var errors = new List<string>();
        var invalid = 0;
        for (var i = 0; i < array.Length; i++)
        {
            var error = array[i] switch
            {
                null => "the item is null",
                { Request.Until: { } until } when until <= now => string.Create(CultureInfo.InvariantCulture, $"Until ({until:O}) is not in the future; the exclusion would never be in force"),
                _ => null,
            };
            if (error is null)
            {
                continue;
            }

            invalid++;
            if (errors.Count < MaxErrorsInMessage)
            {
                errors.Add(string.Create(CultureInfo.InvariantCulture, $"item [{i}] {(array[i] is null ? "(null)" : "'" + array[i] + "'")}: {error}"));
            }
        }

        if (invalid > 0)
        {
            var message = new StringBuilder()
                .Append(CultureInfo.InvariantCulture, $"{invalid} of {array.Length} items {(invalid == 1 ? "is" : "are")} invalid; nothing was enqueued. ")
                .AppendJoin("; ", errors);
            if (invalid > errors.Count)
            {
                message.Append(CultureInfo.InvariantCulture, $"; and {invalid - errors.Count} more");
            }

            throw new ArgumentException(message.ToString(), nameof(items));
        }

        return array;
    }

    /// <inheritdoc />
    public virtual async Task<OutboxStatus> GetStatusAsync(CancellationToken cancellationToken = default)
    {
        var counts = await _store.CountAsync(cancellationToken).ConfigureAwait(false);
        var providers = counts.Select(c => c.Provider).Union(_providers.Select(p => p.Name)).Order(StringComparer.Ordinal)
            .Select(name => new OutboxProviderStatus(
                new ExclusionProvider(name),
                Sum(name, DeliveryState.Pending),
                Sum(name, DeliveryState.Delivered),
                Sum(name, DeliveryState.DeadLettered)))
            .ToArray();
        var oldest = counts.Where(c => c.State == DeliveryState.Pending && c.OldestEnqueuedAtMs is not null).Select(c => c.OldestEnqueuedAtMs!.Value).DefaultIfEmpty(-1).Min();
        var status = new OutboxStatus(providers, oldest < 0 ? null : DateTimeOffset.FromUnixTimeMilliseconds(oldest), _time.GetUtcNow());
        LastStatus = status;
        return status;

        long Sum(string provider, DeliveryState state) => counts.Where(c => c.Provider == provider && c.State == state).Sum(c => c.Count);
    }

    /// <inheritdoc />
    public virtual Task<IReadOnlyList<OutboxDeadLetter>> GetDeadLettersAsync(int limit = 100, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        return _store.DeadLettersAsync(limit, cancellationToken);
    }

    /// <inheritdoc />
    public virtual async Task<int> RetryDeadLettersAsync(IReadOnlyCollection<long>? ids = null, CancellationToken cancellationToken = default)
    {
        var changed = await _store.RetryDeadLettersAsync(ids, _time.GetUtcNow().ToUnixTimeMilliseconds(), cancellationToken).ConfigureAwait(false);
        Wake();
        return changed;
    }

    /// <inheritdoc />
    public virtual Task<int> PurgeAsync(OutboxPurgeScope scope, TimeSpan? olderThan = null, CancellationToken cancellationToken = default)
    {
        if (olderThan is { } age)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(age, TimeSpan.Zero, nameof(olderThan));
        }

        var cutoff = _time.GetUtcNow() - (olderThan ?? TimeSpan.Zero);
        return _store.PurgeAsync(scope, cutoff.ToUnixTimeMilliseconds(), cancellationToken);
    }

    /// <summary>Wakes an idle drain in this process (new work).</summary>
    internal void Wake()
    {
        if (_wake.CurrentCount == 0)
        {
            _wake.Release();
        }
    }

    /// <summary>Waits for <see cref="Wake"/> or the poll interval.</summary>
    internal async Task WaitForWorkAsync(TimeSpan pollInterval, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var delay = Task.Delay(pollInterval, _time, timeout.Token);
        var woken = _wake.WaitAsync(timeout.Token);
        await Task.WhenAny(delay, woken).ConfigureAwait(false);
        await timeout.CancelAsync().ConfigureAwait(false);
        try
        {
            await Task.WhenAll(delay, woken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // One of the two was cancelled above.
        }

        cancellationToken.ThrowIfCancellationRequested();
    }

    /// <summary>Closes the store's connections.</summary>
    /// <returns>A task that completes when closed.</returns>
    public async ValueTask DisposeAsync()
    {
        await DisposeAsyncCore().ConfigureAwait(false);
        GC.SuppressFinalize(this);
    }

    /// <summary>Closes the store's connections.</summary>
    /// <returns>A task that completes when closed.</returns>
    protected virtual async ValueTask DisposeAsyncCore()
    {
        if (_store is not null)
        {
            await _store.DisposeAsync().ConfigureAwait(false);
        }

        _wake.Dispose();
    }
}
