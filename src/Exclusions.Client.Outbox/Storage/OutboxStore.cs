using System.Data.Common;
using System.Globalization;
using System.Text;

namespace Exclusions.Client.Outbox.Storage;

/// <summary>
/// The outbox table over ADO.NET, shared by both databases; each dialect supplies its connection,
/// its write transaction, its DDL and its claim statement. Every database error leaves as an
/// <see cref="ExclusionOutboxStoreException"/> naming the store.
/// </summary>
internal abstract class OutboxStore : IAsyncDisposable
{
    private const int RowsPerInsert = 100;
    private const int MaxErrorLength = 500;
    private readonly SemaphoreSlim _schemaLock = new(1, 1);
    private volatile bool _schemaReady;

    protected OutboxStore(string description, bool createIfMissing)
    {
        Description = description;
        CreateIfMissing = createIfMissing;
    }

    /// <summary>The store for messages: the SQLite file, or PostgreSQL host and database.</summary>
    public string Description { get; }

    protected abstract bool IsPostgres { get; }

    /// <summary>Whether a missing store or schema is created (and an older one migrated), or refused.</summary>
    protected bool CreateIfMissing { get; }

    /// <summary>Opens a connection configured for durable writes.</summary>
    protected abstract Task<DbConnection> OpenConnectionAsync(CancellationToken cancellationToken);

    /// <summary>Begins a transaction that holds the write lock from its first statement.</summary>
    protected abstract Task<DbTransaction> BeginWriteAsync(DbConnection connection, CancellationToken cancellationToken);

    /// <summary>
    /// Begins the claim's transaction. A claim need not wait for the disk: losing it in a database crash only
    /// returns the deliveries to the queue (they may then be sent twice, which at-least-once allows); other
    /// sessions see it as soon as it commits either way. By default the same as <see cref="BeginWriteAsync"/>.
    /// </summary>
    protected virtual Task<DbTransaction> BeginClaimAsync(DbConnection connection, CancellationToken cancellationToken) => BeginWriteAsync(connection, cancellationToken);

    /// <summary>Prepares a caller's connection for our statements (durability settings).</summary>
    protected abstract Task PrepareCallerConnectionAsync(DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken);

    /// <summary>Whether a caller's transaction belongs to this kind of database.</summary>
    protected abstract bool IsCompatible(DbConnection connection);

    /// <summary>The claim statement's row-locking suffix for the inner SELECT (PostgreSQL: FOR UPDATE SKIP LOCKED).</summary>
    protected abstract string ClaimLockClause { get; }

