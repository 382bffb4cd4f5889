using System.Net;

namespace Exclusions.Client;

/// <summary>The API key is valid but lacks a permission or scope (HTTP 403).</summary>
public class ExclusionPermissionException : ExclusionApiException
{
    /// <inheritdoc cref="ExclusionApiException(string, ExclusionApiErrorDetails, Exception)" />
    public ExclusionPermissionException(string message, ExclusionApiErrorDetails details, Exception? innerException = null)
        : base(message, details, innerException)
    {
    }

    /// <summary>The missing scope when the vendor names it (e.g. <c>exclusions:write</c>), otherwise <see langword="null"/>.</summary>
    public string? MissingScope => Details.MissingScope;
}
