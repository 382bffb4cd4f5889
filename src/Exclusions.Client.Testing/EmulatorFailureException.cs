namespace Exclusions.Client.Testing;

/// <summary>
/// Thrown when the emulator failed while serving requests: by <see cref="ExclusionsEmulator.ThrowIfFailed"/>,
/// by <see cref="ExclusionsEmulator.DisposeAsync"/> (unless <see cref="ExclusionsEmulatorOptions.ThrowOnDisposeIfFailed"/>
/// is off), and by clients registered with <c>AddExclusionsEmulator</c> for the very request that failed.
/// <see cref="Exception.InnerException"/> is the first failure's exception.
/// </summary>
public sealed class EmulatorFailureException : Exception
{
    /// <summary>Creates the exception for one or more failures.</summary>
    /// <param name="failures">The failures, oldest first; at least one.</param>
    public EmulatorFailureException(IReadOnlyList<EmulatorFailure> failures)
        : base(Describe(failures), failures.Count > 0 ? failures[0].Exception : null)
    {
        Failures = failures;
    }

    /// <summary>Creates the exception with a message only.</summary>
    public EmulatorFailureException()
        : this([])
    {
    }

    /// <summary>Creates the exception with a message only.</summary>
    /// <param name="message">The message.</param>
    public EmulatorFailureException(string message)
        : base(message)
    {
        Failures = [];
    }

    /// <summary>Creates the exception with a message and an inner exception.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public EmulatorFailureException(string message, Exception innerException)
        : base(message, innerException)
    {
        Failures = [];
    }

    /// <summary>The failures, oldest first.</summary>
    public IReadOnlyList<EmulatorFailure> Failures { get; }

    private static string Describe(IReadOnlyList<EmulatorFailure> failures) =>
        failures.Count == 0
            ? "The emulator failed."
            : $"The emulator failed while serving {failures.Count} request(s) (a bug in the emulator or in a test callback, not a vendor behaviour): "
              + string.Join("; ", failures.Take(5)) + (failures.Count > 5 ? "; …" : "");
}
