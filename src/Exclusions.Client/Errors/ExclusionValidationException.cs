using System.Net;

namespace Exclusions.Client;

/// <summary>The vendor rejected the request's content (HTTP 400 or 422).</summary>
public class ExclusionValidationException : ExclusionApiException
{
    /// <inheritdoc cref="ExclusionApiException(string, ExclusionApiErrorDetails, Exception)" />
    public ExclusionValidationException(string message, ExclusionApiErrorDetails details, Exception? innerException = null)
        : base(message, details, innerException)
    {
    }

    /// <summary>Problems per field (field name or JSON pointer → messages), when the vendor lists them.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> FieldErrors => Details.FieldErrors;
}
