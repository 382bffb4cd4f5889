namespace Exclusions.Client.Testing;

/// <summary>
/// An exception the emulator itself threw while serving a request (a bug in the emulator, or in a callback a
/// test gave it such as <see cref="ExclusionsEmulatorOptions.OnRequest"/>). The client received a 500 marked
/// with the <c>X-Emulator-Failure</c> header; the failure is kept in <see cref="ExclusionsEmulator.Failures"/>
/// so it cannot pass as a vendor's ordinary server error.
/// </summary>
public sealed record EmulatorFailure
{
    /// <summary>The vendor API the request was addressed to.</summary>
    public required EmulatedVendor Vendor { get; init; }

    /// <summary>The request's method.</summary>
    public required string Method { get; init; }

    /// <summary>The request's path.</summary>
    public required string Path { get; init; }

    /// <summary>The request id the emulator assigned (also in <see cref="RecordedRequest.RequestId"/>).</summary>
    public required string RequestId { get; init; }

    /// <summary>What was thrown.</summary>
    public required Exception Exception { get; init; }

    /// <inheritdoc/>
    public override string ToString() => $"{Method} {Path} ({Vendor}, {RequestId}): {Exception.GetType().Name}: {Exception.Message}";
}
