using CsCheck;
using Exclusions.Client.Internal;

namespace Exclusions.Client.Tests.Properties;

/// <summary>
/// The snapshot's verdict equals a brute-force oracle: a linear scan applying the documented rules
/// (exact address, domain, parent domains, expiry, <c>www.</c>), for random exclusion sets and random
/// addresses drawn from the same small pools so that matches are common.
/// </summary>
public sealed class SnapshotProperties
{
    private static readonly DateTimeOffset Now = new(2026, 6, 1, 12, 0, 0, TimeSpan.Zero);

    private static readonly string[] Domains =
    [
        "acme.com", "mail.acme.com", "deep.mail.acme.com", "münchen.de", "xn--mnchen-3ya.de", "shop.münchen.de",
        "www.rival.com", "rival.com", "eu.www.rival.com", "例子.广告", "b.co", "x.b.co", "www.com", "new_domain.com",
    ];

    private static readonly string[] Locals = ["jane", "JANE", "jörg", "JÖRG", "jo\u0308rg", "ſam", "sam", "a.b", "用户", "x+tag"];

    private static readonly Gen<string> Domain = Gen.OneOf(Domains);

    private static readonly Gen<string> CaseVariant = Gen.Select(Gen.OneOf(Domains), Gen.Int[0, 3])
        .Select((d, mode) => mode switch { 0 => d, 1 => d.ToUpperInvariant(), 2 => d + ".", _ => "sub." + d });

    private static readonly Gen<DateTimeOffset?> Until = Gen.OneOf<DateTimeOffset?>(null, Now.AddDays(-1), Now.AddDays(1), Now);

    private static readonly Gen<Exclusion> AnExclusion = Gen.Frequency(
        (3, (IGen<Exclusion>)Gen.Select(Domain, Until, Gen.Bool).Select((d, until, vendor) => Make(ExclusionTargetType.Domain, d, until, vendor))),
        (2, Gen.Select(Gen.OneOf(Locals), Domain, Until).Select((l, d, until) => Make(ExclusionTargetType.Email, l + "@" + d, until, true))));

    private static readonly Gen<string> Address = Gen.Frequency(
        (6, (IGen<string>)Gen.Select(Gen.OneOf(Locals), CaseVariant).Select((l, d) => l + "@" + d)),
        (1, NormalizationProperties.EmailLike),
        (1, NormalizationProperties.Text));

    [Fact]
    public void Verdict_equals_a_linear_scan_of_the_documented_rules()
    {
        Gen.Select(AnExclusion.Array[0, 12], Address.Array[1, 8]).Sample((exclusions, addresses) =>
        {
            var snapshot = ExclusionSnapshot.Create(exclusions, Now);
            foreach (var address in addresses)
            {
                var expected = Oracle(exclusions, address, Now);
                var actual = snapshot.Match(address, Now);
                Assert.True(expected.Kind == actual.Kind, $"{NormalizationProperties.Escape(address)}: expected {expected.Kind}, got {actual.Kind}");
                if (expected.Kind != ExclusionMatchKind.None)
                {
                    Assert.True(actual.Exclusion!.IsActive(Now));
                    Assert.Contains(actual.Exclusion, expected.Candidates);
                }
            }
        }, iter: NormalizationProperties.Iterations, threads: 1);
    }

    private static Exclusion Make(ExclusionTargetType type, string value, DateTimeOffset? until, bool vendor)
    {
        // A vendor's record keeps "www." as held; a target given as input drops it.
        var target = vendor ? ExclusionTarget.FromVendor(type, value) : ExclusionTarget.Create(type, value);
        return ExclusionsModelFactory.Exclusion(ExclusionProvider.Topo, target, until: until);
    }

    /// <summary>The rules, written as plainly as possible: no maps, no spans, no fast path.</summary>
    private static (ExclusionMatchKind Kind, List<Exclusion> Candidates) Oracle(Exclusion[] exclusions, string address, DateTimeOffset at)
    {
        if (!ValueNormalizer.TryNormalizeEmail(address, out var email, out _))
        {
            return (ExclusionMatchKind.None, []);
        }

        var byEmail = exclusions.Where(e => e.Target.Type == ExclusionTargetType.Email && e.Target.Value == email && e.IsActive(at)).ToList();
        if (byEmail.Count > 0)
        {
            return (ExclusionMatchKind.Email, byEmail);
        }

        var labels = email[(email.IndexOf('@') + 1)..].Split('.');
        for (var skip = 0; skip < labels.Length - 1; skip++)
        {
            var domain = string.Join('.', labels.Skip(skip));
            var byDomain = exclusions.Where(e => e.Target.Type == ExclusionTargetType.Domain && WithoutWww(e.Target.Value) == domain && e.IsActive(at)).ToList();
            if (byDomain.Count > 0)
            {
                return (skip == 0 ? ExclusionMatchKind.Domain : ExclusionMatchKind.ParentDomain, byDomain);
            }
        }

        return (ExclusionMatchKind.None, []);
    }

    /// <summary>"www.X" covers what "X" covers ("www.com" is itself a domain).</summary>
    private static string WithoutWww(string domain)
    {
        while (domain.StartsWith("www.", StringComparison.Ordinal) && domain[4..].Contains('.', StringComparison.Ordinal))
        {
            domain = domain[4..];
        }

        return domain;
    }
}
