using System.Globalization;
using Exclusions.Client.Internal;

namespace Exclusions.Client.Tests.Internal;

/// <summary>The written policy (docs/normalization.md), rule by rule, with examples.</summary>
public sealed class ValueNormalizerTests
{
    [Theory]
    [InlineData("münchen.de")]
    [InlineData("MÜNCHEN.DE")]
    [InlineData("xn--mnchen-3ya.de")]
    [InlineData("XN--MNCHEN-3YA.DE.")]
    [InlineData("https://www.münchen.de/impressum")]
    [InlineData("  www.MÜNCHEN.de  ")]
    public void Domains_have_one_canonical_form(string input)
    {
        Assert.True(ValueNormalizer.TryNormalizeDomain(input, out var normalized, out var error), error);
        Assert.Equal("xn--mnchen-3ya.de", normalized);
    }

    [Theory]
    [InlineData("https://www.rival.com/about", "rival.com")]
    [InlineData("www.rival.com", "rival.com")]
    [InlineData("WWW.www.rival.com", "rival.com")]
    [InlineData("www.com", "www.com")]
    [InlineData("wwwx.rival.com", "wwwx.rival.com")]
    [InlineData("shop.www.rival.com", "shop.www.rival.com")]
    public void A_leading_www_label_is_dropped_on_input(string input, string expected)
    {
        // Regression (issue 15, defect 3): the README's own example was stored as www.rival.com.
        Assert.Equal(expected, ExclusionTarget.Domain(input).Value);
    }

    [Fact]
    public void A_vendor_record_keeps_its_www_label_but_covers_the_bare_domain_in_checks()
    {
        var held = ExclusionTarget.FromVendor(ExclusionTargetType.Domain, "www.Rival.com");
        Assert.Equal("www.rival.com", held.Value);

        var snapshot = ExclusionSnapshot.Create([ExclusionsModelFactory.Exclusion(ExclusionProvider.Topo, held)]);
        Assert.True(snapshot.IsExcluded("ceo@rival.com"));
        Assert.True(snapshot.IsExcluded("ceo@eu.rival.com"));
        Assert.True(snapshot.IsExcluded("ceo@www.rival.com"));
        Assert.False(snapshot.IsExcluded("ceo@notrival.com"));
        Assert.True(snapshot.Contains(ExclusionTarget.Domain("rival.com"), DateTimeOffset.UtcNow));
    }

    [Fact]
    public void The_readme_example_excludes_the_ceo()
    {
        // Regression (issue 15, defect 3): a domain given as https://www.rival.com/about must exclude ceo@rival.com.
        var snapshot = ExclusionSnapshot.Create([ExclusionsModelFactory.Exclusion(ExclusionProvider.Topo, ExclusionTarget.Domain("https://www.rival.com/about"))]);

        Assert.Equal(ExclusionMatchKind.Domain, snapshot.Match("ceo@rival.com", DateTimeOffset.UtcNow).Kind);
    }

    [Theory]
    [InlineData("jörg@acme.com", "jörg@acme.com")]
    [InlineData("JÖRG@ACME.COM", "jörg@acme.com")]
    [InlineData("jo\u0308rg@acme.com", "jörg@acme.com")]
    [InlineData("用户@例子.广告", "用户@xn--fsqu00a.xn--4rr70v")]
    [InlineData("ſam@acme.com", "sam@acme.com")]
    [InlineData("jane@ACME.com.", "jane@acme.com")]
    [InlineData("jane@www.acme.com", "jane@www.acme.com")]
    public void Internationalized_addresses_are_valid_and_compare_case_insensitively_in_nfc(string input, string expected)
    {
        Assert.True(ValueNormalizer.TryNormalizeEmail(input, out var normalized, out var error), error);
        Assert.Equal(expected, normalized);
    }

