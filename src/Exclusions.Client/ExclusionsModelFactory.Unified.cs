namespace Exclusions.Client;

public static partial class ExclusionsModelFactory
{
    /// <summary>Creates a vendor-neutral <see cref="Client.Exclusion"/>.</summary>
    /// <param name="provider">The vendor.</param>
    /// <param name="target">What is excluded.</param>
    /// <param name="reason">The reason.</param>
    /// <param name="message">The note.</param>
    /// <param name="until">The expiry; permanent when <see langword="null"/>.</param>
    /// <param name="source">The source.</param>
    /// <param name="id">The vendor id.</param>
    /// <param name="createdAt">Creation time.</param>
    /// <param name="updatedAt">Last modification.</param>
    /// <returns>The model.</returns>
    public static Exclusion Exclusion(
        ExclusionProvider provider,
        ExclusionTarget target,
        ExclusionReason? reason = null,
        string? message = null,
        DateTimeOffset? until = null,
        string? source = null,
        string? id = null,
        DateTimeOffset? createdAt = null,
        DateTimeOffset? updatedAt = null)
    {
        ArgumentNullException.ThrowIfNull(target);
        return new Exclusion(provider, target)
        {
            Reason = reason,
            Message = message,
            Until = until,
            Source = source,
            Id = id,
            CreatedAt = createdAt,
            UpdatedAt = updatedAt,
        };
    }
}
