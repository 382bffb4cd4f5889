using System.Net;

namespace Exclusions.Client;

/// <summary>The request conflicts with the current state, e.g. a duplicate exclusion (HTTP 409).</summary>
public class ExclusionConflictException : ExclusionApiException
{
    /// <inheritdoc cref="ExclusionApiException(string, ExclusionApiErrorDetails, Exception)" />
    public ExclusionConflictException(string message, ExclusionApiErrorDetails details, Exception? innerException = null)
        : base(message, details, innerException)
    {
    }
}
