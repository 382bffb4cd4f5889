using System.Net;

namespace Exclusions.Client;

/// <summary>The API key is missing, malformed, revoked or unknown (HTTP 401).</summary>
public class ExclusionAuthenticationException : ExclusionApiException
{
    /// <inheritdoc cref="ExclusionApiException(string, ExclusionApiErrorDetails, Exception)" />
    public ExclusionAuthenticationException(string message, ExclusionApiErrorDetails details, Exception? innerException = null)
        : base(message, details, innerException)
    {
    }
}
