namespace Exclusions.Cli;

/// <summary>
/// Ends a command with an exit code and one or more messages for stderr. Thrown before anything is
/// sent for usage errors, invalid input and missing keys, so the caller's state is never half-changed.
/// </summary>
internal sealed class CliException : Exception
{
    public CliException(int exitCode, string message)
        : this(exitCode, [message])
    {
    }

    public CliException(int exitCode, IReadOnlyList<string> messages)
        : base(string.Join(Environment.NewLine, messages))
    {
        ExitCode = exitCode;
        Messages = messages;
    }

    public int ExitCode { get; }

    public IReadOnlyList<string> Messages { get; }

    public static CliException Usage(string message) => new(CliExitCode.InvalidInput, message);
}
