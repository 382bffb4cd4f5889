using System.Runtime.CompilerServices;
using System.Text;
using Exclusions.Client.Internal;

namespace Exclusions.Client;

/// <summary>How a prospect matched an exclusion.</summary>
public enum ExclusionMatchKind
{
    /// <summary>No active exclusion covers the address.</summary>
    None,

    /// <summary>The e-mail address itself is excluded.</summary>
    Email,

    /// <summary>The address's domain is excluded.</summary>
    Domain,

    /// <summary>A parent of the address's domain is excluded (<c>x@mail.acme.com</c> by <c>acme.com</c>).</summary>
    ParentDomain,
}
