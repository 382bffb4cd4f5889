namespace Exclusions.Client;

/// <summary>The vendor failed often enough that the SDK's circuit breaker is open: the call was not sent. Try again after <c>Resilience.CircuitBreakerBreakDuration</c>. <see cref="ExclusionApiException.StatusCode"/> is 0.</summary>
public class ExclusionCircuitOpenException : ExclusionApiException
{
    /// <inheritdoc cref="ExclusionApiException(string, ExclusionApiErrorDetails, Exception)" />
    public ExclusionCircuitOpenException(string message, ExclusionApiErrorDetails details, Exception? innerException = null)
        : base(message, details, innerException)
    {
    }
}
