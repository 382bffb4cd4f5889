namespace Exclusions.Client;

/// <summary>No response was received: the connection was refused or reset, the name did not resolve, or TLS failed. <see cref="ExclusionApiException.StatusCode"/> is 0; the socket error is the <see cref="Exception.InnerException"/>.</summary>
public class ExclusionTransportException : ExclusionApiException
{
    /// <inheritdoc cref="ExclusionApiException(string, ExclusionApiErrorDetails, Exception)" />
    public ExclusionTransportException(string message, ExclusionApiErrorDetails details, Exception? innerException = null)
        : base(message, details, innerException)
    {
    }
}
