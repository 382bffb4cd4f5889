namespace Exclusions.Client.Testing;

/// <summary>What an injected fault does to a request. See <see cref="FaultRule"/>.</summary>
public enum FaultKind
{
    /// <summary>Respond <c>429 Too Many Requests</c> without processing, optionally with <c>Retry-After</c>.</summary>
    RateLimit,

    /// <summary>Respond with a 5xx status (500, 502, 503 or 504) without processing.</summary>
    ServerError,

    /// <summary>Wait, then process the request normally.</summary>
    Latency,

    /// <summary>Drop the connection before processing: no state changes, the client sees a transport error.</summary>
    DropConnection,

    /// <summary>
    /// Process the request fully (state changes), then drop the connection instead of sending the
    /// response: the client sees a transport error although the write happened.
    /// </summary>
    ApplyThenDropResponse,
}
