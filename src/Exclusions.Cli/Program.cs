using System.Collections;
using Exclusions.Cli;

using var cancellation = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    // The first Ctrl+C stops between items (the result says what already happened); a second one kills.
    e.Cancel = !cancellation.IsCancellationRequested;
    cancellation.Cancel();
};

var environment = new Dictionary<string, string?>(StringComparer.Ordinal);
foreach (DictionaryEntry variable in Environment.GetEnvironmentVariables())
{
    environment[(string)variable.Key] = variable.Value as string;
}

// Console.Out flushes on every write: a 100,000-row table was ~300,000 write calls. Redirected (a file, a pipe),
// stdout is buffered instead and flushed at the end, also when the command fails or is cancelled; on a
// terminal it stays unbuffered so output appears as it comes.
var redirected = Console.IsOutputRedirected && Console.OutputEncoding.CodePage == 65001;
using var buffered = redirected
    ? new StreamWriter(Console.OpenStandardOutput(), new System.Text.UTF8Encoding(encoderShouldEmitUTF8Identifier: false), 64 * 1024) { AutoFlush = false }
    : null;
var console = new CliConsole(buffered ?? Console.Out, Console.Error, outputIsTerminal: !Console.IsOutputRedirected, errorIsTerminal: !Console.IsErrorRedirected);
try
{
    return await CliApp.RunAsync(args, console, environment, cancellation.Token);
}
finally
{
    console.Out.Flush();
}
