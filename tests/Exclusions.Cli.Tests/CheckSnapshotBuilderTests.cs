using CsCheck;
using Exclusions.Cli.Commands;
using Exclusions.Client;

namespace Exclusions.Cli.Tests;

/// <summary>
/// The check's compact snapshot (one small entry per target: the first record active at the check's moment, in
/// provider order) answers every address exactly as a snapshot of every record does, at that moment.
/// </summary>
public sealed class CheckSnapshotBuilderTests
{
    private static readonly DateTimeOffset Now = new(2026, 6, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Keeps_the_first_active_record_per_target_in_provider_order_whatever_order_they_arrive_in()
    {
        var builder = new CheckSnapshotBuilder(Now);

        // The second provider's records arrive first (its list was quicker), then the first provider's.
        builder.Add(1, Make(ExclusionProvider.Amplemarket, ExclusionTarget.Email("both@acme.com")));
        builder.Add(1, Make(ExclusionProvider.Amplemarket, ExclusionTarget.Email("lapsed@acme.com")));
        builder.Add(0, Make(ExclusionProvider.Topo, ExclusionTarget.Email("both@acme.com")));
        builder.Add(0, Make(ExclusionProvider.Topo, ExclusionTarget.Email("lapsed@acme.com"), until: Now.AddDays(-1)));
        builder.Add(0, Make(ExclusionProvider.Topo, ExclusionTarget.Domain("rival.com"), until: Now));
        builder.Add(1, Make(ExclusionProvider.Amplemarket, ExclusionTarget.Domain("rival.com")));
        builder.Add(0, Make(ExclusionProvider.Topo, ExclusionTarget.Domain("RIVAL.com"), until: Now.AddDays(1)));
        builder.Add(0, Make(ExclusionProvider.Topo, ExclusionTarget.Domain("other.com"), until: Now.AddDays(1)));
        builder.Add(0, Make(ExclusionProvider.Topo, ExclusionTarget.Domain("other.com")));

        var snapshot = builder.Build(Now);

        Assert.Equal("topo:email:both@acme.com", snapshot.Match("both@acme.com", Now).ToString());
        Assert.Equal("amplemarket:email:lapsed@acme.com", snapshot.Match("lapsed@acme.com", Now).ToString());
        Assert.Equal("topo:domain:rival.com", snapshot.Match("ceo@eu.rival.com", Now).ToString());
        Assert.Equal(Now.AddDays(1), snapshot.Match("ceo@eu.rival.com", Now).Exclusion!.Until);
        Assert.Equal(Now.AddDays(1), snapshot.Match("ceo@other.com", Now).Exclusion!.Until);
        Assert.Equal(4, snapshot.Count);
    }

    [Fact]
    public void Keeps_only_what_matched_by_needs()
    {
        var builder = new CheckSnapshotBuilder(Now);
        builder.Add(0, ExclusionsModelFactory.Exclusion(ExclusionProvider.Topo, ExclusionTarget.Email("jane@acme.com"), ExclusionReason.Unsubscribed, "a long note", Now.AddDays(3), id: Guid.NewGuid().ToString()));

        var kept = builder.Build(Now).Match("jane@acme.com", Now).Exclusion!;

        Assert.Equal((ExclusionProvider.Topo, ExclusionTarget.Email("jane@acme.com"), Now.AddDays(3)), (kept.Provider, kept.Target, kept.Until));
        Assert.Null(kept.Message);
        Assert.Null(kept.Id);
    }

    /// <summary>For any records of two providers, arriving interleaved as two concurrent lists do: the same verdict for every address as a snapshot of all of them.</summary>
    [Fact]
    public void Answers_as_a_snapshot_of_every_record_at_the_checks_moment()
    {
        var values = Gen.OneOf<string>(["a@x.com", "b@x.com", "c@mail.x.com", "a@y.org"]);
        var domains = Gen.OneOf<string>(["x.com", "mail.x.com", "y.org"]);
        var until = Gen.Int[-3, 3].Select(days => days == 0 ? (DateTimeOffset?)null : Now.AddDays(days));
        var record = Gen.Select(Gen.Bool, Gen.Bool, values, domains, until, (topo, email, address, domain, expiry) => (Rank: topo ? 0 : 1, Exclusion: Make(
            topo ? ExclusionProvider.Topo : ExclusionProvider.Amplemarket,
            email ? ExclusionTarget.Email(address) : ExclusionTarget.Domain(domain),
            until: expiry)));

        record.List[0, 20].Sample(records =>
        {
            var builder = new CheckSnapshotBuilder(Now);
            foreach (var (rank, exclusion) in records)
            {
                builder.Add(rank, exclusion);
            }

            var compact = builder.Build(Now);
            var full = ExclusionSnapshot.Create(records.Where(r => r.Rank == 0).Concat(records.Where(r => r.Rank == 1)).Select(r => r.Exclusion), Now);
            foreach (var address in new[] { "a@x.com", "b@x.com", "c@mail.x.com", "d@deep.mail.x.com", "a@y.org", "e@www.x.com", "f@z.net" })
            {
                Assert.Equal(full.Match(address, Now).ToString(), compact.Match(address, Now).ToString());
                Assert.Equal(full.Match(address, Now).Kind, compact.Match(address, Now).Kind);
            }
        });
    }

    private static Exclusion Make(ExclusionProvider provider, ExclusionTarget target, DateTimeOffset? until = null)
        => ExclusionsModelFactory.Exclusion(provider, target, until: until);
}
