using System.CommandLine;
using System.Globalization;
using Exclusions.Cli.Output;
using Exclusions.Client.Internal;
using Exclusions.Client.Outbox;

namespace Exclusions.Cli.Commands;

/// <summary>
/// <c>outbox status|retry|purge --store S</c>: inspect and maintain an <c>Exclusions.Client.Outbox</c>
/// store (a SQLite file, or a PostgreSQL connection string or URL) without starting the application
/// that owns it. Nothing is sent to a vendor; the store is never created or migrated by these commands.
/// </summary>
internal static class OutboxCommand
{
    private const string Description = """
        Inspect and maintain a durable opt-out outbox (Exclusions.Client.Outbox, see docs/outbox.md): status, retry dead letters, purge finished deliveries. Nothing is sent to a vendor; the store is never created or migrated.

        Examples:
          exclusions outbox status --store /var/lib/app/outbox.db
          EXCLUSIONS_OUTBOX_STORE='postgresql://app:secret@db:5432/app' exclusions outbox status --format json
          exclusions outbox retry --store outbox.db --id 42 --id 43
          exclusions outbox purge --store outbox.db --what finished --older-than 7d

        Exit codes: 0 done; 1 the store could not be read, or a --id given is not a dead letter; 2 usage error (a missing store file is never created).
        """;

    public static Command Create(CliRunner runner)
        => new("outbox", Description)
        {
            Status(runner),
            Retry(runner),
            Purge(runner),
        };

    private static Command Status(CliRunner runner)
    {
        var store = OutboxStoreOption.Create();
        var limit = new Option<int>("--limit")
        {
            Description = "Dead letters to list, oldest first (default 20; 0 for none)",
            HelpName = "N",
            DefaultValueFactory = _ => 20,
        };
        limit.Validators.Add(r =>
        {
            if (CommonOptions.ParsedInt(r) is < 0 or > 10_000)
            {
                r.AddError("--limit must be between 0 and 10000.");
            }
        });
        var format = new Option<string>("--format") { Description = "Output format", HelpName = "table|json", DefaultValueFactory = _ => "table" };
        format.AcceptOnlyFromAmong("table", "json");
        var command = new Command("status", "Pending, delivered and dead-lettered deliveries per vendor, the oldest pending age, and the dead letters with their reasons.") { store, limit, format };
        runner.SetBody(command, async context =>
        {
            await using var outbox = OutboxStoreOption.Open(context, store);
            var (status, deadLetters) = await OutboxStoreOption.GuardAsync(outbox, async () =>
            {
                var counts = await outbox.GetStatusAsync(context.CancellationToken).ConfigureAwait(false);
                var count = context.Value(limit);
                var dead = count > 0 && counts.DeadLettered > 0
                    ? await outbox.GetDeadLettersAsync(count, context.CancellationToken).ConfigureAwait(false)
                    : [];
                return (counts, dead);
            }).ConfigureAwait(false);

            if (context.Value(format) == "json")
            {
                WriteJson(context.Console, outbox.StoreDescription, status, deadLetters);
            }
            else
            {
                WriteTable(context.Console, outbox.StoreDescription, status, deadLetters);
            }

            return CliExitCode.Success;
        });
        return command;
    }

