using System.CommandLine;
using Exclusions.Cli.Commands;
using Exclusions.Cli.Connection;
using Exclusions.Cli.Output;
using Exclusions.Client;

namespace Exclusions.Cli;

/// <summary>
/// Runs a command's body and turns whatever ends it into a message on stderr (<see cref="Fail"/>, the one
/// place failures are printed) and an exit code (<see cref="CliExitCode.For(Exception)"/>, the one place
/// they are decided): usage and input errors 2, refused or missing credentials 3, anything else 1.
/// </summary>
internal sealed class CliRunner
{
    private readonly CliConsole _console;
    private readonly IReadOnlyDictionary<string, string?> _environment;
    private readonly Option<bool> _emulator;
    private readonly Option<bool> _verbose;
    private readonly Option<int?>? _concurrency;
    private readonly Option<int?>? _rateLimitWait;

    public CliRunner(CliConsole console, IReadOnlyDictionary<string, string?> environment, Option<bool> emulator, Option<bool> verbose, Option<int?>? concurrency = null, Option<int?>? rateLimitWait = null)
    {
        _rateLimitWait = rateLimitWait;
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
            RateLimitWait = _rateLimitWait is not null && parse.GetValue(_rateLimitWait) is { } wait ? TimeSpan.FromSeconds(wait) : null,
        };
        try
        {
            return await body(new CommandContext(parse, settings, _console, cancellationToken)).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // Every failure ends here: one line on stderr and an exit code, never a stack trace unless --verbose.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            return Fail(_console, ex, settings, cancelled: cancellationToken.IsCancellationRequested);
        }
    }

    /// <summary>
    /// Ends a command that failed: its message on stderr (one line, plus the vendor's request id when there is
    /// one; a <see cref="CliException"/> may list several input errors), with <c>--verbose</c> the rest
    /// (exception types, inner exceptions, stack), and the exit code from <see cref="CliExitCode.For(Exception)"/>.
    /// </summary>
    internal static int Fail(CliConsole console, Exception exception, CliSettings? settings, bool cancelled = false)
    {
        foreach (var line in Describe(exception, settings, cancelled))
        {
            console.WriteError(line);
        }

        if (settings?.Verbose == true && exception is not CliException)
        {
            console.WriteError(exception.ToString());
        }

        return CliExitCode.For(exception);
    }

    /// <summary>Ends a bulk command: says why it did not fully succeed, if it did not, and returns its exit code.</summary>
    internal static int Finish(CliConsole console, CliSettings settings, OutcomeReport report)
    {
        if (CliExitCode.RefusalIn(report) is { } refused)
        {
            console.WriteError(WithRequestId(CliApp.DescribeRefusal(refused, settings), refused));
        }
        else if (report.AnyFailed)
        {
            console.WriteError($"{report.Count(OutcomeReport.Failed)} item(s) failed; every other item was processed.");
        }

        return CliExitCode.For(report);
    }

    private static IEnumerable<string> Describe(Exception exception, CliSettings? settings, bool cancelled) => exception switch
    {
        CliException cli => cli.Messages,
        OperationCanceledException when cancelled => ["Cancelled."],
        ExclusionApiException refused when refused is ExclusionAuthenticationException or ExclusionPermissionException && settings is not null
            => [WithRequestId(CliApp.DescribeRefusal(refused, settings), refused)],
        ExclusionApiException api => [WithRequestId("error: " + OneLine(api.Message), api)],
        ArgumentException argument => [$"error: {OneLine(argument.Message)} Nothing was sent."],
        _ => [$"error: {exception.GetType().Name}: {OneLine(exception.Message)}{(settings?.Verbose == true ? string.Empty : " (--verbose shows the details)")}"],
    };

    private static string WithRequestId(string line, ExclusionApiException exception)
        => exception.RequestId is { } id && !line.Contains(id, StringComparison.Ordinal) ? $"{line} (request id {id})" : line;

    /// <summary>Messages may span lines (a server's text); the failure line must not.</summary>
    private static string OneLine(string message)
        => string.Join(' ', message.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
}
