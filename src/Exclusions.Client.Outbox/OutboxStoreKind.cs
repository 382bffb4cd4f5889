namespace Exclusions.Client.Outbox;

/// <summary>Where the outbox keeps its queue.</summary>
public enum OutboxStoreKind
{
    /// <summary>An embedded SQLite file (<see cref="ExclusionOutboxOptions.SqlitePath"/>): one application instance.</summary>
    Sqlite,

    /// <summary>A PostgreSQL database (<see cref="ExclusionOutboxOptions.PostgresConnectionString"/>): many instances share the work.</summary>
    PostgreSql,
}
