using System.Net;
using Exclusions.Client.Topo;

namespace Exclusions.Client;

/// <summary>
/// Builds the SDK's output models so that users can return them from mocks in their own tests
/// (the models' constructors are not public because only the SDK creates them from responses).
/// </summary>
public static partial class ExclusionsModelFactory
{
    /// <summary>Creates a <see cref="ContactExclusion"/>.</summary>
    /// <param name="id">The UUID; a new one when <see langword="null"/>.</param>
    /// <param name="email">The e-mail address.</param>
    /// <param name="linkedInUrl">The LinkedIn URL.</param>
    /// <param name="reason">The reason; <see cref="ExclusionReason.Unknown"/> when <see langword="null"/>.</param>
    /// <param name="message">The note.</param>
    /// <param name="until">The expiry; permanent when <see langword="null"/>.</param>
    /// <param name="createdAt">Creation time; <see cref="DateTimeOffset.UnixEpoch"/> when <see langword="null"/>.</param>
    /// <param name="updatedAt">Last modification; <paramref name="createdAt"/> when <see langword="null"/>.</param>
    /// <returns>The model.</returns>
    public static ContactExclusion ContactExclusion(
        Guid? id = null,
        string? email = null,
        string? linkedInUrl = null,
        ExclusionReason? reason = null,
        string? message = null,
        DateTimeOffset? until = null,
        DateTimeOffset? createdAt = null,
        DateTimeOffset? updatedAt = null)
        => new()
        {
            Id = id ?? Guid.NewGuid(),
            Email = email,
            LinkedInUrl = linkedInUrl,
            Reason = reason ?? ExclusionReason.Unknown,
            Message = message,
            Until = until,
            CreatedAt = createdAt ?? DateTimeOffset.UnixEpoch,
            UpdatedAt = updatedAt ?? createdAt ?? DateTimeOffset.UnixEpoch,
        };

    /// <summary>Creates an <see cref="AccountExclusion"/>.</summary>
    /// <param name="id">The UUID; a new one when <see langword="null"/>.</param>
    /// <param name="domain">The domain.</param>
    /// <param name="reason">The reason; <see cref="ExclusionReason.Unknown"/> when <see langword="null"/>.</param>
    /// <param name="message">The note.</param>
    /// <param name="until">The expiry; permanent when <see langword="null"/>.</param>
    /// <param name="createdAt">Creation time; <see cref="DateTimeOffset.UnixEpoch"/> when <see langword="null"/>.</param>
    /// <param name="updatedAt">Last modification; <paramref name="createdAt"/> when <see langword="null"/>.</param>
    /// <returns>The model.</returns>
    public static AccountExclusion AccountExclusion(
        Guid? id = null,
        string? domain = null,
        ExclusionReason? reason = null,
        string? message = null,
        DateTimeOffset? until = null,
        DateTimeOffset? createdAt = null,
        DateTimeOffset? updatedAt = null)
        => new()
        {
            Id = id ?? Guid.NewGuid(),
            Domain = domain,
            Reason = reason ?? ExclusionReason.Unknown,
            Message = message,
            Until = until,
            CreatedAt = createdAt ?? DateTimeOffset.UnixEpoch,
            UpdatedAt = updatedAt ?? createdAt ?? DateTimeOffset.UnixEpoch,
        };

    /// <summary>Creates a <see cref="TopoApiKeyInfo"/>.</summary>
    /// <param name="name">The key's name.</param>
    /// <param name="scopes">The scopes.</param>
    /// <param name="keyPrefix">The displayed prefix.</param>
    /// <param name="id">The key id.</param>
    /// <param name="organizationId">The organization id.</param>
    /// <returns>The model.</returns>
    public static TopoApiKeyInfo TopoApiKeyInfo(string? name = null, IEnumerable<string>? scopes = null, string? keyPrefix = null, string? id = null, string? organizationId = null)
        => new()
        {
            Name = name,
            Scopes = scopes?.ToArray() ?? [],
            KeyPrefix = keyPrefix,
            Id = id,
            OrganizationId = organizationId,
        };

    /// <summary>Creates an <see cref="ExclusionApiException"/> of the subtype the SDK would raise for <paramref name="statusCode"/>.</summary>
    /// <param name="provider">The vendor.</param>
    /// <param name="statusCode">The HTTP status.</param>
    /// <param name="errorCode">The vendor error code.</param>
    /// <param name="message">The vendor message.</param>
    /// <param name="requestId">The request id.</param>
    /// <param name="retryAfter">For 429: the delay.</param>
    /// <returns>The exception (not thrown).</returns>
    public static ExclusionApiException ApiException(ExclusionProvider provider, HttpStatusCode statusCode, string? errorCode = null, string? message = null, string? requestId = null, TimeSpan? retryAfter = null)
    {
        var details = new ExclusionApiErrorDetails(provider, statusCode)
        {
            ErrorCode = errorCode,
            Message = message,
            RequestId = requestId,
            RetryAfter = retryAfter,
        };
        return Errors.ApiErrorMapper.CreateTyped($"{provider} API returned {(int)statusCode}: {message}", details);
    }
}
