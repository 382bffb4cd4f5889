namespace Exclusions.Client;

/// <summary>The call did not complete in time: the total timeout (<c>Resilience.TotalTimeout</c>) or, on the last attempt, the attempt timeout (<c>Resilience.AttemptTimeout</c>). <see cref="ExclusionApiException.StatusCode"/> is 0; Polly's timeout is the <see cref="Exception.InnerException"/>. The request may have been applied.</summary>
public class ExclusionTimeoutException : ExclusionApiException
{
    /// <inheritdoc cref="ExclusionApiException(string, ExclusionApiErrorDetails, Exception)" />
    public ExclusionTimeoutException(string message, ExclusionApiErrorDetails details, Exception? innerException = null)
        : base(message, details, innerException)
    {
    }
}
