namespace Exclusions.Client.Testing;

/// <summary>
/// One request the emulator received, as kept in <see cref="ExclusionsEmulator.Requests"/>.
/// The <c>Authorization</c> header is never stored: only whether one was sent.
/// </summary>
public sealed record RecordedRequest
{
    /// <summary>The vendor API the request was addressed to.</summary>
    public required EmulatedVendor Vendor { get; init; }

    /// <summary>The HTTP method, e.g. <c>POST</c>.</summary>
    public required string Method { get; init; }

    /// <summary>The request path, e.g. <c>/v1/contact-exclusions</c>.</summary>
    public required string Path { get; init; }

    /// <summary>The raw query string including the leading <c>?</c>, or an empty string.</summary>
    public required string Query { get; init; }

    /// <summary>The request body as text, or <see langword="null"/> when the request had none.</summary>
    public string? Body { get; init; }

    /// <summary>The request's <c>Content-Type</c> header, if any.</summary>
    public string? ContentType { get; init; }

    /// <summary>Whether an <c>Authorization</c> header was present. Its value is never recorded.</summary>
    public required bool HadAuthorization { get; init; }

    /// <summary>
    /// The status code sent to the client, or <see langword="null"/> when the connection was dropped
    /// and the client received no response (see <see cref="FaultKind.DropConnection"/> and
    /// <see cref="FaultKind.ApplyThenDropResponse"/>).
    /// </summary>
    public int? StatusCode { get; init; }

    /// <summary>The fault injected into this request, if any.</summary>
    public FaultKind? Fault { get; init; }

    /// <summary>The request id the emulator assigned (sent to Topo clients as <c>X-Request-Id</c>).</summary>
    public required string RequestId { get; init; }

    /// <summary>When the request arrived, according to the emulator's <see cref="TimeProvider"/>.</summary>
    public required DateTimeOffset Timestamp { get; init; }
}
