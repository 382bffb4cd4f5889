using System.CommandLine;
using System.Globalization;
using System.Text;
using Exclusions.Client.Internal;
using Exclusions.Client.Outbox;

namespace Exclusions.Cli.Commands;

/// <summary>
/// <c>--store</c> of the <c>outbox</c> commands: a SQLite file path, or a PostgreSQL connection string
/// (<c>Host=…;Database=…</c>) or URL (<c>postgresql://user:password@host/db</c>). The store must already
/// exist (a typo never shows as an empty queue); messages name the file or host and database, never a password.
/// </summary>
internal static class OutboxStoreOption
{
    private const int MaxEcho = 80;

    /// <summary>The environment variable read when <c>--store</c> is not given (keeps a PostgreSQL password out of process lists and shell history).</summary>
    public const string EnvironmentVariable = "EXCLUSIONS_OUTBOX_STORE";

    public static Option<string?> Create() => new("--store")
    {
        Description = $"The outbox store: a SQLite file, or a PostgreSQL connection string (Host=…;Database=…) or URL (postgresql://user:password@host:5432/db); default ${EnvironmentVariable} (use it for a password: the command line shows in process lists)",
        HelpName = "PATH|CONNECTION",
    };

    /// <summary>Opens the store named by <c>--store</c>, else by <see cref="EnvironmentVariable"/>; neither is a usage error.</summary>
    public static ExclusionOutbox Open(CommandContext context, Option<string?> option)
        => Open(context.Value(option) ?? context.Settings.Get(EnvironmentVariable)
            ?? throw CliException.Usage($"No outbox store: give --store PATH|CONNECTION or set {EnvironmentVariable}."));

    /// <summary>Whether the value names PostgreSQL rather than a SQLite file.</summary>
    public static bool IsPostgres(string store)
        => store.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase)
           || store.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase)
           || (store.Contains('=', StringComparison.Ordinal) && store.Contains("host", StringComparison.OrdinalIgnoreCase));

    /// <summary>Opens the store for inspection: never created, never migrated, no vendor needed.</summary>
    public static ExclusionOutbox Open(string store)
    {
        if (string.IsNullOrWhiteSpace(store))
        {
            throw CliException.Usage("--store is empty: give a SQLite file or a PostgreSQL connection string or URL.");
        }

        var options = new ExclusionOutboxOptions { CreateStoreIfMissing = false };
        if (IsPostgres(store))
        {
            options.Store = OutboxStoreKind.PostgreSql;
            options.PostgresConnectionString = store;
        }
        else
        {
            var path = Path.GetFullPath(store);
            if (Directory.Exists(path))
            {
                throw CliException.Usage($"--store {ValueNormalizer.Quote(path)} is a directory; give the outbox's SQLite file.");
            }

            if (!File.Exists(path))
            {
                throw CliException.Usage($"--store {ValueNormalizer.Quote(path)} does not exist; give the outbox's SQLite file (ExclusionOutboxOptions.SqlitePath) or a PostgreSQL connection string.");
            }

            options.SqlitePath = path;
        }

        try
        {
            return new ExclusionOutbox(options);
        }
        catch (ArgumentException e)
        {
            // The message never repeats the connection string (it may hold a password).
            throw CliException.Usage("--store: " + e.Message);
        }
    }

    /// <summary>Runs a store call; a store error is one line naming the store (never its password), exit 1.</summary>
    public static async Task<T> GuardAsync<T>(ExclusionOutbox outbox, Func<Task<T>> call)
    {
        try
        {
            return await call().ConfigureAwait(false);
        }
        catch (ExclusionOutboxStoreException e)
        {
            throw new CliException(CliFailure.NotDone, "error: " + e.Message);
        }
    }

    /// <summary>A value in a table cell: control characters escaped, at most ~80 characters (messages use <see cref="ValueNormalizer.Quote"/>).</summary>
    public static string Cell(string value)
    {
        var text = new StringBuilder(Math.Min(value.Length, MaxEcho + 8));
        foreach (var c in value)
        {
            if (text.Length >= MaxEcho)
            {
                text.Append('…');
                break;
            }

            text.Append(char.IsControl(c) ? string.Create(CultureInfo.InvariantCulture, $"\\u{(int)c:x4}") : c.ToString());
        }

        return text.ToString();
    }
}
