using CsCheck;
using Exclusions.Client.Internal;

namespace Exclusions.Client.Tests.Properties;

/// <summary>
/// Property tests of the normalization policy (docs/normalization.md) with CsCheck: for all inputs,
/// not for chosen examples. Iterations are kept small enough for CI; the long campaign is tests/Exclusions.Fuzz.
/// </summary>
public sealed class NormalizationProperties
{
    internal const int Iterations = 3_000;

    /// <summary>Characters that make normalization interesting: ASCII, '@', '.', Unicode letters, combining marks,
    /// RTL letters, controls, invisibles, paired and lone surrogates, whitespace, full-width dots.</summary>
    internal static readonly Gen<string> Piece = Gen.OneOf(
        Gen.Char['a', 'z'].Select(c => c.ToString()),
        Gen.Char['A', 'Z'].Select(c => c.ToString()),
        Gen.Char['0', '9'].Select(c => c.ToString()),
        Gen.OneOf("@", ".", "-", "_", "+", "www.", "xn--", "http://", "https://", "/", ":", " ", "\t", "\"", "..", "@@"),
        Gen.OneOf("ü", "Ö", "ß", "ſ", "\u212A", "\u0130", "\u0131", "用户", "例子", "广告", "é", "e\u0301", "o\u0308", "\u0308", "\u0301"),
        Gen.OneOf("\u05D0\u05D1", "\u0627\u0644", "\u200F", "\u202E"),
        Gen.OneOf("\0", "\u0001", "\u001B", "\u007F", "\u0085", "\u009F", "\uFEFF", "\u200B", "\u200C", "\u200D", "\u2060", "\r\n"),
        Gen.OneOf("😀", "\uD83D", "\uDE00", "\uDBFF", "\uDC00", "\u3002", "\uFF0E", "\uFF21"),
        Gen.Char.Select(c => c.ToString()));

    internal static readonly Gen<string> Text = Piece.Array[0, 12].Select(pieces => string.Concat(pieces));

    internal static readonly Gen<string> EmailLike = Gen.Select(Text, Gen.OneOf("acme.com", "MÜNCHEN.de", "例子.广告", "www.rival.com", "xn--mnchen-3ya.de.", "a.b"), Text)
        .Select((local, domain, tail) => local + "@" + domain + tail);

    [Fact]
    public void Normalization_is_idempotent_and_throws_only_ArgumentException()
    {
        Gen.OneOf(Text, EmailLike).Sample(value =>
        {
            Check(value, ValueNormalizer.TryNormalizeEmail, ValueNormalizer.NormalizeEmail);
            Check(value, ValueNormalizer.TryNormalizeDomain, ValueNormalizer.NormalizeDomain);
            Check(value, ValueNormalizer.TryNormalizeStoredDomain, null);
            Check(value, ValueNormalizer.TryNormalizeLinkedInUrl, ValueNormalizer.NormalizeLinkedInUrl);
            var quoted = ValueNormalizer.Quote(value);
            Assert.True(quoted.Length <= (ValueNormalizer.MaxEchoedLength * 9) + 40);
            Assert.Null(ValueNormalizer.FindForbiddenCharacter(quoted));
        }, iter: Iterations, threads: 1, print: Escape);
    }

    [Fact]
    public void A_valid_value_never_contains_an_invisible_or_control_character()
    {
        Gen.OneOf(Text, EmailLike).Sample(value =>
        {
            if (ValueNormalizer.TryNormalizeEmail(value, out var email, out _))
            {
                Assert.Null(ValueNormalizer.FindForbiddenCharacter(email));
                Assert.Equal(email, email.Trim());
            }

            if (ValueNormalizer.TryNormalizeDomain(value, out var domain, out _))
            {
                Assert.True(System.Text.Ascii.IsValid(domain), domain);
                Assert.Equal(domain, domain.ToLowerInvariant());
                Assert.False(domain.EndsWith('.'));
            }
        }, iter: Iterations, threads: 1, print: Escape);
    }

    internal delegate bool TryNormalize(string? value, out string? normalized, out string? error);

    private static void Check(string value, TryNormalize tryNormalize, Func<string?, string, string>? normalize)
    {
        if (tryNormalize(value, out var once, out var error))
        {
            Assert.True(tryNormalize(once, out var twice, out var again), again);
            Assert.Equal(once, twice);
            if (normalize is not null)
            {
                Assert.Equal(once, normalize(value, "value"));
            }
        }
        else
        {
            Assert.False(string.IsNullOrEmpty(error));
            if (normalize is not null)
            {
                Assert.ThrowsAny<ArgumentException>(() => normalize(value, "value"));
            }
        }
    }

    internal static string Escape(string value) => ValueNormalizer.Quote(value) + " [" + string.Join(' ', value.Select(c => ((int)c).ToString("X4", System.Globalization.CultureInfo.InvariantCulture))) + "]";
}
