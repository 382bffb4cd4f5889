using System.Globalization;

namespace Exclusions.Client.Benchmarks.Infrastructure;

/// <summary>
/// A 100,000-entry blocklist (70,000 e-mails, 30,000 domains) and 1,000,000 prospect addresses: 5 %
/// excluded by address, 5 % by domain, 5 % by a parent domain (<c>x@mail.blocked.com</c>), 85 % clean
/// (a third of those on a sub-domain, so a miss walks up to three domain levels). Deterministic.
/// </summary>
internal sealed class SnapshotData
{
    public const int BlockedEmails = 70_000;
    public const int BlockedDomains = 30_000;
    public const int Prospects = 1_000_000;

    private SnapshotData(List<Exclusion> blocklist, string[] prospects, HashSet<string> blockedEmailSet)
    {
        Blocklist = blocklist;
        ProspectEmails = prospects;
        BlockedEmailSet = blockedEmailSet;
    }

    public List<Exclusion> Blocklist { get; }

    public string[] ProspectEmails { get; }

    /// <summary>The plain reference: the blocked addresses in a case-insensitive set (whole-address lookup only).</summary>
    public HashSet<string> BlockedEmailSet { get; }

    public static SnapshotData Create()
    {
        var blocklist = new List<Exclusion>(BlockedEmails + BlockedDomains);
        var set = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < BlockedEmails; i++)
        {
            var email = BlockedEmail(i);
            set.Add(email);
            blocklist.Add(ExclusionsModelFactory.Exclusion(i % 2 == 0 ? ExclusionProvider.Topo : ExclusionProvider.Amplemarket, ExclusionTarget.Email(email)));
        }

        for (var i = 0; i < BlockedDomains; i++)
        {
            blocklist.Add(ExclusionsModelFactory.Exclusion(ExclusionProvider.Topo, ExclusionTarget.Domain(BlockedDomain(i))));
        }

        var random = new Random(20251);
        var prospects = new string[Prospects];
        for (var i = 0; i < Prospects; i++)
        {
            var roll = random.Next(100);
            var n = random.Next(1_000_000);
            prospects[i] = roll switch
            {
                < 5 => BlockedEmail(n % BlockedEmails).ToUpperInvariant(),
                < 10 => Invariant($"lead{n}@{BlockedDomain(n % BlockedDomains)}"),
                < 15 => Invariant($"lead{n}@mail.{BlockedDomain(n % BlockedDomains)}"),
                < 43 => Invariant($"lead{n}@eu.sales.clean-{n % 50_000}.io"),
                _ => Invariant($"Lead.{n}@clean-{n % 50_000}.com"),
            };
        }

        return new SnapshotData(blocklist, prospects, set);
    }

    private static string BlockedEmail(int i) => Invariant($"person{i}@company-{i % 20_000}.com");

    private static string BlockedDomain(int i) => Invariant($"blocked-{i}.example.org");

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
