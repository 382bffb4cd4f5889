using Exclusions.Client;
using Spectre.Console;

namespace Exclusions.Cli.Output;

/// <summary>
/// Progress bars on stderr, only when stderr is an interactive terminal: redirected output, pipes and
/// tests get none, and stdout is never touched.
/// </summary>
internal static class ProgressDisplay
{
    /// <summary>Runs a bulk call with a bar fed by the SDK's <see cref="BulkProgress"/> reports.</summary>
    public static async Task<T> RunAsync<T>(CliConsole console, string description, Func<IProgress<BulkProgress>?, Task<T>> work)
    {
        if (!console.ErrorIsTerminal)
        {
            return await work(null).ConfigureAwait(false);
        }

        return await Create(console).StartAsync(async context =>
        {
            var task = context.AddTask(description, maxValue: 1);
            var result = await work(new BarProgress(task)).ConfigureAwait(false);
            task.Value = task.MaxValue;
            return result;
        }).ConfigureAwait(false);
    }

    /// <summary>Runs a read of unknown length (a listing) with a spinner and a running count.</summary>
    public static async Task<T> RunCountingAsync<T>(CliConsole console, string description, Func<Action?, Task<T>> work)
    {
        if (!console.ErrorIsTerminal)
        {
            return await work(null).ConfigureAwait(false);
        }

        return await Create(console).StartAsync(async context =>
        {
            var task = context.AddTask(description).IsIndeterminate();
            var count = 0;
            var result = await work(() =>
            {
                var seen = Interlocked.Increment(ref count);
                if (seen % 100 == 0)
                {
                    task.Description = $"{description} ({seen})";
                }
            }).ConfigureAwait(false);
            task.IsIndeterminate(false).Value = task.MaxValue;
            return result;
        }).ConfigureAwait(false);
    }

    private static Progress Create(CliConsole console)
        => console.CreateErrorConsole().Progress().AutoClear(true).HideCompleted(false);

    /// <summary>Updates the bar on the reporting thread (Progress&lt;T&gt; would post to a context the CLI lacks).</summary>
    private sealed class BarProgress(ProgressTask task) : IProgress<BulkProgress>
    {
        public void Report(BulkProgress value)
        {
            task.MaxValue = Math.Max(value.Total, 1);
            task.Value = value.Completed;
        }
    }
}
