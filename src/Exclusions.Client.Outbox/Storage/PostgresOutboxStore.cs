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
