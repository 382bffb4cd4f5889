using System.CommandLine;
using Exclusions.Cli.Connection;
using Exclusions.Cli.Input;
using Exclusions.Cli.Output;
using Exclusions.Client;
using Spectre.Console;

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

            var input = fileValue is not null ? CheckFile.Read(fileValue.FullName) : SingleAddress(emailValue!);

            var providerName = context.Value(provider)!;
            // "all" is both vendors, never "whichever has a key": a missing key fails closed (exit 3, naming it)
            // when the connection is opened, before anything is sent (docs/normalization.md, Providers).
            IReadOnlyList<ExclusionProvider> providers = providerName == "all"
                ? [.. ProviderVariables.All.Select(v => v.Provider)]
                : [new ExclusionProvider(providerName)];

            await using var connection = await context.ConnectAsync([.. providers]).ConfigureAwait(false);
            var emailColumn = input.ColumnIndex("email")!.Value;
            var addresses = input.Rows.Select(row => CsvInput.Field(row, emailColumn)).ToArray();
            var snapshot = await ProgressDisplay.RunCountingAsync(
                context.Console,
                $"Loading {string.Join(" and ", providers.Select(p => p.Name))} exclusions",
                _ => LoadAsync(connection, providers, addresses, context.CancellationToken)).ConfigureAwait(false);

            var now = DateTimeOffset.UtcNow;
            var results = input.Rows
                .Select(row => (Row: row, Match: snapshot.Match(CsvInput.Field(row, emailColumn), now)))
                .ToArray();

            Write(context.Console, OutputFormats.Parse(context.Value(format)), input.Header, results);
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

    /// <summary>One snapshot holding what the check needs: full lists, or for few addresses Topo's matching records only.</summary>
    private static async Task<ExclusionSnapshot> LoadAsync(ProviderConnection connection, IReadOnlyList<ExclusionProvider> providers, IReadOnlyList<string> addresses, CancellationToken cancellationToken)
    {
        var loadedAt = DateTimeOffset.UtcNow;
        var parts = await Task.WhenAll(providers.Select(provider =>
            provider == ExclusionProvider.Topo && addresses.Count <= TargetedCheckThreshold
                ? FindCoveringAsync(connection.Client(provider), addresses, cancellationToken)
                : ReadAllAsync(connection.Client(provider), cancellationToken))).ConfigureAwait(false);
        return ExclusionSnapshot.Create(parts.SelectMany(part => part), loadedAt);
    }

    private static async Task<List<Exclusion>> ReadAllAsync(IExclusionClient client, CancellationToken cancellationToken)
    {
        var all = new List<Exclusion>();
        await foreach (var exclusion in client.ListAsync(null, cancellationToken).ConfigureAwait(false))
        {
            all.Add(exclusion);
        }

        return all;
    }

    /// <summary>Every record of the address itself, its domain or a parent domain (not the top-level domain); matching stays the snapshot's.</summary>
    private static async Task<List<Exclusion>> FindCoveringAsync(IExclusionClient client, IReadOnlyList<string> addresses, CancellationToken cancellationToken)
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

        var found = new List<Exclusion>();
        foreach (var target in targets)
        {
            await foreach (var exclusion in client.ListAsync(new ExclusionQuery { Target = target }, cancellationToken).ConfigureAwait(false))
            {
                found.Add(exclusion);
            }
        }

        return found;
    }

    private static CsvInput SingleAddress(string email)
    {
        if (!ExclusionTarget.TryCreate(ExclusionTargetType.Email, email, out _, out var error))
        {
            throw CliException.Usage($"--email: {error}");
        }

        return CsvInput.Read(new StringReader("email\n\"" + email.Trim().Replace("\"", "\"\"", StringComparison.Ordinal) + "\"\n"), "--email");
    }

    private static void Write(CliConsole console, OutputFormat format, IReadOnlyList<string> header, IReadOnlyList<(CsvInputRow Row, ExclusionMatch Match)> results)
    {
        string[] columns = [.. header, ExcludedColumn, MatchedByColumn];
        switch (format)
        {
            case OutputFormat.Csv:
                using (var csv = CsvOutput.Create(console.Out))
                {
                    csv.WriteRow(columns);
                    foreach (var (row, match) in results)
                    {
                        csv.WriteRow([.. Cells(row, header.Count), match.IsExcluded ? "true" : "false", match.ToString()]);
                    }
                }

                break;
            case OutputFormat.Json:
                using (var json = new JsonOutput(console.Out))
                {
                    var writer = json.Writer;
                    writer.WriteStartArray();
                    foreach (var (row, match) in results)
                    {
                        writer.WriteStartObject();
                        var cells = Cells(row, header.Count);
                        for (var i = 0; i < header.Count; i++)
                        {
                            writer.WriteString(header[i], cells[i]);
                        }

                        writer.WriteBoolean(ExcludedColumn, match.IsExcluded);
                        writer.WriteString(MatchedByColumn, match.IsExcluded ? match.ToString() : null);
                        writer.WriteEndObject();
                        json.FlushIfLarge();
                    }

                    writer.WriteEndArray();
                    json.Complete();
                }

                break;
            default:
                var table = TableOutput.Create(columns);
                foreach (var (row, match) in results)
                {
                    table.AddTextRow([.. Cells(row, header.Count), match.IsExcluded ? "true" : "false", match.ToString()]);
                }

                var output = console.CreateOutputConsole();
                output.Write(table);
                output.WriteLine($"{results.Count(r => r.Match.IsExcluded)} of {results.Count} excluded");
                break;
        }

        console.Out.Flush();
    }

    /// <summary>The row's input cells, one per header column (a short row's missing cells are empty).</summary>
    private static string[] Cells(CsvInputRow row, int count)
        => Enumerable.Range(0, count).Select(i => i < row.Fields.Count ? row.Fields[i] : string.Empty).ToArray();
}
