namespace Exclusions.Cli;

/// <summary>Why a command stopped on its own (a <see cref="CliException"/>); <see cref="CliExitCode.For(Exception)"/> maps each to an exit code.</summary>
internal enum CliFailure
{
    /// <summary>A usage error or invalid input (options, files, settings); nothing was sent.</summary>
    InvalidInput,

    /// <summary>An API key is missing; nothing was sent.</summary>
    MissingCredentials,

    /// <summary>The command ran but could not do what was asked (e.g. no exclusion with that id).</summary>
    NotDone,
}
