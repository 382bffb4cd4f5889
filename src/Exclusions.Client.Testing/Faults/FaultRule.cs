namespace Exclusions.Client.Testing;

/// <summary>
/// A fault to inject into matching requests. Create one with a factory method, then narrow it with
/// <see langword="with"/>: <c>FaultRule.ServerError(503) with { Vendor = EmulatedVendor.Topo, Times = 2 }</c>.
/// </summary>
/// <remarks>
/// Injected faults act in front of the emulated API, like a gateway would: a rate-limit or 5xx fault
/// does not authenticate the request, change state or count towards the emulator's own rate limits.
/// The error body uses the vendor's documented error shape.
/// </remarks>
public sealed record FaultRule
{
    private FaultRule(FaultKind kind) => Kind = kind;

    /// <summary>What the fault does.</summary>
    public FaultKind Kind { get; }

    /// <summary>Only requests to this vendor match; <see langword="null"/> (the default) matches both.</summary>
    public EmulatedVendor? Vendor { get; init; }

    /// <summary>Only requests with this HTTP method match (case-insensitive); <see langword="null"/> matches all.</summary>
    public string? Method { get; init; }

    /// <summary>
    /// Only requests whose path starts with this prefix match (case-insensitive), e.g.
    /// <c>/v1/contact-exclusions</c> or <c>/excluded-emails</c>; <see langword="null"/> matches all.
    /// </summary>
    public string? PathPrefix { get; init; }

    /// <summary>
    /// How many matching requests the fault applies to before it is used up;
    /// <see langword="null"/> (the default) means every matching request.
    /// </summary>
    public int? Times { get; init; }

    /// <summary>
    /// The chance, from 0 to 1, that a matching request is faulted (default 1). Draws come from the
    /// emulator's seeded generator (<see cref="ExclusionsEmulatorOptions.RandomSeed"/>).
    /// </summary>
    public double Probability { get; init; } = 1.0;

    /// <summary>The status code sent for <see cref="FaultKind.RateLimit"/> (429) and <see cref="FaultKind.ServerError"/>.</summary>
    public int StatusCode { get; init; }

    /// <summary>For <see cref="FaultKind.RateLimit"/>: the <c>Retry-After</c> delay to send, or <see langword="null"/> for no header.</summary>
    public TimeSpan? RetryAfter { get; init; }

    /// <summary>
    /// For <see cref="FaultKind.RateLimit"/>: send <c>Retry-After</c> as an HTTP date (now + <see cref="RetryAfter"/>,
    /// by the emulator's clock) instead of whole seconds.
    /// </summary>
    public bool RetryAfterAsHttpDate { get; init; }

    /// <summary>For <see cref="FaultKind.Latency"/>: how long to wait. Real (wall-clock) time, so a fake clock cannot stall it.</summary>
    public TimeSpan Latency { get; init; }

    /// <summary>Respond <c>429</c>, with <c>Retry-After</c> in seconds when <paramref name="retryAfter"/> is given.</summary>
    /// <param name="retryAfter">The delay to advertise; <see langword="null"/> sends no <c>Retry-After</c> header.</param>
    /// <returns>The rule.</returns>
    public static FaultRule RateLimit(TimeSpan? retryAfter = null) =>
        new(FaultKind.RateLimit) { StatusCode = 429, RetryAfter = retryAfter };

    /// <summary>Respond <c>429</c> with <c>Retry-After</c> as an HTTP date <paramref name="retryAfter"/> from now.</summary>
    /// <param name="retryAfter">The delay to advertise.</param>
    /// <returns>The rule.</returns>
    public static FaultRule RateLimitUntilDate(TimeSpan retryAfter) =>
        new(FaultKind.RateLimit) { StatusCode = 429, RetryAfter = retryAfter, RetryAfterAsHttpDate = true };

    /// <summary>Respond with a server error.</summary>
    /// <param name="statusCode">500, 502, 503 (the default) or 504.</param>
    /// <returns>The rule.</returns>
    public static FaultRule ServerError(int statusCode = 503)
    {
        if (statusCode is not (500 or 502 or 503 or 504))
        {
            throw new ArgumentOutOfRangeException(nameof(statusCode), statusCode, "Expected 500, 502, 503 or 504.");
        }

        return new FaultRule(FaultKind.ServerError) { StatusCode = statusCode };
    }

    /// <summary>Wait <paramref name="latency"/> before processing the request normally.</summary>
    /// <param name="latency">The added delay.</param>
    /// <returns>The rule.</returns>
    public static FaultRule Delay(TimeSpan latency)
    {
        if (latency < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(latency), latency, "Latency cannot be negative.");
        }

        return new FaultRule(FaultKind.Latency) { Latency = latency };
    }

    /// <summary>Drop the connection before the request is processed.</summary>
    /// <returns>The rule.</returns>
    public static FaultRule DropConnection() => new(FaultKind.DropConnection);

    /// <summary>Process the request (state changes), then drop the connection instead of responding.</summary>
    /// <returns>The rule.</returns>
    public static FaultRule ApplyThenDropResponse() => new(FaultKind.ApplyThenDropResponse);

    internal bool Matches(EmulatedVendor vendor, string method, string path) =>
        (Vendor is null || Vendor == vendor)
        && (Method is null || string.Equals(Method, method, StringComparison.OrdinalIgnoreCase))
        && (PathPrefix is null || path.StartsWith(PathPrefix, StringComparison.OrdinalIgnoreCase));
}
