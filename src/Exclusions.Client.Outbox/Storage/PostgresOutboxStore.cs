using System.Data;
using System.Data.Common;
using Npgsql;

namespace Exclusions.Client.Outbox.Storage;

/// <summary>
/// The shared store: one PostgreSQL table drained by any number of processes. Claims lock rows with
/// <c>FOR UPDATE SKIP LOCKED</c> and write a lease, so two workers never hold one delivery at once;
/// commits use <c>synchronous_commit = on</c> (the WAL is flushed before the commit returns).
/// </summary>
internal sealed class PostgresOutboxStore : OutboxStore
{
    // pg_advisory_xact_lock key for migrations: "exclusions_outbox" as a number.
    private const long MigrationLockKey = 0x6578636c6f7574;
    private readonly NpgsqlDataSource _dataSource;

    public PostgresOutboxStore(string connectionString, string description, bool createIfMissing)
        : base(description, createIfMissing)
    {
        _dataSource = NpgsqlDataSource.Create(PostgresConnectionString.Parse(connectionString));
    }

    protected override bool IsPostgres => true;

    protected override string ClaimLockClause => "FOR UPDATE SKIP LOCKED";

    protected override async Task<DbConnection> OpenConnectionAsync(CancellationToken cancellationToken)
        => await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);

    protected override async Task<DbTransaction> BeginWriteAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        var transaction = await ((NpgsqlConnection)connection).BeginTransactionAsync(IsolationLevel.ReadCommitted, cancellationToken).ConfigureAwait(false);
        await using var durable = Command(connection, transaction, "SET LOCAL synchronous_commit = on");
        await durable.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        return transaction;
    }

    protected override async Task<DbTransaction> BeginClaimAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        // Visible to every other worker at commit like any transaction; only the WAL flush is not awaited
        // (a claim lost in a server crash puts the deliveries back in the queue). Halves the drain's fsyncs.
        var transaction = await ((NpgsqlConnection)connection).BeginTransactionAsync(IsolationLevel.ReadCommitted, cancellationToken).ConfigureAwait(false);
        await using var fast = Command(connection, transaction, "SET LOCAL synchronous_commit = off");
        await fast.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        return transaction;
    }

    /// <summary>Every result in one statement (one round trip instead of one per delivery).</summary>
    protected override async Task<IReadOnlyList<long>> StoreResultsAsync(DbConnection connection, DbTransaction transaction, IReadOnlyList<DeliveryResult> results, string owner, long nowMs)
    {
        var finished = results.Select(r => r.State != DeliveryState.Pending).ToArray();
        await using var command = new NpgsqlCommand(
            $"""
            UPDATE {OutboxSchema.Table} AS t
            SET state = r.state, attempts = t.attempts + 1, outcome = r.outcome, last_error = r.error,
                next_attempt_at = r.next, completed_at = r.completed, lease_owner = NULL, lease_until = NULL
            FROM unnest(@ids, @states, @outcomes, @errors, @nexts, @completeds) AS r(id, state, outcome, error, next, completed)
            WHERE t.id = r.id AND t.state = 0 AND t.lease_owner = @owner
            RETURNING t.id
            """,
            (NpgsqlConnection)connection,
            (NpgsqlTransaction)transaction);
        command.Parameters.Add(new NpgsqlParameter<long[]>("ids", results.Select(r => r.Id).ToArray()));
        command.Parameters.Add(new NpgsqlParameter<short[]>("states", results.Select(r => (short)r.State).ToArray()));
        command.Parameters.Add(new NpgsqlParameter<string?[]>("outcomes", results.Select(r => r.Outcome).ToArray()));
        command.Parameters.Add(new NpgsqlParameter<string?[]>("errors", results.Select(r => Shorten(r.Error)).ToArray()));
        command.Parameters.Add(new NpgsqlParameter<long[]>("nexts", results.Select((r, i) => finished[i] ? nowMs : r.NextAttemptAtMs).ToArray()));
        command.Parameters.Add(new NpgsqlParameter<long?[]>("completeds", results.Select((r, i) => finished[i] ? nowMs : (long?)null).ToArray()));
        command.Parameters.Add(new NpgsqlParameter<string>("owner", owner));
        var stored = new HashSet<long>();
        await using (var reader = await command.ExecuteReaderAsync(CancellationToken.None).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(CancellationToken.None).ConfigureAwait(false))
            {
                stored.Add(reader.GetInt64(0));
            }
        }

        return results.Select(r => r.Id).Where(id => !stored.Contains(id)).ToList();
    }

    protected override async Task PrepareCallerConnectionAsync(DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken)
    {
        await using var durable = Command(connection, transaction, "SET LOCAL synchronous_commit = on");
        await durable.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    protected override async Task LockForMigrationAsync(DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken)
    {
        await using var command = Command(connection, transaction, "SELECT pg_advisory_xact_lock(@key)", ("key", MigrationLockKey));
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    protected override bool IsCompatible(DbConnection connection) => connection is NpgsqlConnection;

    public override async ValueTask DisposeAsync()
    {
        await _dataSource.DisposeAsync().ConfigureAwait(false);
        await base.DisposeAsync().ConfigureAwait(false);
    }
}
