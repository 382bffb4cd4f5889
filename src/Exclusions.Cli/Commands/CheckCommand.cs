using System.CommandLine;
using System.Runtime.CompilerServices;
using Exclusions.Cli.Connection;
using Exclusions.Cli.Input;
using Exclusions.Cli.Output;
using Exclusions.Client;

namespace Exclusions.Cli.Commands;

/// <summary>
/// <c>check --provider P|all (--email E | --file F.csv) [--format table|csv|json]</c>: is each address
/// excluded, by the address itself, its domain or a parent domain, counting only active exclusions.
/// One snapshot of the providers' lists is loaded, then every address is matched locally.
/// </summary>
internal static class CheckCommand
{
    private const string ExcludedColumn = "excluded";
    private const string MatchedByColumn = "matched_by";

    public static Command Create(CliRunner runner)
    {
        var provider = CommonOptions.Provider(allowAll: true);
        var email = new Option<string?>("--email") { Description = "One address to check", HelpName = "E" };
        var file = CommonOptions.File("A CSV with a header row containing an email column; the output keeps every column and adds excluded and matched_by");
        var format = CommonOptions.Format();
        var command = new Command("check", "Tell whether addresses are excluded (by address, domain or parent domain; active exclusions only).") { provider, email, file, format };
        runner.SetBody(command, async context =>
        {
            var emailValue = context.Value(email);
            var fileValue = context.Value(file);
            if ((emailValue is null) == (fileValue is null))
            {
                throw CliException.Usage("Give either --email or --file.");
            }

            var input = fileValue is not null ? CheckFile.Validate(fileValue.FullName) : CheckFile.SingleAddress(emailValue!);

            var providerName = context.Value(provider)!;
            // "all" is both vendors, never "whichever has a key": a missing key fails closed (exit 3, naming it)
            // when the connection is opened, before anything is sent (docs/normalization.md, Providers).
            IReadOnlyList<ExclusionProvider> providers = providerName == "all"
                ? [.. ProviderVariables.All.Select(v => v.Provider)]
                : [new ExclusionProvider(providerName)];

            await using var connection = await context.ConnectAsync([.. providers]).ConfigureAwait(false);

            // One moment for the whole check, from the CLI's clock: what is loaded is what is active then.
            var now = context.Console.Time.GetUtcNow();
            var snapshot = await ProgressDisplay.RunCountingAsync(
                context.Console,
                $"Loading {string.Join(" and ", providers.Select(p => p.Name))} exclusions",
                tick => LoadAsync(connection, providers, input, now, tick, context.CancellationToken)).ConfigureAwait(false);

            Write(context.Console, OutputFormats.Parse(context.Value(format)), input, snapshot, now, context.CancellationToken);
            return CliExitCode.Success;
        });
        return command;
    }

    /// <summary>
    /// Up to this many addresses are checked against Topo with its exact-match filters (the address, its
    /// domain and each parent domain: at most a few requests per address) instead of downloading both of
    /// Topo's lists. Larger inputs load the full snapshot once. Amplemarket has no filter: always the full lists.
    /// </summary>
    internal const int TargetedCheckThreshold = 10;

    /// <summary>
    /// One snapshot holding what the check needs: full lists, or for few addresses Topo's matching records only;
    /// of those, what <see cref="CheckSnapshotBuilder"/> keeps. <paramref name="tick"/> counts each record read
    /// (the progress display's count).
    /// </summary>
    private static async Task<ExclusionSnapshot> LoadAsync(ProviderConnection connection, IReadOnlyList<ExclusionProvider> providers, CheckFile input, DateTimeOffset now, Action? tick, CancellationToken cancellationToken)
    {
        var builder = new CheckSnapshotBuilder(now);
        await Task.WhenAll(providers.Select((provider, rank) =>
        {
            var client = connection.Client(provider);
            var records = provider == ExclusionProvider.Topo && input.RowCount <= TargetedCheckThreshold
                ? FindCoveringAsync(client, input.FirstAddresses, cancellationToken)
                : client.ListAsync(null, cancellationToken);
            return builder.AddAllAsync(rank, records, tick, cancellationToken);
        })).ConfigureAwait(false);
        return builder.Build(now);
    }

    /// <summary>Every record of the address itself, its domain or a parent domain (not the top-level domain); matching stays the snapshot's.</summary>
    private static async IAsyncEnumerable<Exclusion> FindCoveringAsync(IExclusionClient client, IReadOnlyList<string> addresses, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var targets = new HashSet<ExclusionTarget>();
        foreach (var address in addresses)
        {
            if (!ExclusionTarget.TryCreate(ExclusionTargetType.Email, address, out var email, out _))
            {
                continue;
            }

            targets.Add(email);
            var domain = email.Value[(email.Value.LastIndexOf('@') + 1)..];
            while (domain.Contains('.', StringComparison.Ordinal))
            {
                if (ExclusionTarget.TryCreate(ExclusionTargetType.Domain, domain, out var byDomain, out _))
                {
                    targets.Add(byDomain);
                }

                domain = domain[(domain.IndexOf('.', StringComparison.Ordinal) + 1)..];
            }
        }

        foreach (var target in targets)
        {
            await foreach (var exclusion in client.ListAsync(new ExclusionQuery { Target = target }, cancellationToken).ConfigureAwait(false))
            {
                yield return exclusion;
            }
        }
    }

    /// <summary>
    /// Matches and writes the rows one at a time, in input order, as they are read again from the file: one
    /// result per row, and nothing held but the snapshot.
    /// </summary>
    private static void Write(CliConsole console, OutputFormat format, CheckFile input, ExclusionSnapshot snapshot, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var header = input.Header;
        string[] columns = [.. header, ExcludedColumn, MatchedByColumn];

        // When the table must shrink, the address and what matched it get the most room.
        var weights = columns.Select((_, i) => i == input.EmailColumn ? 3 : i == columns.Length - 1 ? 2 : 1).ToArray();
        using var rows = new RowWriter(console, format, columns, weights: weights, booleanColumns: [header.Count]);
        var excluded = 0;
        var cells = new string?[columns.Length];
        foreach (var row in input.Rows())
        {
            cancellationToken.ThrowIfCancellationRequested();
            var match = snapshot.Match(CsvInput.Field(row, input.EmailColumn), now);
            for (var i = 0; i < header.Count; i++)
            {
                cells[i] = i < row.Fields.Count ? row.Fields[i] : string.Empty;
            }

            cells[header.Count] = match.IsExcluded ? "true" : "false";
            cells[header.Count + 1] = match.IsExcluded ? match.ToString() : null;
            rows.Write(cells);
            excluded += match.IsExcluded ? 1 : 0;
        }

        rows.Complete($"{excluded} of {rows.Count} excluded");
    }
}
