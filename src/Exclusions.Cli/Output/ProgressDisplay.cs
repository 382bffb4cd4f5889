using System.Globalization;
using Exclusions.Client;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace Exclusions.Cli.Output;

/// <summary>
/// Progress on stderr (stdout is never touched). On a terminal a live bar: done/total, percentage, rate
/// and ETA. Otherwise plain lines every few seconds with the same counts and a final 100 % line
/// (<see cref="ProgressLines"/>). Nothing with <c>--quiet</c>. While an operation runs, rate-limit waits
/// (<see cref="CliConsole.ReportWait"/>) are written with it: above the bar, or as a line.
/// </summary>
internal static class ProgressDisplay
{
    /// <summary>Runs a bulk call with progress fed by the SDK's <see cref="BulkProgress"/> reports.</summary>
    /// <param name="console">Where progress goes.</param>
    /// <param name="description">What is done, e.g. <c>Adding to Topo</c>.</param>
    /// <param name="total">How many items (shown before the first report arrives).</param>
    /// <param name="work">The bulk call, given the progress sink (<see langword="null"/> with <c>--quiet</c>).</param>
    public static async Task<T> RunAsync<T>(CliConsole console, string description, int total, Func<IProgress<BulkProgress>?, Task<T>> work)
    {
        if (console.Quiet)
        {
            return await work(null).ConfigureAwait(false);
        }

        var terminal = console.ErrorIsTerminal ? console.CreateErrorConsole() : null;
        if (terminal is null || !CanDrawBar(terminal))
        {
            using var lines = new ProgressLines(console.Error, console.Time, description, total);
            using var notes = console.BeginProgress(lines.Note);
            var result = await work(new Reporter(v => lines.Report(v.Completed, v.Total))).ConfigureAwait(false);
            lines.Complete();
            return result;
        }

        return await CreateBar(terminal).StartAsync(async context =>
        {
            using var notes = console.BeginProgress(message => terminal.MarkupLine(Markup.Escape(message)));
            var task = context.AddTask(description, maxValue: Math.Max(total, 1));
            var result = await work(new Reporter(value =>
            {
                task.MaxValue = Math.Max(value.Total, 1);
                task.Value = value.Completed;
            })).ConfigureAwait(false);
            task.Value = task.MaxValue;
            return result;
        }).ConfigureAwait(false);
    }

    /// <summary>Runs a read of unknown length (a listing) with a running count and rate.</summary>
    public static async Task<T> RunCountingAsync<T>(CliConsole console, string description, Func<Action?, Task<T>> work)
    {
        if (console.Quiet)
        {
            return await work(null).ConfigureAwait(false);
        }

        var terminal = console.ErrorIsTerminal ? console.CreateErrorConsole() : null;
        if (terminal is null || !CanDrawBar(terminal))
        {
            using var lines = new ProgressLines(console.Error, console.Time, description, total: null);
            using var notes = console.BeginProgress(lines.Note);
            var result = await work(lines.Increment).ConfigureAwait(false);
            lines.Complete();
            return result;
        }

        return await CreateCounter(terminal).StartAsync(async context =>
        {
            using var notes = console.BeginProgress(message => terminal.MarkupLine(Markup.Escape(message)));
            var task = context.AddTask(description, maxValue: double.MaxValue).IsIndeterminate();
            var result = await work(() => task.Increment(1)).ConfigureAwait(false);
            task.IsIndeterminate(false);
            task.MaxValue = Math.Max(task.Value, 1);
            task.Value = task.MaxValue;
            return result;
        }).ConfigureAwait(false);
    }

    /// <summary>A live bar needs ANSI (cursor movement); a terminal without it (TERM=dumb) gets the plain lines.</summary>
    private static bool CanDrawBar(IAnsiConsole terminal) => terminal.Profile.Capabilities.Ansi && terminal.Profile.Capabilities.Interactive;

    private static Progress CreateBar(IAnsiConsole terminal)
        => terminal.Progress().AutoClear(false).HideCompleted(false).Columns(
            new TaskDescriptionColumn(),
            new ProgressBarColumn(),
            new CountColumn(),
            new PercentageColumn(),
            new RateColumn(),
            new EtaColumn());

    private static Progress CreateCounter(IAnsiConsole terminal)
        => terminal.Progress().AutoClear(false).HideCompleted(false).Columns(
            new SpinnerColumn(),
            new TaskDescriptionColumn(),
            new CountColumn(),
            new RateColumn(),
            new ElapsedTimeColumn());

    /// <summary>Reports on the reporting thread (Progress&lt;T&gt; would post to a context the CLI lacks).</summary>
    private sealed class Reporter(Action<BulkProgress> report) : IProgress<BulkProgress>
    {
        public void Report(BulkProgress value) => report(value);
    }

    /// <summary><c>1200/2000</c>, or <c>1200</c> for a listing.</summary>
    private sealed class CountColumn : ProgressColumn
    {
        public override IRenderable Render(RenderOptions options, ProgressTask task, TimeSpan deltaTime)
            => new Text(task.IsIndeterminate || task.MaxValue >= double.MaxValue
                ? string.Create(CultureInfo.InvariantCulture, $"{task.Value:0}")
                : string.Create(CultureInfo.InvariantCulture, $"{task.Value:0}/{task.MaxValue:0}"));
    }

    /// <summary>Items per second over the recent samples.</summary>
    private sealed class RateColumn : ProgressColumn
    {
        public override IRenderable Render(RenderOptions options, ProgressTask task, TimeSpan deltaTime)
            => new Text(task.Speed is { } speed ? string.Create(CultureInfo.InvariantCulture, $"{speed:0}/s") : "-/s", new Style(Color.Grey));
    }

    /// <summary><c>ETA 12 s</c> while running.</summary>
    private sealed class EtaColumn : ProgressColumn
    {
        public override IRenderable Render(RenderOptions options, ProgressTask task, TimeSpan deltaTime)
        {
            if (task.IsFinished)
            {
                return new Text($"done in {ProgressLines.FormatDuration(task.ElapsedTime ?? TimeSpan.Zero, precise: true)}");
            }

            return new Text(task.RemainingTime is { } remaining ? $"ETA {ProgressLines.FormatDuration(remaining, precise: false)}" : "ETA unknown", new Style(Color.Grey));
        }
    }
}
