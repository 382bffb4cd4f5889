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

            // The destination first, kept small (whether it holds a target is all that matters: one entry per active
            // target, as check keeps); then the source streams past it, and only what the destination lacks is kept
            // whole (its reason, message and expiry are sent). A 100,000-item sync holds no second full list.
            var present = await ProgressDisplay.RunCountingAsync(context.Console, $"Reading {destination}", async tick =>
            {
                var builder = new CheckSnapshotBuilder(now);
                await builder.AddAllAsync(0, destinationClient.ListAsync(query, ct), tick, ct).ConfigureAwait(false);
                return builder.Build(now);
            }).ConfigureAwait(false);
            var wanted = await ProgressDisplay.RunCountingAsync(context.Console, $"Reading {source}", tick => ActiveDistinctAsync(sourceClient, query, present, now, tick, ct)).ConfigureAwait(false);

            var missing = wanted.Select(w => w.Missing).OfType<Exclusion>().ToArray();
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
            foreach (var (target, _) in wanted)
            {
                report.Add(target, outcomes.TryGetValue(target, out var outcome) ? outcome : alreadyExcluded);
            }

            report.Complete();
            return context.ExitCodeFor(report);
        });
        return command;
    }

    /// <summary>
    /// The source's active exclusions, one per normalized target (a vendor may hold several records of one target), in
    /// its list's order: each with the whole record when <paramref name="present"/> lacks it (to be sent), else the target alone.
    /// </summary>
    private static async Task<IReadOnlyList<(ExclusionTarget Target, Exclusion? Missing)>> ActiveDistinctAsync(
        IExclusionClient client, ExclusionQuery query, ExclusionSnapshot present, DateTimeOffset now, Action? tick, CancellationToken ct)
    {
        var seen = new HashSet<ExclusionTarget>();
        var active = new List<(ExclusionTarget, Exclusion?)>();
        var garbage = YoungGarbageCap.Start();
        await foreach (var exclusion in client.ListAsync(query, ct).ConfigureAwait(false))
        {
            garbage.Step();
            tick?.Invoke();
            if (exclusion.IsActive(now) && seen.Add(exclusion.Target))
            {
                active.Add((exclusion.Target, present.Contains(exclusion.Target, now) ? null : exclusion));
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
