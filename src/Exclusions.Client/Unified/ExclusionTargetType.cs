using System.Diagnostics.CodeAnalysis;
using Exclusions.Client.Internal;

namespace Exclusions.Client;

/// <summary>What an exclusion blocks.</summary>
public enum ExclusionTargetType
{
    /// <summary>One e-mail address.</summary>
    Email,

    /// <summary>One LinkedIn profile URL.</summary>
    LinkedInUrl,

    /// <summary>A whole domain (and, for local checks, its subdomains).</summary>
    Domain,
}
