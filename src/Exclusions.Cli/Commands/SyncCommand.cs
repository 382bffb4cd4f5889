using System.CommandLine;
using Exclusions.Cli.Output;
using Exclusions.Client;

namespace Exclusions.Cli.Commands;

/// <summary>
/// <c>sync --from P --to Q [--type T] [--dry-run]</c>: add to Q every active exclusion of P that Q
/// lacks (compared by normalized target, Q's active exclusions only). Never deletes. Every active
/// exclusion of P gets one outcome: <c>already_excluded</c> when Q has it, otherwise Q's outcome
/// (<c>unsupported</c> for what Q cannot represent, e.g. LinkedIn or an expiry on Amplemarket).
/// </summary>
internal static class SyncCommand
{
    public static Command Create(CliRunner runner)
    {
        var from = CommonOptions.Provider("--from", description: "The provider to copy from: topo or amplemarket");
        var to = CommonOptions.Provider("--to", description: "The provider to add to: topo or amplemarket");
        var type = CommonOptions.Type("Only exclusions of this type");
        var dryRun = new Option<bool>("--dry-run") { Description = "Report what would be added; write nothing" };
        var format = CommonOptions.Format();
        var command = new Command("sync", "Add to one provider every active exclusion of another that it lacks (never deletes).") { from, to, type, dryRun, format };
        runner.SetBody(command, async context =>
        {
            var source = new ExclusionProvider(context.Value(from)!);
            var destination = new ExclusionProvider(context.Value(to)!);
            if (source == destination)
            {
                throw CliException.Usage("--from and --to must be different providers.");
            }

            var query = new ExclusionQuery { TargetType = CommonOptions.ParseType(context.Value(type)) };
            var isDryRun = context.Value(dryRun);
            var ct = context.CancellationToken;

            await using var connection = await context.ConnectAsync(source, destination).ConfigureAwait(false);
            var sourceClient = connection.Client(source);
            var destinationClient = connection.Client(destination);

            var now = context.Console.Time.GetUtcNow();
            var wanted = await ProgressDisplay.RunCountingAsync(context.Console, $"Reading {source}", tick => ActiveDistinctAsync(sourceClient, query, now, tick, ct)).ConfigureAwait(false);
            var present = await ProgressDisplay.RunCountingAsync(context.Console, $"Reading {destination}", async tick =>
            {
                var all = new List<Exclusion>();
                await foreach (var exclusion in destinationClient.ListAsync(query, ct).ConfigureAwait(false))
                {
                    all.Add(exclusion);
                    tick?.Invoke();
                }

                return ExclusionSnapshot.Create(all, now);
            }).ConfigureAwait(false);

            var missing = wanted.Where(e => !present.Contains(e.Target, now)).ToArray();
            var outcomes = new Dictionary<ExclusionTarget, ItemOutcome>();
            if (isDryRun)
            {
                foreach (var exclusion in missing)
                {
                    outcomes[exclusion.Target] = Predict(destinationClient.Capabilities, exclusion, destination);
                }

                context.Console.WriteError($"Dry run: nothing was written to {destination}.");
            }
            else if (missing.Length > 0)
            {
                var requests = missing.Select(e => ToRequest(e, destinationClient.Capabilities)).ToArray();
                var result = await ProgressDisplay.RunAsync(context.Console, $"Adding to {destination}", requests.Length, progress => destinationClient.AddAsync(requests, progress, ct)).ConfigureAwait(false);
                foreach (var item in result.Items)
                {
                    outcomes[item.Input.Target] = item.Outcome;
                }
            }

            using var report = new OutcomeReport(context.Console, OutputFormats.Parse(context.Value(format)));
            var alreadyExcluded = new ItemOutcome(ItemOutcomeKind.AlreadyExcluded, $"{destination} already excludes it.");
            foreach (var exclusion in wanted)
            {
                report.Add(exclusion.Target, outcomes.TryGetValue(exclusion.Target, out var outcome) ? outcome : alreadyExcluded);
            }

            report.Complete();
            return context.ExitCodeFor(report);
        });
        return command;
    }

    /// <summary>The source's active exclusions, one per normalized target (a vendor may hold several records of one target).</summary>
    private static async Task<IReadOnlyList<Exclusion>> ActiveDistinctAsync(IExclusionClient client, ExclusionQuery query, DateTimeOffset now, Action? tick, CancellationToken ct)
    {
        var seen = new HashSet<ExclusionTarget>();
        var active = new List<Exclusion>();
        await foreach (var exclusion in client.ListAsync(query, ct).ConfigureAwait(false))
        {
            tick?.Invoke();
            if (exclusion.IsActive(now) && seen.Add(exclusion.Target))
            {
                active.Add(exclusion);
            }
        }

        return active;
    }

    /// <summary>Carries what the destination can keep.</summary>
    private static ExclusionRequest ToRequest(Exclusion exclusion, ExclusionCapabilities destination)
        => new(
            exclusion.Target,
            destination.SupportsReasons ? exclusion.Reason : null,
            destination.SupportsMessages ? exclusion.Message : null,
            exclusion.Until);

    private static ItemOutcome Predict(ExclusionCapabilities capabilities, Exclusion exclusion, ExclusionProvider destination)
    {
        if (!capabilities.Supports(exclusion.Target.Type))
        {
            return new ItemOutcome(ItemOutcomeKind.Unsupported, $"Dry run: {destination} cannot exclude this type of target.");
        }

        if (exclusion.Until is not null && !capabilities.SupportsExpiry)
        {
            return new ItemOutcome(ItemOutcomeKind.Unsupported, $"Dry run: {destination} exclusions cannot expire.");
        }

        return new ItemOutcome(ItemOutcomeKind.Added, "Dry run: would be added (not sent).");
    }
}
