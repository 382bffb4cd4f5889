using System.Net;

namespace Exclusions.Client;

/// <summary>The resource does not exist (HTTP 404).</summary>
public class ExclusionNotFoundException : ExclusionApiException
{
    /// <inheritdoc cref="ExclusionApiException(string, ExclusionApiErrorDetails, Exception)" />
    public ExclusionNotFoundException(string message, ExclusionApiErrorDetails details, Exception? innerException = null)
        : base(message, details, innerException)
    {
    }
}
