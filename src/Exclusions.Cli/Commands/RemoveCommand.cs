using System.CommandLine;
using Exclusions.Cli.Output;
using Exclusions.Client;

namespace Exclusions.Cli.Commands;

/// <summary>
/// <c>remove --provider P (--type T --value V | --file F.csv)</c>: one outcome per item (Topo: found by
/// exact-match filter, then deleted by id).
/// </summary>
internal static class RemoveCommand
{
    public static Command Create(CliRunner runner)
    {
        var provider = CommonOptions.Provider();
        var type = CommonOptions.Type("The type of --value");
        var value = new Option<string?>("--value") { Description = "The e-mail, LinkedIn URL or domain", HelpName = "V" };
        var file = CommonOptions.File("A CSV with a header row with type,value columns (others ignored)");
        var format = CommonOptions.Format();
        var command = new Command("remove", "Remove one exclusion, or every row of a CSV file.") { provider, type, value, file, format };
        runner.SetBody(command, async context =>
        {
            var vendor = new ExclusionProvider(context.Value(provider)!);
            var items = ExclusionItems.Read(context.Console.Time.GetUtcNow(), context.Value(type), context.Value(value), context.Value(file), withDetails: false);

            await using var connection = await context.ConnectAsync(vendor).ConfigureAwait(false);
            var client = connection.Client(vendor);
            var result = await ProgressDisplay.RunAsync(
                context.Console,
                $"Removing from {vendor}",
                items.Count,
                progress => client.RemoveAsync(items.Select(i => i.Target).ToArray(), progress, context.CancellationToken)).ConfigureAwait(false);

            var report = OutcomeReport.Write(context.Console, OutputFormats.Parse(context.Value(format)), result, t => t);
            return context.ExitCodeFor(report);
        });
        return command;
    }
}
