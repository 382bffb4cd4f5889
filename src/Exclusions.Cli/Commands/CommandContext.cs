using System.CommandLine;
using Exclusions.Cli.Connection;
using Exclusions.Cli.Output;
using Exclusions.Client;

namespace Exclusions.Cli.Commands;

/// <summary>What a command's body gets: its parsed options, the environment, the console and cancellation.</summary>
internal sealed class CommandContext
{
    public CommandContext(ParseResult parse, CliSettings settings, CliConsole console, CancellationToken cancellationToken)
    {
        Parse = parse;
        Settings = settings;
        Console = console;
        CancellationToken = cancellationToken;
    }

    public ParseResult Parse { get; }

    public CliSettings Settings { get; }

    public CliConsole Console { get; }

    public CancellationToken CancellationToken { get; }

    public T? Value<T>(Option<T> option) => Parse.GetValue(option);

    public Task<ProviderConnection> ConnectAsync(params ExclusionProvider[] providers)
        => ProviderConnection.OpenAsync(providers, Settings, Console, CancellationToken);

    /// <summary>Ends a bulk command with its exit code (see <see cref="CliRunner.Finish"/>).</summary>
    public int ExitCodeFor(OutcomeReport report) => CliRunner.Finish(Console, Settings, report);
}
