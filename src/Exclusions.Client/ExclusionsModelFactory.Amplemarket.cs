using System.Globalization;
using Exclusions.Client.Amplemarket;

namespace Exclusions.Client;

public static partial class ExclusionsModelFactory
{
    /// <summary>Creates an <see cref="Amplemarket.ExcludedEmail"/>.</summary>
    /// <param name="email">The e-mail address.</param>
    /// <param name="source">The source, e.g. <c>amplemarket</c> or <c>salesforce</c>.</param>
    /// <param name="dateAdded">When it was added.</param>
    /// <param name="excludedReason">The reason, e.g. <c>api</c> or <c>manual</c>.</param>
    /// <returns>The model.</returns>
    public static ExcludedEmail ExcludedEmail(string? email = null, string? source = null, DateTimeOffset? dateAdded = null, string? excludedReason = null)
        => new()
        {
            Email = email,
            Source = source,
            DateAdded = dateAdded,
            DateAddedText = dateAdded?.ToString("O", CultureInfo.InvariantCulture),
            ExcludedReason = excludedReason,
        };

    /// <summary>Creates an <see cref="Amplemarket.ExcludedDomain"/>.</summary>
    /// <param name="domain">The domain.</param>
    /// <param name="source">The source, e.g. <c>amplemarket</c> or <c>salesforce</c>.</param>
    /// <param name="dateAdded">When it was added.</param>
    /// <param name="excludedReason">The reason, e.g. <c>api</c> or <c>manual</c>.</param>
    /// <returns>The model.</returns>
    public static ExcludedDomain ExcludedDomain(string? domain = null, string? source = null, DateTimeOffset? dateAdded = null, string? excludedReason = null)
        => new()
        {
            Domain = domain,
            Source = source,
            DateAdded = dateAdded,
            DateAddedText = dateAdded?.ToString("O", CultureInfo.InvariantCulture),
            ExcludedReason = excludedReason,
        };
}
