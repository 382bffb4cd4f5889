namespace Exclusions.Client;

/// <summary>What happened to one item of a bulk call. Every input item gets exactly one.</summary>
public enum ItemOutcomeKind
{
    /// <summary>The exclusion was created.</summary>
    Added,

    /// <summary>An exclusion for this value already existed (Topo 409, Amplemarket <c>duplicated</c>).</summary>
    AlreadyExcluded,

    /// <summary>The exclusion was removed.</summary>
    Removed,

    /// <summary>There was nothing to remove (Amplemarket <c>not_found</c>, no Topo match).</summary>
    NotFound,

    /// <summary>The vendor cannot do this for this item (CRM-managed record, a target type or expiry it lacks).</summary>
    Unsupported,

    /// <summary>The item failed, or was not attempted (see <see cref="ItemOutcome.Exception"/>).</summary>
    Failed,

    /// <summary>The vendor answered with a status the SDK does not know (kept in <see cref="ItemOutcome.VendorStatus"/>), or did not mention the item.</summary>
    Unknown,
}
