using System.Net;

namespace Exclusions.Client;

/// <summary>The vendor throttled the request (HTTP 429) and the SDK's retries, if any, are spent.</summary>
public class ExclusionRateLimitedException : ExclusionApiException
{
    /// <inheritdoc cref="ExclusionApiException(string, ExclusionApiErrorDetails, Exception)" />
    public ExclusionRateLimitedException(string message, ExclusionApiErrorDetails details, Exception? innerException = null)
        : base(message, details, innerException)
    {
    }

    /// <summary>How long to wait before trying again, from <c>Retry-After</c>; <see langword="null"/> when the vendor sent none.</summary>
    public TimeSpan? RetryAfter => Details.RetryAfter;
}
