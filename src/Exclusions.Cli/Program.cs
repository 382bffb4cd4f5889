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

var console = new CliConsole(Console.Out, Console.Error, outputIsTerminal: !Console.IsOutputRedirected, errorIsTerminal: !Console.IsErrorRedirected);
return await CliApp.RunAsync(args, console, environment, cancellation.Token);
