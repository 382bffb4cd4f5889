using System.Data;
using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace Exclusions.Client.Outbox.Storage;

/// <summary>
/// The embedded store: one SQLite file in WAL mode with <c>synchronous=FULL</c>, so a commit returns
/// only after the WAL is fsync'd. Writes take the lock up front (<c>BEGIN IMMEDIATE</c>).
/// </summary>
internal sealed class SqliteOutboxStore : OutboxStore
{
    private readonly string _connectionString;

    public SqliteOutboxStore(string path, bool createIfMissing)
        : base(Path.GetFullPath(path), createIfMissing)
    {
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = Path.GetFullPath(path),
            Mode = createIfMissing ? SqliteOpenMode.ReadWriteCreate : SqliteOpenMode.ReadWrite,
            Pooling = true,
            DefaultTimeout = 30,
        }.ToString();
    }

    protected override bool IsPostgres => false;

    protected override string ClaimLockClause => string.Empty;

    protected override async Task<DbConnection> OpenConnectionAsync(CancellationToken cancellationToken)
    {
        var directory = Path.GetDirectoryName(Description);
        if (!string.IsNullOrEmpty(directory) && !Directory.Exists(directory))
        {
            throw new ExclusionOutboxStoreException($"The outbox store {Description} cannot be used: its directory does not exist.");
        }

        if (!CreateIfMissing && !File.Exists(Description))
        {
            throw new ExclusionOutboxStoreException($"The outbox store {Description} does not exist (nothing was created).");
        }

        var connection = new SqliteConnection(_connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            await using var pragmas = connection.CreateCommand();

            // WAL survives in the file; synchronous is per connection: FULL fsyncs the WAL on every commit.
            pragmas.CommandText = "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; PRAGMA busy_timeout = 30000;";
            await pragmas.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    protected override Task<DbTransaction> BeginWriteAsync(DbConnection connection, CancellationToken cancellationToken)
        => Task.FromResult<DbTransaction>(((SqliteConnection)connection).BeginTransaction(IsolationLevel.Serializable, deferred: false));

    protected override async Task PrepareCallerConnectionAsync(DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken)
    {
        var callerFile = ((SqliteConnection)connection).DataSource;
        if (!string.IsNullOrEmpty(callerFile) && !string.Equals(Path.GetFullPath(callerFile), Description, StringComparison.Ordinal))
        {
            throw new ArgumentException($"The transaction is on {callerFile}, but the outbox store is {Description}: enqueue inside a transaction on the outbox's own file.", nameof(transaction));
        }

        // The level cannot change inside a transaction: the caller's connection must already fsync its commits.
        await using var pragma = Command(connection, transaction, "PRAGMA synchronous");
        var level = Convert.ToInt32(await pragma.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), System.Globalization.CultureInfo.InvariantCulture);
        if (level < 2)
        {
            throw new ArgumentException($"The transaction's connection to {Description} has PRAGMA synchronous = {level}: its commit would not be fsync'd. Run PRAGMA synchronous = FULL on the connection before beginning the transaction (FULL is SQLite's default).", nameof(transaction));
        }
    }

    protected override bool IsCompatible(DbConnection connection) => connection is SqliteConnection;
}
