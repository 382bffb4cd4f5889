using System.Data.Common;

namespace Exclusions.Client.Outbox;

/// <summary>
/// A durable queue of opt-outs (and opt-ins) for every vendor. <see cref="EnqueueAsync(IEnumerable{OutboxItem}, CancellationToken)"/>
/// returns once the items are committed to disk (fsync'd); the hosted drain then delivers each one to
/// each vendor, at least once, in order per target. See docs/outbox.md.
/// </summary>
public interface IExclusionOutbox
{
    /// <summary>The vendors each enqueued item is delivered to.</summary>
    IReadOnlyList<ExclusionProvider> Providers { get; }

    /// <summary>
    /// Records the items durably, one delivery per vendor, and returns after the commit is on disk.
    /// Validated first with the clients' rules (nothing is recorded if one item is bad).
    /// </summary>
    /// <param name="items">What to add or remove.</param>
    /// <param name="cancellationToken">Cancels before the commit.</param>
    /// <returns>A task that completes once the items are durable.</returns>
    /// <exception cref="ArgumentException">An item is null, or its <see cref="ExclusionRequest.Until"/> is not in the future.</exception>
    /// <exception cref="ExclusionOutboxStoreException">The store cannot be opened or written.</exception>
    Task EnqueueAsync(IEnumerable<OutboxItem> items, CancellationToken cancellationToken = default);

    /// <summary>
    /// Records the items inside the caller's own transaction, so that a database change and its opt-out
    /// commit (or roll back) together. The transaction must be on a connection to the outbox's own
    /// database (the same SQLite file, or the same PostgreSQL database); durability is then the
    /// caller's commit.
    /// </summary>
    /// <param name="items">What to add or remove.</param>
    /// <param name="transaction">An open <c>SqliteTransaction</c> or <c>NpgsqlTransaction</c> matching the store.</param>
    /// <param name="cancellationToken">Cancels the insert.</param>
    /// <returns>A task that completes once the rows are inserted (not yet committed).</returns>
    /// <exception cref="ArgumentException">An item is invalid, or the transaction is for another kind of database.</exception>
    Task EnqueueInTransactionAsync(IEnumerable<OutboxItem> items, DbTransaction transaction, CancellationToken cancellationToken = default);

    /// <summary>Counts pending, delivered and dead-lettered deliveries, and the age of the oldest pending one.</summary>
    /// <param name="cancellationToken">Cancels the query.</param>
    /// <returns>The status.</returns>
    Task<OutboxStatus> GetStatusAsync(CancellationToken cancellationToken = default);

    /// <summary>Lists dead-lettered deliveries with their reasons, oldest first.</summary>
    /// <param name="limit">At most this many.</param>
    /// <param name="cancellationToken">Cancels the query.</param>
    /// <returns>The dead letters.</returns>
    Task<IReadOnlyList<OutboxDeadLetter>> GetDeadLettersAsync(int limit = 100, CancellationToken cancellationToken = default);

    /// <summary>Makes dead-lettered deliveries pending again with a fresh attempt count.</summary>
    /// <param name="ids">Only these deliveries; <see langword="null"/> for every dead letter.</param>
    /// <param name="cancellationToken">Cancels the update.</param>
    /// <returns>How many deliveries are pending again.</returns>
    Task<int> RetryDeadLettersAsync(IReadOnlyCollection<long>? ids = null, CancellationToken cancellationToken = default);

    /// <summary>Deletes finished deliveries (never pending ones).</summary>
    /// <param name="scope">Delivered, dead-lettered, or both.</param>
    /// <param name="olderThan">Only those finished at least this long ago; <see langword="null"/> for all.</param>
    /// <param name="cancellationToken">Cancels the delete.</param>
    /// <returns>How many rows were deleted.</returns>
    Task<int> PurgeAsync(OutboxPurgeScope scope, TimeSpan? olderThan = null, CancellationToken cancellationToken = default);
}
