namespace Exclusions.Client.Outbox;

/// <summary>Settings of the outbox and its drain.</summary>
public sealed class ExclusionOutboxOptions
{
    /// <summary>The store. Default: SQLite.</summary>
    public OutboxStoreKind Store { get; set; } = OutboxStoreKind.Sqlite;

    /// <summary>The SQLite file (created when missing). Default: <c>exclusions-outbox.db</c> in the working directory.</summary>
    public string SqlitePath { get; set; } = "exclusions-outbox.db";

    /// <summary>
    /// The PostgreSQL database, for <see cref="OutboxStoreKind.PostgreSql"/>: an Npgsql connection string
    /// (<c>Host=db;Database=app;Username=app;Password=…</c>) or a URL (<c>postgresql://app:…@db:5432/app</c>).
    /// Messages name its host, port and database, never the password.
    /// </summary>
    public string? PostgresConnectionString { get; set; }

    /// <summary>
    /// Whether the store (the SQLite file, the tables) is created or migrated when missing or older. Default
    /// true. Tools that only inspect a store set it to false: a missing file, or a database without the
    /// outbox's tables, is then an <see cref="ExclusionOutboxStoreException"/> instead of a new empty queue.
    /// </summary>
    public bool CreateStoreIfMissing { get; set; } = true;

    /// <summary>
    /// The vendors each item is delivered to. Empty (the default): every vendor registered in DI
    /// (<c>ExclusionClients</c>). Set it for tools that open the store without clients.
    /// </summary>
    public IList<ExclusionProvider> Providers { get; } = new List<ExclusionProvider>();

    /// <summary>Deliveries claimed and sent per vendor call. Default 100 (Amplemarket's chunk).</summary>
    public int BatchSize { get; set; } = 100;

    /// <summary>Drain loops per vendor in this process (each claims its own batch). Default 1.</summary>
    public int DrainConcurrency { get; set; } = 1;

    /// <summary>How long a claim is held; another worker may take the items after it lapses. Default 2 minutes.</summary>
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>How often an idle drain looks for work that another process enqueued. Default 1 s.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Attempts per delivery before it is dead-lettered. Default 10.</summary>
    public int MaxAttempts { get; set; } = 10;

    /// <summary>Wait before the first retry; doubled after each failed attempt. Default 5 s.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>The longest wait between attempts. Default 15 minutes.</summary>
    public TimeSpan RetryMaxDelay { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>The health check reports Degraded when the oldest pending delivery is older than this. Default 15 minutes.</summary>
    public TimeSpan HealthDegradedAfter { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>Whether <c>AddExclusionOutbox</c> registers the hosted drain. Default true; false for enqueue-only processes.</summary>
    public bool RunDrain { get; set; } = true;

    /// <summary>The problems with these settings (empty when valid).</summary>
    /// <returns>One message per problem.</returns>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (Store == OutboxStoreKind.Sqlite && string.IsNullOrWhiteSpace(SqlitePath))
        {
            errors.Add("SqlitePath is required for the SQLite store.");
        }

        if (Store == OutboxStoreKind.PostgreSql && string.IsNullOrWhiteSpace(PostgresConnectionString))
        {
            errors.Add("PostgresConnectionString is required for the PostgreSQL store.");
        }
        else if (Store == OutboxStoreKind.PostgreSql)
        {
            try
            {
                Storage.PostgresConnectionString.Parse(PostgresConnectionString!);
            }
            catch (ArgumentException e)
            {
                errors.Add(e.Message.Split(" (Parameter", 2)[0]);
            }
        }

        if (BatchSize is < 1 or > 1000)
        {
            errors.Add("BatchSize must be between 1 and 1000.");
        }

        if (DrainConcurrency is < 1 or > 64)
        {
            errors.Add("DrainConcurrency must be between 1 and 64.");
        }

        if (MaxAttempts < 1)
        {
            errors.Add("MaxAttempts must be at least 1.");
        }

        if (LeaseDuration <= TimeSpan.Zero || PollInterval <= TimeSpan.Zero || RetryBaseDelay <= TimeSpan.Zero || RetryMaxDelay < RetryBaseDelay || HealthDegradedAfter <= TimeSpan.Zero)
        {
            errors.Add("LeaseDuration, PollInterval, RetryBaseDelay and HealthDegradedAfter must be positive, and RetryMaxDelay at least RetryBaseDelay.");
        }

        return errors;
    }

    /// <summary>The store for messages: the SQLite path, or the PostgreSQL host and database (never the password).</summary>
    internal string DescribeStore()
    {
        if (Store == OutboxStoreKind.Sqlite)
        {
            return Path.GetFullPath(SqlitePath);
        }

        return Storage.PostgresConnectionString.Describe(PostgresConnectionString ?? string.Empty);
    }
}
