using System.CommandLine;
using Exclusions.Cli.Commands;
using Exclusions.Cli.Connection;
using Exclusions.Client;

namespace Exclusions.Cli;

/// <summary>
/// Runs a command's body and turns whatever ends it into an exit code and a message on stderr, in one
/// place: usage and input errors 2, refused or missing credentials 3, anything else that stopped the
/// command 1.
/// </summary>
internal sealed class CliRunner
{
    private readonly CliConsole _console;
    private readonly IReadOnlyDictionary<string, string?> _environment;
    private readonly Option<bool> _emulator;
    private readonly Option<bool> _verbose;
    private readonly Option<int?>? _concurrency;

    public CliRunner(CliConsole console, IReadOnlyDictionary<string, string?> environment, Option<bool> emulator, Option<bool> verbose, Option<int?>? concurrency = null)
    {
        _console = console;
        _environment = environment;
        _emulator = emulator;
        _verbose = verbose;
        _concurrency = concurrency;
    }

    public void SetBody(Command command, Func<CommandContext, Task<int>> body)
        => command.SetAction((parse, ct) => RunAsync(parse, body, ct));

    private async Task<int> RunAsync(ParseResult parse, Func<CommandContext, Task<int>> body, CancellationToken cancellationToken)
    {
        var settings = new CliSettings(_environment, parse.GetValue(_emulator), parse.GetValue(_verbose))
        {
            Concurrency = _concurrency is null ? null : parse.GetValue(_concurrency),
        };
        try
        {
            return await body(new CommandContext(parse, settings, _console, cancellationToken)).ConfigureAwait(false);
        }
        catch (CliException ex)
        {
            foreach (var message in ex.Messages)
            {
                _console.WriteError(message);
            }

            return ex.ExitCode;
        }
        catch (ExclusionApiException ex) when (ex is ExclusionAuthenticationException or ExclusionPermissionException)
        {
            _console.WriteError(CliApp.DescribeRefusal(ex, settings));
            return CliExitCode.AuthenticationFailed;
        }
        catch (ExclusionApiException ex)
        {
            _console.WriteError(ex.StatusCode == 0
                ? $"error: {ex.Message}"
                : $"error: {ex.Provider} answered {(int)ex.StatusCode}: {ex.Message}{(ex.RequestId is null ? string.Empty : $" (request id {ex.RequestId})")}");
            return CliExitCode.ItemFailed;
        }
        catch (ArgumentException ex)
        {
            // The SDK refuses bad input before sending anything.
            _console.WriteError($"error: {ex.Message} Nothing was sent.");
            return CliExitCode.InvalidInput;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            _console.WriteError("Cancelled.");
            return CliExitCode.ItemFailed;
        }
#pragma warning disable CA1031 // The last resort: a message and exit 1, never a stack trace on an operator's screen.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            _console.WriteError($"error: {ex.GetType().Name}: {ex.Message}");
            return CliExitCode.ItemFailed;
        }
    }
}
