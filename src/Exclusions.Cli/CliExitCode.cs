namespace Exclusions.Cli;

/// <summary>The exit codes of the <c>exclusions</c> command, as the CLI reference documents them.</summary>
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
}
