using System.Net;

namespace Exclusions.Client;

/// <summary>The vendor failed to process the request (HTTP 5xx).</summary>
public class ExclusionServerException : ExclusionApiException
{
    /// <inheritdoc cref="ExclusionApiException(string, ExclusionApiErrorDetails, Exception)" />
    public ExclusionServerException(string message, ExclusionApiErrorDetails details, Exception? innerException = null)
        : base(message, details, innerException)
    {
    }
}
