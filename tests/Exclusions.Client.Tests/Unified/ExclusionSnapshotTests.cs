using Exclusions.Client.Topo;

namespace Exclusions.Client.Tests.Unified;

public sealed class ExclusionSnapshotTests
{
    private static readonly DateTimeOffset Now = new(2026, 6, 1, 12, 0, 0, TimeSpan.Zero);

    private static Exclusion Make(ExclusionTarget target, DateTimeOffset? until = null, ExclusionProvider? provider = null)
        => ExclusionsModelFactory.Exclusion(provider ?? ExclusionProvider.Topo, target, until: until);

    private static ExclusionSnapshot Snapshot(params Exclusion[] exclusions) => ExclusionSnapshot.Create(exclusions, Now);

    [Theory]
    [InlineData("jane@acme.com", ExclusionMatchKind.Email)]
    [InlineData("  JANE@ACME.COM ", ExclusionMatchKind.Email)]
    [InlineData("bob@acme.com", ExclusionMatchKind.Domain)]
    [InlineData("bob@mail.acme.com", ExclusionMatchKind.ParentDomain)]
    [InlineData("bob@deep.mail.ACME.com", ExclusionMatchKind.ParentDomain)]
    [InlineData("bob@notacme.com", ExclusionMatchKind.None)]
    [InlineData("bob@acme.com.evil.io", ExclusionMatchKind.None)]
    [InlineData("not-an-email", ExclusionMatchKind.None)]
    [InlineData("", ExclusionMatchKind.None)]
    public void Matches_email_then_domain_then_parent_domains_case_insensitively(string email, ExclusionMatchKind expected)
    {
        var snapshot = Snapshot(Make(ExclusionTarget.Email("jane@acme.com")), Make(ExclusionTarget.Domain("acme.com")));

        var match = snapshot.Match(email, Now);

        Assert.Equal(expected, match.Kind);
        Assert.Equal(expected != ExclusionMatchKind.None, snapshot.IsExcluded(email, Now));
    }

    [Fact]
    public void Only_active_exclusions_count_expired_and_future_until_are_decided_per_lookup()
    {
        var snapshot = Snapshot(
            Make(ExclusionTarget.Email("expired@acme.com"), until: Now.AddDays(-1)),
            Make(ExclusionTarget.Email("temporary@acme.com"), until: Now.AddDays(1)),
            Make(ExclusionTarget.Domain("gone.io"), until: Now));

        Assert.False(snapshot.IsExcluded("expired@acme.com", Now));
        Assert.True(snapshot.IsExcluded("expired@acme.com", Now.AddDays(-2)));
        Assert.True(snapshot.IsExcluded("temporary@acme.com", Now));
        Assert.False(snapshot.IsExcluded("temporary@acme.com", Now.AddDays(2)));
        Assert.False(snapshot.IsExcluded("x@gone.io", Now));
        Assert.Equal(3, snapshot.Count);
    }

    [Fact]
    public void An_active_record_wins_over_an_expired_one_for_the_same_value()
    {
        var active = Make(ExclusionTarget.Email("jane@acme.com"), provider: ExclusionProvider.Amplemarket);
        var snapshot = Snapshot(Make(ExclusionTarget.Email("jane@acme.com"), until: Now.AddDays(-5)), active);

        var match = snapshot.Match("jane@acme.com", Now);

        Assert.Same(active, match.Exclusion);
        Assert.Equal("amplemarket:email:jane@acme.com", match.ToString());
    }

    [Fact]
    public void A_value_held_many_times_answers_its_first_active_record_in_order()
    {
        var records = Enumerable.Range(0, 9)
            .Select(i => Make(ExclusionTarget.Email("jane@acme.com"), until: i is 5 or 7 ? null : Now.AddDays(-1), provider: i == 5 ? ExclusionProvider.Amplemarket : ExclusionProvider.Topo))
            .Append(Make(ExclusionTarget.Domain("acme.com"), until: Now.AddDays(-1)))
            .Append(Make(ExclusionTarget.Domain("acme.com")))
            .ToArray();

        var snapshot = Snapshot(records);

        Assert.Same(records[5], snapshot.Match("jane@acme.com", Now).Exclusion);
        Assert.Same(records[10], snapshot.Match("bob@acme.com", Now).Exclusion);
        Assert.Same(records[0], snapshot.Match("jane@acme.com", Now.AddDays(-2)).Exclusion);
        Assert.True(snapshot.Contains(ExclusionTarget.Email("jane@acme.com"), Now));
        Assert.Equal(11, snapshot.Count);
    }

    [Fact]
    public void Idn_domains_match_in_unicode_and_punycode()
    {
        var snapshot = Snapshot(Make(ExclusionTarget.Domain("bücher.de")));

        Assert.Equal("xn--bcher-kva.de", ExclusionTarget.Domain("BÜCHER.de").Value);
        Assert.True(snapshot.IsExcluded("anna@bücher.de", Now));
        Assert.True(snapshot.IsExcluded("anna@xn--bcher-kva.de", Now));
        Assert.True(snapshot.IsExcluded("anna@shop.BÜCHER.de", Now));
        Assert.False(snapshot.IsExcluded("anna@buecher.de", Now));
    }

