namespace Exclusions.Client.Outbox.Storage;

/// <summary>
/// The versioned schema (docs/outbox.md): <c>exclusions_outbox_schema</c> holds one row per applied
/// version; each migration runs once, in order, in one transaction with the version row. A store whose
/// version is newer than <see cref="Latest"/> is refused rather than misread.
/// </summary>
internal static class OutboxSchema
{
    public const int Latest = 1;

    public const string VersionTable = "exclusions_outbox_schema";

    public const string Table = "exclusions_outbox";

    /// <summary>Migration <paramref name="version"/> for a dialect: the statements to run.</summary>
    public static IReadOnlyList<string> Migration(int version, bool postgres) => version switch
    {
        1 =>
        [
            $"""
            CREATE TABLE {Table} (
                id {(postgres ? "BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY" : "INTEGER PRIMARY KEY AUTOINCREMENT")},
                provider TEXT NOT NULL,
                operation SMALLINT NOT NULL,
                target_type SMALLINT NOT NULL,
                target_value TEXT NOT NULL,
                reason TEXT NULL,
                message TEXT NULL,
                until_at BIGINT NULL,
                enqueued_at BIGINT NOT NULL,
                state SMALLINT NOT NULL DEFAULT 0,
                attempts INTEGER NOT NULL DEFAULT 0,
                next_attempt_at BIGINT NOT NULL,
                lease_owner TEXT NULL,
                lease_until BIGINT NULL,
                outcome TEXT NULL,
                last_error TEXT NULL,
                completed_at BIGINT NULL
            )
            """,
            $"CREATE INDEX ix_{Table}_claim ON {Table} (provider, state, id)",
            $"CREATE INDEX ix_{Table}_order ON {Table} (provider, target_type, target_value, id) WHERE state = 0",
            $"CREATE INDEX ix_{Table}_finished ON {Table} (state, completed_at)",
        ],
        _ => throw new ArgumentOutOfRangeException(nameof(version), version, "No such outbox schema version."),
    };
}
