using System.CommandLine;
using Exclusions.Cli.Output;
using Exclusions.Client;

namespace Exclusions.Cli.Commands;

/// <summary>
/// <c>add --provider P (--type T --value V | --file F.csv) [--reason R] [--message M] [--until ISO8601]</c>:
/// one outcome per item; duplicates are sent once and reported for every row.
/// </summary>
internal static class AddCommand
{
    public static Command Create(CliRunner runner)
    {
        var provider = CommonOptions.Provider();
        var type = CommonOptions.Type("The type of --value");
        var value = new Option<string?>("--value") { Description = "The e-mail, LinkedIn URL or domain (a URL becomes its host)", HelpName = "V" };
        var file = CommonOptions.File("A CSV with a header row: type,value required; reason,message,until optional");
        var reason = CommonOptions.Reason();
        var message = CommonOptions.Message();
        var until = CommonOptions.Until("When the exclusion lifts (Topo; Amplemarket items with an expiry are unsupported)");
        var format = CommonOptions.Format();
        var command = new Command("add", "Add one exclusion, or every row of a CSV file.") { provider, type, value, file, reason, message, until, format };
        runner.SetBody(command, async context =>
        {
            var vendor = new ExclusionProvider(context.Value(provider)!);
            var items = ExclusionItems.Read(
                context.Console.Time.GetUtcNow(),
                context.Value(type), context.Value(value), context.Value(file), withDetails: true,
                context.Value(reason), context.Value(message), context.Value(until));

            await using var connection = await context.ConnectAsync(vendor).ConfigureAwait(false);
            var client = connection.Client(vendor);
            var result = await ProgressDisplay.RunAsync(
                context.Console,
                $"Adding to {vendor}",
                items.Count,
                progress => client.AddAsync(items.Select(i => i.ToRequest()).ToArray(), progress, context.CancellationToken)).ConfigureAwait(false);

            var report = OutcomeReport.Write(context.Console, OutputFormats.Parse(context.Value(format)), result, r => r.Target);
            return context.ExitCodeFor(report);
        });
        return command;
    }
}