    [Theory]
    [InlineData("jörg@acme.com", true)]
    [InlineData("JÖRG@ACME.COM", true)]
    [InlineData("jo\u0308rg@acme.com", true)]
    [InlineData("用户@例子.广告", false)]
    [InlineData("\uFEFFjane@acme.com", false)]
    [InlineData("ja\uFEFFne@acme.com", false)]
    [InlineData("jane@acme.com\uFEFF", false)]
    public void Non_ascii_addresses_are_matched_without_recursing(string email, bool excluded)
    {
        // Regression (issue 15): a non-ASCII local part (or a BOM inside the value) made Match recurse
        // without end — a stack overflow that killed the process.
        var snapshot = Snapshot(Make(ExclusionTarget.Email("jörg@acme.com")), Make(ExclusionTarget.Domain("other.org")));

        Assert.Equal(excluded, snapshot.IsExcluded(email, Now));
    }

    [Fact]
    public void Contains_checks_exact_targets_including_linkedin()
    {
        var snapshot = Snapshot(Make(ExclusionTarget.LinkedInUrl("https://www.linkedin.com/in/jane/")), Make(ExclusionTarget.Domain("acme.com")));

        Assert.True(snapshot.Contains(ExclusionTarget.LinkedInUrl("https://www.linkedin.com/in/jane?x=1"), Now));
        Assert.True(snapshot.Contains(ExclusionTarget.Domain("acme.com"), Now));
        Assert.False(snapshot.Contains(ExclusionTarget.Domain("mail.acme.com"), Now));
    }

    [Fact]
    public void Lookups_of_ascii_addresses_do_not_allocate_on_net9_and_later()
    {
        var snapshot = Snapshot(Make(ExclusionTarget.Email("jane@acme.com")), Make(ExclusionTarget.Domain("acme.com")));
        var emails = new[] { "jane@acme.com", "bob@mail.acme.com", "x@other.org", "JANE@ACME.COM" };
        foreach (var email in emails)
        {
            snapshot.Match(email, Now);
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        var hits = 0;
        for (var i = 0; i < 10_000; i++)
        {
            if (snapshot.Match(emails[i & 3], Now).IsExcluded)
            {
                hits++;
            }
        }

        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(7_500, hits);
#if NET9_0_OR_GREATER
        Assert.Equal(0, allocated);
#else
        // net8.0 has no span lookup into a Dictionary (AlternateLookup is .NET 9+): each lookup allocates its key.
        Assert.InRange(allocated, 1, 10_000 * 3 * 128);
#endif
    }

    [Fact]
    public async Task LoadAsync_streams_every_client_once()
    {
        var topo = new FakeExclusionClient(ExclusionProvider.Topo, Make(ExclusionTarget.Domain("acme.com")));
        var amp = new FakeExclusionClient(ExclusionProvider.Amplemarket, Make(ExclusionTarget.Email("z@zeta.io"), provider: ExclusionProvider.Amplemarket));

        var snapshot = await ExclusionSnapshot.LoadAsync([topo, amp]);

        Assert.Equal(2, snapshot.Count);
        Assert.Equal(1, topo.ListCalls);
        Assert.Equal(1, amp.ListCalls);
        Assert.Equal(ExclusionProvider.Amplemarket, snapshot.Match("z@zeta.io", DateTimeOffset.UtcNow).Exclusion!.Provider);
    }

    [Fact]
    public void Target_factories_validate_and_normalize()
    {
        Assert.Equal("acme.com", ExclusionTarget.Domain("https://www.ACME.com/about?x=1").Value);
        Assert.Equal("jane.doe@acme.com", ExclusionTarget.Email("  Jane.Doe@Acme.COM ").Value);
        Assert.Equal("email:jane@acme.com", ExclusionTarget.Email("jane@acme.com").ToString());
        Assert.Equal(ExclusionTarget.Email("a@b.co"), ExclusionTarget.Create(ExclusionTargetType.Email, "A@B.CO"));
        Assert.Throws<ArgumentException>(() => ExclusionTarget.Email("nope"));
        Assert.Throws<ArgumentException>(() => ExclusionTarget.Domain("   "));
        Assert.Equal("new_domain.com", ExclusionTarget.Domain("New_Domain.com").Value);
        Assert.Throws<ArgumentException>(() => ExclusionTarget.Domain("bad domain.com"));
        Assert.Throws<ArgumentException>(() => ExclusionTarget.Domain("-bad.com"));
        Assert.False(ExclusionTarget.TryCreate(ExclusionTargetType.LinkedInUrl, "https://example.com/in/x", out _, out var error));
        Assert.Contains("LinkedIn", error, StringComparison.Ordinal);
    }

    private sealed class FakeExclusionClient(ExclusionProvider provider, params Exclusion[] items) : IExclusionClient
    {
        public int ListCalls { get; private set; }

        public ExclusionProvider Provider => provider;

        public ExclusionCapabilities Capabilities { get; } = new([ExclusionTargetType.Email, ExclusionTargetType.Domain]);

        public async IAsyncEnumerable<Exclusion> ListAsync(ExclusionQuery? query = null, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            ListCalls++;
            foreach (var item in items)
            {
                await Task.Yield();
                yield return item;
            }
        }

        public Task<BulkResult<ExclusionRequest>> AddAsync(IEnumerable<ExclusionRequest> requests, IProgress<BulkProgress>? progress = null, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public Task<BulkResult<ExclusionTarget>> RemoveAsync(IEnumerable<ExclusionTarget> targets, IProgress<BulkProgress>? progress = null, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public Task<Exclusion?> FindAsync(ExclusionTarget target, CancellationToken cancellationToken = default) => throw new NotSupportedException();
    }
}
