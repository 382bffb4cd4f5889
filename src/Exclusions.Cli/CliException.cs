namespace Exclusions.Cli;

/// <summary>
/// Ends a command with one or more messages for stderr and a <see cref="CliFailure"/>, which
/// <see cref="CliExitCode.For(Exception)"/> (and only it) turns into the exit code. Thrown before anything
/// is sent for usage errors, invalid input and missing keys, so the caller's state is never half-changed.
/// </summary>
internal sealed class CliException : Exception
{
    public CliException(CliFailure failure, string message)
        : this(failure, [message])
    {
    }

    public CliException(CliFailure failure, IReadOnlyList<string> messages)
        : base(string.Join(Environment.NewLine, messages))
    {
        Failure = failure;
        Messages = messages;
    }

    public CliFailure Failure { get; }

    /// <summary>The exit code this failure ends the command with.</summary>
    public int ExitCode => CliExitCode.For(this);

    public IReadOnlyList<string> Messages { get; }

    public static CliException Usage(string message) => new(CliFailure.InvalidInput, message);
}