    /// <summary>Serializes migrations across processes (PostgreSQL: an advisory lock), inside <paramref name="transaction"/>.</summary>
    protected virtual Task LockForMigrationAsync(DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task EnsureSchemaAsync(CancellationToken cancellationToken)
    {
        if (_schemaReady)
        {
            return;
        }

        await _schemaLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_schemaReady)
            {
                return;
            }

            await GuardAsync(async () =>
            {
                await using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
                await using var transaction = await BeginWriteAsync(connection, cancellationToken).ConfigureAwait(false);
                await MigrateAsync(connection, transaction, cancellationToken).ConfigureAwait(false);
                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
                return 0;
            }).ConfigureAwait(false);
            _schemaReady = true;
        }
        finally
        {
            _schemaLock.Release();
        }
    }

    /// <summary>The schema version in the store (0 when it has none yet).</summary>
    public Task<int> GetSchemaVersionAsync(CancellationToken cancellationToken) => GuardAsync(async () =>
    {
        await using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var create = Command(connection, null, $"CREATE TABLE IF NOT EXISTS {OutboxSchema.VersionTable} (version INTEGER NOT NULL)");
        await create.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        return await ReadVersionAsync(connection, null, cancellationToken).ConfigureAwait(false);
    });

    private async Task MigrateAsync(DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken)
    {
        if (!CreateIfMissing)
        {
            await CheckWithoutMigratingAsync(connection, transaction, cancellationToken).ConfigureAwait(false);
            return;
        }

        await LockForMigrationAsync(connection, transaction, cancellationToken).ConfigureAwait(false);
        await using (var create = Command(connection, transaction, $"CREATE TABLE IF NOT EXISTS {OutboxSchema.VersionTable} (version INTEGER NOT NULL)"))
        {
            await create.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        var current = await ReadVersionAsync(connection, transaction, cancellationToken).ConfigureAwait(false);
        if (current > OutboxSchema.Latest)
        {
            throw new ExclusionOutboxStoreException(string.Create(
                CultureInfo.InvariantCulture,
                $"The outbox store {Description} has schema version {current}, newer than this version of Exclusions.Client.Outbox understands ({OutboxSchema.Latest}). Upgrade the package; nothing was changed."));
        }

        for (var version = current + 1; version <= OutboxSchema.Latest; version++)
        {
            foreach (var statement in OutboxSchema.Migration(version, IsPostgres))
            {
                await using var command = Command(connection, transaction, statement);
                await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            await using var mark = Command(connection, transaction, $"INSERT INTO {OutboxSchema.VersionTable} (version) VALUES (@v)", ("v", version));
            await mark.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>For <see cref="CreateIfMissing"/> = false: the schema must be there and current; nothing is written.</summary>
    private async Task CheckWithoutMigratingAsync(DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken)
    {
        int current;
        try
        {
            current = await ReadVersionAsync(connection, transaction, cancellationToken).ConfigureAwait(false);
        }
        catch (DbException)
        {
            current = 0;
        }

        if (current != OutboxSchema.Latest)
        {
            throw new ExclusionOutboxStoreException(string.Create(
                CultureInfo.InvariantCulture,
                $"The outbox store {Description} {(current == 0 ? "has no outbox tables (is it the right file or database?)" : $"has schema version {current}; this version of Exclusions.Client.Outbox uses {OutboxSchema.Latest}")}; nothing was changed."));
        }
    }

    private static async Task<int> ReadVersionAsync(DbConnection connection, DbTransaction? transaction, CancellationToken cancellationToken)
    {
        await using var read = Command(connection, transaction, $"SELECT MAX(version) FROM {OutboxSchema.VersionTable}");
        var value = await read.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
        return value is null or DBNull ? 0 : Convert.ToInt32(value, CultureInfo.InvariantCulture);
    }

    /// <summary>Inserts the deliveries in one durable transaction of our own, or in the caller's.</summary>
    public async Task InsertAsync(IReadOnlyList<NewDelivery> deliveries, long nowMs, DbTransaction? callerTransaction, CancellationToken cancellationToken)
    {
        if (callerTransaction is not null)
        {
            var connection = callerTransaction.Connection
                ?? throw new ArgumentException("The transaction has no connection (already committed or rolled back?).", nameof(callerTransaction));
            if (!IsCompatible(connection))
            {
                throw new ArgumentException($"The transaction is on a {connection.GetType().Name}, but the outbox store is {Description}: enqueue inside a transaction on the outbox's own database.", nameof(callerTransaction));
            }

            await GuardAsync(async () =>
            {
                await PrepareCallerConnectionAsync(connection, callerTransaction, cancellationToken).ConfigureAwait(false);
                if (!_schemaReady)
                {
                    await MigrateAsync(connection, callerTransaction, cancellationToken).ConfigureAwait(false);
                }

                await InsertRowsAsync(connection, callerTransaction, deliveries, nowMs, cancellationToken).ConfigureAwait(false);
                return 0;
            }).ConfigureAwait(false);
            return;
        }

        await EnsureSchemaAsync(cancellationToken).ConfigureAwait(false);
        await GuardAsync(async () =>
        {
            await using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            await using var transaction = await BeginWriteAsync(connection, cancellationToken).ConfigureAwait(false);
            await InsertRowsAsync(connection, transaction, deliveries, nowMs, cancellationToken).ConfigureAwait(false);

            // Not cancellable from here on: a commit that started must finish, or the caller cannot know.
            await transaction.CommitAsync(CancellationToken.None).ConfigureAwait(false);
            return 0;
        }).ConfigureAwait(false);
    }

    private static async Task InsertRowsAsync(DbConnection connection, DbTransaction transaction, IReadOnlyList<NewDelivery> deliveries, long nowMs, CancellationToken cancellationToken)
    {
        for (var start = 0; start < deliveries.Count; start += RowsPerInsert)
        {
            var count = Math.Min(RowsPerInsert, deliveries.Count - start);
            var sql = new StringBuilder($"INSERT INTO {OutboxSchema.Table} (provider, operation, target_type, target_value, reason, message, until_at, enqueued_at, next_attempt_at) VALUES ");
            await using var command = connection.CreateCommand();
            command.Transaction = transaction;
            Add(command, "now", nowMs);
            for (var i = 0; i < count; i++)
            {
                var d = deliveries[start + i];
                sql.Append(CultureInfo.InvariantCulture, $"{(i > 0 ? "," : string.Empty)}(@p{i}, @o{i}, @t{i}, @v{i}, @r{i}, @m{i}, @u{i}, @now, @now)");
                Add(command, $"p{i}", d.Provider);
                Add(command, $"o{i}", (short)d.Operation);
                Add(command, $"t{i}", (short)d.TargetType);
                Add(command, $"v{i}", d.TargetValue);
                Add(command, $"r{i}", d.Reason);
                Add(command, $"m{i}", d.Message);
                Add(command, $"u{i}", d.UntilMs);
            }

            command.CommandText = sql.ToString();
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Claims up to <paramref name="limit"/> due deliveries of one vendor for <paramref name="leaseUntilMs"/>:
    /// pending, not leased by anyone, and with no earlier pending delivery of the same target (so adds and
    /// removes of one value go out in enqueue order, one at a time). Oldest first.
    /// </summary>
    public Task<IReadOnlyList<ClaimedDelivery>> ClaimAsync(string provider, int limit, string owner, long nowMs, long leaseUntilMs, CancellationToken cancellationToken) => GuardAsync(async () =>
    {
        await using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await BeginClaimAsync(connection, cancellationToken).ConfigureAwait(false);
        var sql = $"""
            UPDATE {OutboxSchema.Table} SET lease_owner = @owner, lease_until = @lease
            WHERE id IN (
                SELECT o.id FROM {OutboxSchema.Table} o
                WHERE o.provider = @provider AND o.state = 0 AND o.next_attempt_at <= @now
                  AND (o.lease_until IS NULL OR o.lease_until <= @now)
                  AND NOT EXISTS (
                      SELECT 1 FROM {OutboxSchema.Table} e
                      WHERE e.provider = o.provider AND e.target_type = o.target_type AND e.target_value = o.target_value
                        AND e.state = 0 AND e.id < o.id)
                ORDER BY o.id
                LIMIT @limit {ClaimLockClause})
            RETURNING id, operation, target_type, target_value, reason, message, until_at, enqueued_at, attempts
            """;
        await using var command = Command(connection, transaction, sql, ("owner", owner), ("lease", leaseUntilMs), ("provider", provider), ("now", nowMs), ("limit", limit));
        var claimed = new List<ClaimedDelivery>();
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                claimed.Add(new ClaimedDelivery(
                    reader.GetInt64(0),
                    (OutboxOperation)reader.GetInt16(1),
                    (ExclusionTargetType)reader.GetInt16(2),
                    reader.GetString(3),
                    reader.IsDBNull(4) ? null : reader.GetString(4),
                    reader.IsDBNull(5) ? null : reader.GetString(5),
                    reader.IsDBNull(6) ? null : reader.GetInt64(6),
                    reader.GetInt64(7),
                    reader.GetInt32(8)));
            }
        }

        await transaction.CommitAsync(CancellationToken.None).ConfigureAwait(false);
        claimed.Sort((a, b) => a.Id.CompareTo(b.Id));
        return (IReadOnlyList<ClaimedDelivery>)claimed;
    });

    /// <summary>
    /// Stores each delivery's result (attempt counted, lease released), in one transaction; only where
    /// <paramref name="owner"/> still holds the lease. A worker whose lease lapsed (it stalled) and was
    /// claimed by another leaves the row to that worker: its outcome is dropped (a resend is idempotent)
    /// rather than clearing a lease someone else holds.
    /// </summary>
    /// <returns>The deliveries whose result was not stored because <paramref name="owner"/> no longer held them.</returns>
    public Task<IReadOnlyCollection<long>> CompleteAsync(IReadOnlyList<DeliveryResult> results, string owner, long nowMs, CancellationToken cancellationToken) => GuardAsync(async () =>
    {
        if (results.Count == 0)
        {
            return (IReadOnlyCollection<long>)[];
        }

        await using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await BeginWriteAsync(connection, cancellationToken).ConfigureAwait(false);
        var lost = await StoreResultsAsync(connection, transaction, results, owner, nowMs).ConfigureAwait(false);
        await transaction.CommitAsync(CancellationToken.None).ConfigureAwait(false);
        return (IReadOnlyCollection<long>)lost;
    });

    /// <summary>
    /// The updates of <see cref="CompleteAsync"/>, inside its transaction: each result where <paramref name="owner"/>
    /// still holds the lease. One statement per delivery by default (SQLite runs in-process).
    /// </summary>
    /// <returns>The deliveries not updated (no longer held by <paramref name="owner"/>).</returns>
    protected virtual async Task<IReadOnlyList<long>> StoreResultsAsync(DbConnection connection, DbTransaction transaction, IReadOnlyList<DeliveryResult> results, string owner, long nowMs)
    {
        var lost = new List<long>();
        foreach (var result in results)
        {
            var finished = result.State != DeliveryState.Pending;
            await using var command = Command(
                connection,
                transaction,
                $"""
                UPDATE {OutboxSchema.Table}
                SET state = @state, attempts = attempts + 1, outcome = @outcome, last_error = @error,
                    next_attempt_at = @next, completed_at = @completed, lease_owner = NULL, lease_until = NULL
                WHERE id = @id AND state = 0 AND lease_owner = @owner
                """,
                ("state", (short)result.State),
                ("outcome", result.Outcome),
                ("error", Shorten(result.Error)),
                ("next", finished ? nowMs : result.NextAttemptAtMs),
                ("completed", finished ? nowMs : null),
                ("id", result.Id),
                ("owner", owner));
            if (await command.ExecuteNonQueryAsync(CancellationToken.None).ConfigureAwait(false) == 0)
            {
                lost.Add(result.Id);
            }
        }

        return lost;
    }

    /// <summary>Releases claims without counting an attempt (the drain stopped before sending).</summary>
    public Task ReleaseAsync(IReadOnlyList<long> ids, string owner, CancellationToken cancellationToken) => GuardAsync(async () =>
    {
        await using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        foreach (var id in ids)
        {
            await using var command = Command(connection, null, $"UPDATE {OutboxSchema.Table} SET lease_owner = NULL, lease_until = NULL WHERE id = @id AND state = 0 AND lease_owner = @owner", ("id", id), ("owner", owner));
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        return 0;
    });

    public async Task<IReadOnlyList<StateCount>> CountAsync(CancellationToken cancellationToken)
    {
        await EnsureSchemaAsync(cancellationToken).ConfigureAwait(false);
        return await GuardAsync(async () =>
        {
            await using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            await using var command = Command(connection, null, $"SELECT provider, state, COUNT(*), MIN(enqueued_at) FROM {OutboxSchema.Table} GROUP BY provider, state ORDER BY provider, state");
            var counts = new List<StateCount>();
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                counts.Add(new StateCount(reader.GetString(0), (DeliveryState)reader.GetInt16(1), reader.GetInt64(2), reader.IsDBNull(3) ? null : reader.GetInt64(3)));
            }

            return (IReadOnlyList<StateCount>)counts;
        }).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<OutboxDeadLetter>> DeadLettersAsync(int limit, CancellationToken cancellationToken)
    {
        await EnsureSchemaAsync(cancellationToken).ConfigureAwait(false);
        return await GuardAsync(async () =>
        {
            await using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            await using var command = Command(
                connection,
                null,
                $"SELECT id, provider, operation, target_type, target_value, attempts, last_error, enqueued_at, completed_at FROM {OutboxSchema.Table} WHERE state = 2 ORDER BY id LIMIT @limit",
                ("limit", limit));
            var letters = new List<OutboxDeadLetter>();
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                var type = (ExclusionTargetType)reader.GetInt16(3);
                letters.Add(new OutboxDeadLetter(
                    reader.GetInt64(0),
                    new ExclusionProvider(reader.GetString(1)),
                    (OutboxOperation)reader.GetInt16(2),
                    TypeName(type) + ":" + reader.GetString(4),
                    reader.GetInt32(5),
                    reader.IsDBNull(6) ? string.Empty : reader.GetString(6),
                    DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(7)),
                    DateTimeOffset.FromUnixTimeMilliseconds(reader.IsDBNull(8) ? reader.GetInt64(7) : reader.GetInt64(8))));
            }

            return (IReadOnlyList<OutboxDeadLetter>)letters;
        }).ConfigureAwait(false);
    }

    public async Task<int> RetryDeadLettersAsync(IReadOnlyCollection<long>? ids, long nowMs, CancellationToken cancellationToken)
    {
        await EnsureSchemaAsync(cancellationToken).ConfigureAwait(false);
        return await GuardAsync(async () =>
        {
            await using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            await using var transaction = await BeginWriteAsync(connection, cancellationToken).ConfigureAwait(false);
            const string Set = "SET state = 0, attempts = 0, next_attempt_at = @now, outcome = NULL, completed_at = NULL, lease_owner = NULL, lease_until = NULL";
            var changed = 0;
            if (ids is null)
            {
                await using var all = Command(connection, transaction, $"UPDATE {OutboxSchema.Table} {Set} WHERE state = 2", ("now", nowMs));
                changed = await all.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }
            else
            {
                foreach (var id in ids)
                {
                    await using var one = Command(connection, transaction, $"UPDATE {OutboxSchema.Table} {Set} WHERE state = 2 AND id = @id", ("now", nowMs), ("id", id));
                    changed += await one.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                }
            }

            await transaction.CommitAsync(CancellationToken.None).ConfigureAwait(false);
            return changed;
        }).ConfigureAwait(false);
    }

    public async Task<int> PurgeAsync(OutboxPurgeScope scope, long cutoffMs, CancellationToken cancellationToken)
    {
        var states = new List<string>();
        if (scope.HasFlag(OutboxPurgeScope.Delivered))
        {
            states.Add("1");
        }

        if (scope.HasFlag(OutboxPurgeScope.DeadLettered))
        {
            states.Add("2");
        }

        if (states.Count == 0)
        {
            return 0;
        }

        await EnsureSchemaAsync(cancellationToken).ConfigureAwait(false);
        return await GuardAsync(async () =>
        {
            await using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            await using var transaction = await BeginWriteAsync(connection, cancellationToken).ConfigureAwait(false);
            await using var command = Command(connection, transaction, $"DELETE FROM {OutboxSchema.Table} WHERE state IN ({string.Join(", ", states)}) AND completed_at <= @cutoff", ("cutoff", cutoffMs));
            var deleted = await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            await transaction.CommitAsync(CancellationToken.None).ConfigureAwait(false);
            return deleted;
        }).ConfigureAwait(false);
    }

    public virtual ValueTask DisposeAsync()
    {
        _schemaLock.Dispose();
        return ValueTask.CompletedTask;
    }

    /// <summary>Runs a database call; a database error becomes <see cref="ExclusionOutboxStoreException"/> naming the store.</summary>
    protected async Task<T> GuardAsync<T>(Func<Task<T>> call)
    {
        try
        {
            return await call().ConfigureAwait(false);
        }
        catch (DbException e)
        {
            throw new ExclusionOutboxStoreException($"The outbox store {Description} cannot be used: {e.Message}", e);
        }
        catch (InvalidOperationException e) when (e.InnerException is DbException or IOException)
        {
            throw new ExclusionOutboxStoreException($"The outbox store {Description} cannot be used: {e.Message}", e);
        }
    }

    protected static DbCommand Command(DbConnection connection, DbTransaction? transaction, string sql, params (string Name, object? Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            Add(command, name, value);
        }

        return command;
    }

    private static void Add(DbCommand command, string name, object? value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value ?? DBNull.Value;
        command.Parameters.Add(parameter);
    }

    protected static string? Shorten(string? error) => error is null || error.Length <= MaxErrorLength ? error : error[..(MaxErrorLength - 1)] + "…";

    internal static string TypeName(ExclusionTargetType type) => type switch
    {
        ExclusionTargetType.Email => "email",
        ExclusionTargetType.LinkedInUrl => "linkedin",
        ExclusionTargetType.Domain => "domain",
        _ => type.ToString().ToLowerInvariant(),
    };
}