    [Fact]
    public void Rfc5321_lengths_are_enforced_in_octets()
    {
        Assert.True(ValueNormalizer.TryNormalizeEmail(new string('a', 64) + "@acme.com", out _, out _));
        Assert.False(ValueNormalizer.TryNormalizeEmail(new string('a', 65) + "@acme.com", out _, out var local));
        Assert.Contains("65 octets", local, StringComparison.Ordinal);

        // 32 × 'ö' is 32 characters but 64 octets; 33 is too long.
        Assert.True(ValueNormalizer.TryNormalizeEmail(new string('ö', 32) + "@acme.com", out _, out _));
        Assert.False(ValueNormalizer.TryNormalizeEmail(new string('ö', 33) + "@acme.com", out _, out _));

        var longDomain = string.Join('.', Enumerable.Repeat(new string('d', 60), 4)) + ".com"; // 247 characters
        Assert.False(ValueNormalizer.TryNormalizeEmail("abcdefghij@" + longDomain, out _, out var address));
        Assert.Contains("(at most 254)", address, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("ja\uFEFFne@acme.com", "U+FEFF", 3)]
    [InlineData("\uFEFFjane@acme.com", "U+FEFF", 1)]
    [InlineData("jane@ac\u200Bme.com", "U+200B", 8)]
    [InlineData("ja\u200Dne@acme.com", "U+200D", 3)]
    [InlineData("ja\u2060ne@acme.com", "U+2060", 3)]
    [InlineData("ja\0ne@acme.com", "U+0000", 3)]
    [InlineData("ja\u0085ne@acme.com", "U+0085", 3)]
    [InlineData("ja\u001bne@acme.com", "U+001B", 3)]
    public void Invisible_and_control_characters_are_refused_naming_the_code_point(string input, string codePoint, int position)
    {
        Assert.False(ValueNormalizer.TryNormalizeEmail(input, out _, out var error));
        Assert.Contains(codePoint, error, StringComparison.Ordinal);
        Assert.Contains($"position {position}", error, StringComparison.Ordinal);
        Assert.DoesNotContain(input.Trim(), error, StringComparison.Ordinal);
        var character = (char)Convert.ToInt32(codePoint[2..], 16);
        Assert.False(ExclusionTarget.TryCreate(ExclusionTargetType.Domain, "ac" + character + "me.com", out _, out var domainError));
        Assert.Contains(codePoint, domainError, StringComparison.Ordinal);
    }

    [Fact]
    public void Unpaired_surrogates_are_refused_naming_the_code_point()
    {
        // Not a [Theory]: test-case serialization would turn a lone surrogate into U+FFFD.
        Assert.False(ValueNormalizer.TryNormalizeEmail("ja\uD800ne@acme.com", out _, out var high));
        Assert.Contains("U+D800 at position 3", high, StringComparison.Ordinal);
        Assert.False(ValueNormalizer.TryNormalizeEmail("jane@acme.com\uDC00", out _, out var low));
        Assert.Contains("U+DC00", low, StringComparison.Ordinal);
        Assert.True(ValueNormalizer.TryNormalizeEmail("jane\uD83D\uDE00@acme.com", out _, out _));
    }

    [Fact]
    public void Errors_echo_at_most_80_characters_and_escape_controls()
    {
        var huge = new string('x', 1_000_000) + "\0";
        Assert.False(ValueNormalizer.TryNormalizeEmail(huge, out _, out var error));
        Assert.True(error.Length < 300, error);
        Assert.Contains("(1000001 characters)", error, StringComparison.Ordinal);
        Assert.DoesNotContain("\0", error, StringComparison.Ordinal);

        Assert.Equal("\"a\\u{0000}b\\u{000A}\"", ValueNormalizer.Quote("a\0b\n"));
        Assert.Equal("\"😀\"", ValueNormalizer.Quote("😀"));
        Assert.Equal("\"\\u{D800}\"", ValueNormalizer.Quote("\uD800"));
    }

    /// <summary>
    /// Regression: bidi controls were echoed raw, so a U+202E (RIGHT-TO-LEFT OVERRIDE) in a value showed the
    /// rest of the error message reversed. Every one of them is escaped; plain RTL text (Hebrew) is not.
    /// </summary>
    [Fact]
    public void Errors_escape_bidirectional_formatting_characters()
    {
        char[] bidi = ['\u200E', '\u200F', '\u202A', '\u202B', '\u202C', '\u202D', '\u202E', '\u2066', '\u2067', '\u2068', '\u2069'];
        foreach (var c in bidi)
        {
            var quoted = ValueNormalizer.Quote("evil" + c + "moc.emca@");
            Assert.Equal(string.Create(CultureInfo.InvariantCulture, $"\"evil\\u{{{(int)c:X4}}}moc.emca@\""), quoted);
        }

        Assert.False(ValueNormalizer.TryNormalizeEmail("ja..ne\u202Emoc.emca@acme.com", out _, out var error));
        Assert.DoesNotContain("\u202E", error, StringComparison.Ordinal);
        Assert.Contains("\\u{202E}", error, StringComparison.Ordinal);
        Assert.Equal("\"\u05E9\u05DC\u05D5\u05DD\"", ValueNormalizer.Quote("\u05E9\u05DC\u05D5\u05DD"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("a@b")]
    [InlineData("@acme.com")]
    [InlineData("jane@")]
    [InlineData("a@b@acme.com")]
    [InlineData(".jane@acme.com")]
    [InlineData("ja..ne@acme.com")]
    [InlineData("ja ne@acme.com")]
    [InlineData("jane@-acme.com")]
    [InlineData("jane@acme..com")]
    [InlineData("jane@xn--zz.com")]
    public void Malformed_addresses_are_refused(string input)
        => Assert.False(ValueNormalizer.TryNormalizeEmail(input, out _, out _));

    [Theory]
    [InlineData("http://1.2.3.4/x")]
    [InlineData("ftp://acme.com/x")]
    [InlineData("com")]
    [InlineData("acme.com..")]
    [InlineData("bad domain.com")]
    public void Malformed_domains_are_refused(string input)
        => Assert.False(ValueNormalizer.TryNormalizeDomain(input, out _, out _));
}
