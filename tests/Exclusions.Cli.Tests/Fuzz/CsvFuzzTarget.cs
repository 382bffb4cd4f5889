using CsCheck;
using Exclusions.Cli.Input;
using Exclusions.Fuzzing;

namespace Exclusions.Cli.Tests.Fuzz;

/// <summary>
/// Fuzz target over CSV reading (tests/Shared/FuzzCampaign.cs): <c>check --file</c> and <c>add --file</c>
/// input either reads or is refused with a <see cref="CliException"/> (exit 2); every row and error is on a
/// line that exists; no message is longer than a few hundred characters or holds a raw control character.
/// </summary>
[Trait("Category", "Fuzz")]
public sealed class CsvFuzzTarget
{
    private static readonly Gen<string> Piece = Gen.OneOf(
        Gen.OneOf("email", "Email", "type", "value", "VALUE", "until", "reason", "message", "name", "x"),
        Gen.OneOf(",", ",", ",", "\"", "\"\"", "\n", "\n", "\r\n", "\r", " ", ";", "\t"),
        Gen.OneOf("a@acme.com", "jörg@acme.com", "用户@例子.广告", "acme.com", "https://www.rival.com/about", "email", "domain", "linkedin", "fax", "2030-01-01", "2001-01-01", "UNSUBSCRIBED"),
        Gen.OneOf("\0", "\uFEFF", "\u200B", "\u001B", "\u0085", "\uD800", "\uDC00", "😀", "e\u0301", "\u202E"),
        Gen.OneOf(new string('a', 3_000), new string('"', 7), "@", "."),
        Gen.Char.Select(c => c.ToString()));

    private static readonly Gen<string> Csv = Gen.Select(
            Gen.OneOf("email\n", "type,value\n", "type,value,reason,message,until\n", "email,name\r\n", "\uFEFFtype,value\n", string.Empty),
            Piece.Array[0, 40])
        .Select((header, pieces) => header + string.Concat(pieces));

    /// <summary>50 inputs per seed in the short run (400 in all): each input is also written to a file and read twice.</summary>
    [Fact]
    public void Fuzz_csv() => FuzzCampaign.Run("csv", Csv, v => v, Read, inputsPerSeed: 50).AssertNoCrash();

    [Fact]
    public void Kept_crash_inputs_do_not_crash()
    {
        foreach (var (file, input) in FuzzCampaign.KeptCrashes("csv"))
        {
            var error = Record.Exception(() => Read(input));
            Assert.True(error is null, $"csv/{file}: {error}");
        }
    }

    /// <summary>
    /// The message check itself (built in code: lone surrogates do not survive an attribute argument).
    /// The old check used <c>IndexOf</c> and took every valid surrogate pair for a lone surrogate.
    /// </summary>
    [Fact]
    public void The_message_check_flags_only_raw_controls_and_lone_surrogates()
    {
        Assert.False(HasRawControlOrLoneSurrogate("line 2: \"\U0001F600\U0001F600\" is fine"));
        Assert.False(HasRawControlOrLoneSurrogate("a \"e\u0301\" and \"\u7528\u6237\" \\u{FEFF}"));
        Assert.True(HasRawControlOrLoneSurrogate("lone high " + '\uD800' + " here"));
        Assert.True(HasRawControlOrLoneSurrogate("lone low " + '\uDC00' + " here"));
        Assert.True(HasRawControlOrLoneSurrogate("reversed " + '\uDE00' + '\uD83D' + " pair"));
        Assert.True(HasRawControlOrLoneSurrogate("high at the end " + '\uD83D'));
        Assert.True(HasRawControlOrLoneSurrogate("raw NUL \0"));
        Assert.True(HasRawControlOrLoneSurrogate("raw BOM \uFEFF"));
    }

    private static readonly DateTimeOffset Now = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static void Read(string text)
    {
        var lines = 1 + text.Count(c => c == '\n') + text.Replace("\r\n", "\n", StringComparison.Ordinal).Count(c => c == '\r');
        try
        {
            var csv = CsvInput.Read(new StringReader(text), "fuzz.csv");
            foreach (var line in csv.Rows.Select(r => r.Line).Concat(csv.Errors.Select(e => e.Line)))
            {
                if (line < 1 || line > lines)
                {
                    throw new InvalidOperationException($"line {line} of a {lines}-line file");
                }
            }

            foreach (var error in csv.Errors)
            {
                CheckMessage(error.ToString());
            }
        }
        catch (CliException ex)
        {
            CheckRefusal(ex);
        }

        var path = Path.Combine(Path.GetTempPath(), $"exclusions-fuzz-{Environment.ProcessId}-{Environment.CurrentManagedThreadId}.csv");
        File.WriteAllText(path, text, new System.Text.UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: false)); // a file holds bytes: lone surrogates become U+FFFD
        try
        {
            try
            {
                _ = CheckFile.Read(path);
            }
            catch (CliException ex)
            {
                CheckRefusal(ex);
            }

            try
            {
                _ = ExclusionFile.Read(path, withDetails: true, Now);
            }
            catch (CliException ex)
            {
                CheckRefusal(ex);
            }
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static void CheckRefusal(CliException ex)
    {
        if (ex.ExitCode != CliExitCode.InvalidInput)
        {
            throw new InvalidOperationException($"exit {ex.ExitCode}, not 2", ex);
        }

        foreach (var message in ex.Messages)
        {
            CheckMessage(message);
        }
    }

    private static void CheckMessage(string message)
    {
        if (message.Length > 500 || HasRawControlOrLoneSurrogate(message))
        {
            throw new InvalidOperationException("Message too long or with a raw control character: " + FuzzCampaign.Escape(message[..Math.Min(200, message.Length)]));
        }
    }

    /// <summary>
    /// A control character, a BOM or a surrogate that is not half of a pair, looked at position by position
    /// (a high surrogate must be followed by a low one; a low one must follow a high one).
    /// </summary>
    internal static bool HasRawControlOrLoneSurrogate(string message)
    {
        for (var i = 0; i < message.Length; i++)
        {
            var c = message[i];
            if (char.IsControl(c) || c == '\uFEFF')
            {
                return true;
            }

            if (char.IsHighSurrogate(c))
            {
                if (i + 1 < message.Length && char.IsLowSurrogate(message[i + 1]))
                {
                    i++; // a pair: skip its low half
                    continue;
                }

                return true;
            }

            if (char.IsLowSurrogate(c))
            {
                return true; // a low surrogate not preceded by a high one (pairs skip theirs above)
            }
        }

        return false;
    }
}
