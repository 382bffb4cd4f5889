using CsCheck;

namespace Exclusions.Client.Tests.Properties;

/// <summary>
/// <see cref="ExclusionSnapshot.Match(string, DateTimeOffset)"/> takes a fast path for plain ASCII addresses (one
/// pass that validates, hashes every domain level and asks a Bloom filter before any dictionary probe). These
/// properties hold it to the reference path (<see cref="ExclusionSnapshot.MatchByNormalizing"/>: the policy's full
/// normalization, every map probed) for inputs built to sit on the fast path's edges: mixed case, <c>www.</c>,
/// trailing and doubled dots, hyphens and <c>xn--</c>, long labels, Unicode look-alikes of ASCII letters
/// (U+0131, U+017F, U+212A), invisible characters, and addresses both inside and outside the blocklist.
/// </summary>
public sealed class SnapshotFastPathProperties
{
    private static readonly DateTimeOffset Now = new(2026, 6, 1, 12, 0, 0, TimeSpan.Zero);

    private static readonly string[] Labels = ["acme", "mail", "eu", "www", "rival", "b", "x-y", "new_domain", "xn--mnchen-3ya", "münchen", "co", "com", "io"];

    private static readonly string[] Locals = ["jane", "j.doe", "x+tag", "o'brien", "ſam", "sam", "dıck", "dick", "a_b", "用户", "z"];

    /// <summary>A domain of 2 to 4 labels from a small pool, so that keys and addresses meet often.</summary>
    private static readonly Gen<string> Domain = Gen.OneOf(Labels).Array[2, 4].Select(labels => string.Join('.', labels));

    private static readonly Gen<Exclusion> AnExclusion = Gen.Frequency(
        (3, (IGen<Exclusion>)Gen.Select(Domain, Gen.Bool).Select((d, vendor) => Make(ExclusionTargetType.Domain, d, vendor))),
        (2, Gen.Select(Gen.OneOf(Locals), Domain).Select((l, d) => Make(ExclusionTargetType.Email, l + "@" + d, true))));

    /// <summary>One edit that may or may not take an address off the fast path.</summary>
    private static readonly Gen<Func<string, string>> Mutation = Gen.OneOf<Func<string, string>>(
        s => s,
        s => s.ToUpperInvariant(),
        s => string.Concat(s.Select((c, i) => i % 2 == 0 ? char.ToUpperInvariant(c) : c)),
        s => s + ".",
        s => s.Replace("@", "@www.", StringComparison.Ordinal),
        s => s.Replace(".", "..", StringComparison.Ordinal),
        s => "." + s,
        s => s.Replace("@", ".@", StringComparison.Ordinal),
        s => s.Replace("@", "@-", StringComparison.Ordinal),
        s => s + "-",
        s => s.Replace("@", "@@", StringComparison.Ordinal),
        s => s.Replace("@", "", StringComparison.Ordinal),
        s => "  " + s + "\t",
        s => s.Replace("a", "\u200Ba", StringComparison.Ordinal),
        s => s.Replace("i", "\u0131", StringComparison.Ordinal),
        s => s.Replace("s", "\u017F", StringComparison.Ordinal),
        s => s.Replace("k", "\u212A", StringComparison.Ordinal),
        s => s.Replace("@", "@" + new string('a', 63) + ".", StringComparison.Ordinal),
        s => s.Replace("@", "@" + new string('a', 64) + ".", StringComparison.Ordinal),
        s => new string('l', 64) + s[Math.Max(0, s.IndexOf('@', StringComparison.Ordinal))..],
        s => new string('l', 65) + s[Math.Max(0, s.IndexOf('@', StringComparison.Ordinal))..],
        s => s.Replace("@", "@" + string.Concat(Enumerable.Repeat("a.", 40)), StringComparison.Ordinal),
        s => s.Replace("@", "@" + string.Concat(Enumerable.Repeat("abcd.", 50)), StringComparison.Ordinal),
        s => s[..^1]);

    private static readonly Gen<string> Address = Gen.Frequency(
        (8, (IGen<string>)Gen.Select(Gen.OneOf(Locals), Domain, Mutation, Mutation).Select((l, d, m1, m2) => m2(m1(l + "@" + d)))),
        (1, Gen.Char[' ', '~'].Array[0, 30].Select(chars => new string(chars))),
        (1, NormalizationProperties.EmailLike));

    [Fact]
    public void The_fast_path_answers_what_the_full_normalization_answers()
    {
        Gen.Select(AnExclusion.Array[0, 12], Address.Array[1, 8]).Sample((exclusions, addresses) =>
        {
            var snapshot = ExclusionSnapshot.Create(exclusions, Now);
            foreach (var address in addresses)
            {
                var expected = snapshot.MatchByNormalizing(address, Now);
                var actual = snapshot.Match(address, Now);
                Assert.True(
                    expected.Kind == actual.Kind && ReferenceEquals(expected.Exclusion, actual.Exclusion),
                    $"{NormalizationProperties.Escape(address)}: reference {expected.Kind} {expected.Exclusion?.Target.Value}, fast path {actual.Kind} {actual.Exclusion?.Target.Value}");
            }
        }, iter: NormalizationProperties.Iterations, threads: 1);
    }

    [Fact]
    public void The_filter_never_rules_out_a_key_an_ascii_input_equals_ignoring_case()
    {
        // Keys with Unicode characters that upper-case to ASCII (U+0131 -> 'I', U+017F -> 'S') or not (U+212A).
        var keyChar = Gen.OneOf(Gen.Char['a', 'z'], Gen.Char['A', 'Z'], Gen.OneOf('.', '-', '@', '\u0131', '\u017F', '\u212A', 'ü', '\u0130'));
        Gen.Select(keyChar.Array[1, 16].Select(c => new string(c)).Array[1, 40], Gen.Int, Gen.Bool).Sample((keys, pick, upper) =>
        {
            var filter = KeyFilter.Build(keys);
            foreach (var key in keys)
            {
                Assert.True(filter.MayContain(KeyFilter.HashKey(key)), key);
            }

            // An ASCII spelling of a key (each character as the ASCII letter it upper-cases to, in either case):
            // when the comparer the maps use calls them equal, the filter must let it through.
            var chosen = keys[(pick & int.MaxValue) % keys.Length];
            var ascii = string.Concat(chosen.Select(c => char.ToUpperInvariant(c) is var u && u < 128 ? (upper ? u : char.ToLowerInvariant(u)) : c));
            if (ascii.All(char.IsAscii) && string.Equals(ascii, chosen, StringComparison.OrdinalIgnoreCase))
            {
                Assert.True(filter.MayContain(KeyFilter.HashKey(ascii)), NormalizationProperties.Escape(chosen) + " / " + ascii);
            }
        }, iter: NormalizationProperties.Iterations, threads: 1);
    }

    [Fact]
    public void The_filter_rules_out_most_absent_keys()
    {
        var keys = Enumerable.Range(0, 30_000).Select(i => $"blocked-{i}.example.org").ToArray();
        var filter = KeyFilter.Build(keys);

        var maybe = Enumerable.Range(0, 100_000).Count(i => filter.MayContain(KeyFilter.HashKey($"clean-{i}.example.org")));

        // About 17 bits per key, two bits per key in one word: a few percent of false "maybe".
        Assert.InRange(maybe, 0, 5_000);
    }

    private static Exclusion Make(ExclusionTargetType type, string value, bool vendor)
    {
        var target = vendor ? ExclusionTarget.FromVendor(type, value) : ExclusionTarget.Create(type, value);
        return ExclusionsModelFactory.Exclusion(ExclusionProvider.Topo, target);
    }
}
