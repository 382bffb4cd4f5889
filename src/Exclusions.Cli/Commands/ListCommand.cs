using System.CommandLine;
using Exclusions.Cli.Output;
using Exclusions.Client;

namespace Exclusions.Cli.Commands;

/// <summary><c>list --provider P [--type T] [--format table|csv|json]</c>: every exclusion, all pages.</summary>
internal static class ListCommand
{
    public static Command Create(CliRunner runner)
    {
        var provider = CommonOptions.Provider();
        var type = CommonOptions.Type("Only exclusions of this type");
        var format = CommonOptions.Format();
        var command = new Command("list", "Print every exclusion of a provider (all pages) to stdout.") { provider, type, format };
        runner.SetBody(command, async context =>
        {
            var vendor = new ExclusionProvider(context.Value(provider)!);
            var query = new ExclusionQuery { TargetType = CommonOptions.ParseType(context.Value(type)) };
            await using var connection = await context.ConnectAsync(vendor).ConfigureAwait(false);
            var client = connection.Client(vendor);

            using var writer = new ExclusionListWriter(context.Console, OutputFormats.Parse(context.Value(format)));
            await ProgressDisplay.RunCountingAsync(context.Console, $"Listing {vendor}", async tick =>
            {
                await foreach (var exclusion in client.ListAsync(query, context.CancellationToken).ConfigureAwait(false))
                {
                    writer.Write(ExclusionRow.From(exclusion));
                    tick?.Invoke();
                }

                return writer.Count;
            }).ConfigureAwait(false);
            writer.Complete();
            return CliExitCode.Success;
        });
        return command;
    }
}