    private static Command Retry(CliRunner runner)
    {
        var store = OutboxStoreOption.Create();
        var ids = new Option<long[]>("--id")
        {
            Description = "Only this dead letter (repeat for several; ids from 'outbox status'); default: every dead letter",
            HelpName = "ID",
            AllowMultipleArgumentsPerToken = true,
        };
        var command = new Command("retry", "Make dead-lettered deliveries pending again with a fresh attempt count; the application's drain sends them.") { store, ids };
        runner.SetBody(command, async context =>
        {
            await using var outbox = OutboxStoreOption.Open(context, store);
            var chosen = context.Value(ids) is { Length: > 0 } some ? some : null;
            var changed = await OutboxStoreOption.GuardAsync(outbox, () => outbox.RetryDeadLettersAsync(chosen, context.CancellationToken)).ConfigureAwait(false);
            await context.Console.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"{changed} dead-lettered deliver{(changed == 1 ? "y is" : "ies are")} pending again in {outbox.StoreDescription}.")).ConfigureAwait(false);
            if (chosen is not null && changed < chosen.Length)
            {
                throw new CliException(CliFailure.NotDone, string.Create(CultureInfo.InvariantCulture, $"{chosen.Length - changed} of the {chosen.Length} ids given are not dead letters (unknown, pending or delivered); they were left alone."));
            }

            return CliExitCode.Success;
        });
        return command;
    }

    private static Command Purge(CliRunner runner)
    {
        var store = OutboxStoreOption.Create();
        var what = new Option<string>("--what")
        {
            Description = "Which finished deliveries to delete; pending ones are never deleted",
            HelpName = "delivered|dead-lettered|finished",
            DefaultValueFactory = _ => "delivered",
        };
        what.AcceptOnlyFromAmong("delivered", "dead-lettered", "finished");
        var olderThan = new Option<string?>("--older-than")
        {
            Description = "Only those finished at least this long ago: 30m, 12h, 7d (default: all)",
            HelpName = "AGE",
        };
        var command = new Command("purge", "Delete finished deliveries (delivered and/or dead-lettered) from the store.") { store, what, olderThan };
        runner.SetBody(command, async context =>
        {
            var scope = context.Value(what) switch
            {
                "dead-lettered" => OutboxPurgeScope.DeadLettered,
                "finished" => OutboxPurgeScope.Finished,
                _ => OutboxPurgeScope.Delivered,
            };
            var age = context.Value(olderThan) is { } text ? ParseAge(text) : (TimeSpan?)null;
            await using var outbox = OutboxStoreOption.Open(context, store);
            var deleted = await OutboxStoreOption.GuardAsync(outbox, () => outbox.PurgeAsync(scope, age, context.CancellationToken)).ConfigureAwait(false);
            await context.Console.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"{deleted} {context.Value(what)} deliver{(deleted == 1 ? "y" : "ies")} deleted from {outbox.StoreDescription}.")).ConfigureAwait(false);
            return CliExitCode.Success;
        });
        return command;
    }

    /// <summary><c>30s</c>, <c>30m</c>, <c>12h</c>, <c>7d</c>.</summary>
    internal static TimeSpan ParseAge(string text)
    {
        var unit = text.Length > 1 ? text[^1] : ' ';
        if (int.TryParse(text.AsSpan(0, Math.Max(0, text.Length - 1)), NumberStyles.None, CultureInfo.InvariantCulture, out var n))
        {
            switch (unit)
            {
                case 's': return TimeSpan.FromSeconds(n);
                case 'm': return TimeSpan.FromMinutes(n);
                case 'h': return TimeSpan.FromHours(n);
                case 'd': return TimeSpan.FromDays(n);
            }
        }

        throw CliException.Usage($"--older-than must be a whole number with s, m, h or d (e.g. 7d), not {ValueNormalizer.Quote(text)}.");
    }

    private static void WriteTable(CliConsole console, string store, OutboxStatus status, IReadOnlyList<OutboxDeadLetter> deadLetters)
    {
        var output = console.Out;
        output.WriteLine($"Outbox {store}");
        var table = new TableWriter(output, ["Provider", "Pending", "Delivered", "Dead-lettered"], console.OutputWidth, bold: console.OutputIsTerminal);
        foreach (var p in status.Providers)
        {
            table.WriteRow([p.Provider.Name, Number(p.Pending), Number(p.Delivered), Number(p.DeadLettered)]);
        }

        table.WriteRow(["total", Number(status.Pending), Number(status.Delivered), Number(status.DeadLettered)]);
        table.Flush();
        output.WriteLine(status.OldestPendingEnqueuedAt is { } at
            ? $"Oldest pending: {Age(status.OldestPendingAge)} (enqueued {at.ToString("u", CultureInfo.InvariantCulture)})"
            : "Nothing pending.");
        if (deadLetters.Count == 0)
        {
            return;
        }

        output.WriteLine($"Dead letters ({deadLetters.Count} of {Number(status.DeadLettered)}, oldest first):");
        var dead = new TableWriter(output, ["Id", "Provider", "Operation", "Target", "Attempts", "Reason", "Dead-lettered at"], console.OutputWidth, bold: console.OutputIsTerminal);
        foreach (var d in deadLetters)
        {
            dead.WriteRow([Number(d.Id), d.Provider.Name, d.Operation.ToString().ToLowerInvariant(), OutboxStoreOption.Cell(d.Target), Number(d.Attempts), OutboxStoreOption.Cell(d.Reason), d.DeadLetteredAt.ToString("u", CultureInfo.InvariantCulture)]);
        }

        dead.Flush();
    }

    private static void WriteJson(CliConsole console, string store, OutboxStatus status, IReadOnlyList<OutboxDeadLetter> deadLetters)
    {
        using var json = new JsonOutput(console.Out);
        var w = json.Writer;
        w.WriteStartObject();
        w.WriteString("store", store);
        w.WriteNumber("pending", status.Pending);
        w.WriteNumber("delivered", status.Delivered);
        w.WriteNumber("dead_lettered", status.DeadLettered);
        if (status.OldestPendingEnqueuedAt is { } at)
        {
            w.WriteString("oldest_pending_enqueued_at", at);
        }
        else
        {
            w.WriteNull("oldest_pending_enqueued_at");
        }

        w.WriteNumber("oldest_pending_age_seconds", Math.Round(status.OldestPendingAge.TotalSeconds, 3));
        w.WriteStartArray("providers");
        foreach (var p in status.Providers)
        {
            w.WriteStartObject();
            w.WriteString("provider", p.Provider.Name);
            w.WriteNumber("pending", p.Pending);
            w.WriteNumber("delivered", p.Delivered);
            w.WriteNumber("dead_lettered", p.DeadLettered);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteStartArray("dead_letters");
        foreach (var d in deadLetters)
        {
            w.WriteStartObject();
            w.WriteNumber("id", d.Id);
            w.WriteString("provider", d.Provider.Name);
            w.WriteString("operation", d.Operation.ToString().ToLowerInvariant());
            w.WriteString("target", d.Target);
            w.WriteNumber("attempts", d.Attempts);
            w.WriteString("reason", d.Reason);
            w.WriteString("enqueued_at", d.EnqueuedAt);
            w.WriteString("dead_lettered_at", d.DeadLetteredAt);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteEndObject();
        json.Complete();
    }

    private static string Number(long n) => n.ToString("N0", CultureInfo.InvariantCulture);

    private static string Age(TimeSpan age) => age.TotalDays >= 1
        ? string.Create(CultureInfo.InvariantCulture, $"{(int)age.TotalDays}d {age.Hours}h")
        : age.TotalHours >= 1
            ? string.Create(CultureInfo.InvariantCulture, $"{(int)age.TotalHours}h {age.Minutes}m")
            : string.Create(CultureInfo.InvariantCulture, $"{(int)age.TotalMinutes}m {age.Seconds}s");
}
