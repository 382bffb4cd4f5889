using Exclusions.Cli.Output;
using Exclusions.Client;
using Microsoft.Extensions.Options;

namespace Exclusions.Cli;

/// <summary>
/// The exit codes of the <c>exclusions</c> command, as the CLI reference documents them, and the one
/// table that decides which code a failure or a bulk result ends with.
/// </summary>
public static class CliExitCode
{
    /// <summary>The command completed and no item failed.</summary>
    public const int Success = 0;

    /// <summary>At least one item failed after retries (every other item was still processed), or the command could not complete.</summary>
    public const int ItemFailed = 1;

    /// <summary>A usage error or invalid input; nothing was sent.</summary>
    public const int InvalidInput = 2;

    /// <summary>Authentication or permission failure (401/403), or a missing API key.</summary>
    public const int AuthenticationFailed = 3;

    /// <summary>The exit code for whatever stopped a command: the only place exceptions become exit codes.</summary>
    internal static int For(Exception exception) => exception switch
    {
        CliException { Failure: CliFailure.InvalidInput } => InvalidInput,
        CliException { Failure: CliFailure.MissingCredentials } => AuthenticationFailed,
        CliException => ItemFailed,
        ExclusionAuthenticationException or ExclusionPermissionException => AuthenticationFailed,

        // The SDK refuses bad input (and bad options) before sending anything.
        ArgumentException or OptionsValidationException => InvalidInput,
        _ => ItemFailed,
    };

    /// <summary>
    /// The exit code of a bulk result: 3 when a vendor refused the key (the items are <c>failed</c>, but
    /// the fix is the credentials), 1 when any item failed, else 0.
    /// </summary>
    internal static int For(OutcomeReport report)
        => RefusalIn(report) is { } refused ? For(refused)
            : report.AnyFailed ? ItemFailed
            : Success;

    /// <summary>The first 401/403 among a bulk result's failed items, if any.</summary>
    internal static ExclusionApiException? RefusalIn(OutcomeReport report) => report.FirstRefusal;
}
