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

    /// <summary>
    /// The exit code of a bulk result: 3 when a vendor refused the key (the items are <c>failed</c>, but
    /// the fix is the credentials), 1 when any item failed, else 0.
    /// </summary>
    public int ExitCodeFor(OutcomeReport report)
    {
        var refused = report.Items
            .Select(i => i.Exception)
            .OfType<ExclusionApiException>()
            .FirstOrDefault(e => e is ExclusionAuthenticationException or ExclusionPermissionException);
        if (refused is not null)
        {
            Console.WriteError(CliApp.DescribeRefusal(refused, Settings));
            return CliExitCode.AuthenticationFailed;
        }

        if (report.AnyFailed)
        {
            Console.WriteError($"{report.Count(OutcomeReport.Failed)} item(s) failed; every other item was processed.");
            return CliExitCode.ItemFailed;
        }

        return CliExitCode.Success;
    }
}
