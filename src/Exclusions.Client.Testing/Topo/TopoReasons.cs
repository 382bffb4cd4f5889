namespace Exclusions.Client.Testing.Topo;

/// <summary>The reason codes documented under "Exclusion reasons".</summary>
internal static class TopoReasons
{
    public static readonly IReadOnlyList<string> All =
    [
        "UNSUBSCRIBED", "CONTACT_REFUSED", "BOUNCED", "WRONG_PERSON", "LEFT_COMPANY",
        "BAD_TIMING", "OUT_OF_OFFICE", "MEETING", "INTERESTED", "COMPETITOR",
        "REFERRAL", "EXCLUDE_FROM_SEARCH", "EXCLUDE_FROM_CRM", "OTHER", "UNKNOWN",
    ];

    private static readonly HashSet<string> Known = new(All, StringComparer.Ordinal);

    /// <summary>
    /// Whether the API accepts <paramref name="reason"/>. Codes are case-sensitive, as documented.
    /// Seeding bypasses this so tests can put a reason the SDK does not know yet on the wire.
    /// </summary>
    public static bool IsKnown(string reason) => Known.Contains(reason);
}
