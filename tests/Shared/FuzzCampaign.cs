using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using CsCheck;

namespace Exclusions.Fuzzing;

/// <summary>
/// The fuzz harness shared by the test projects (compiled into each): a CsCheck generator is driven by a
/// fixed list of seeds (PCG streams), deterministically, and every input the property throws on is a crash.
/// <list type="bullet">
/// <item>In the normal test run (<c>.ci/run</c>) each target tries <see cref="ShortRunInputsPerSeed"/> inputs
/// per seed (or the fewer it asks for): the same inputs on every run, a few seconds per target.</item>
/// <item><c>fuzz/run.sh TARGET MINUTES</c> sets <c>FUZZ_SECONDS</c>: the target then cycles through the seeds
/// (seed, seed + 1·2³², seed + 2·2³², …) until the time is up, and appends a line with the inputs tried
/// and crashes to <c>FUZZ_REPORT</c>; each crash input is written to <c>FUZZ_CRASH_DIR</c>/target/.</item>
/// <item>Crash inputs kept under tests/fuzz-crashes/target/ are replayed by every test run (regressions).</item>
/// </list>
/// Inputs are stored escaped (<see cref="Escape"/>): one line, any UTF-16 code unit, lone surrogates included.
/// </summary>
internal static class FuzzCampaign
{
    /// <summary>Inputs per seed in the short run, unless the target asks for fewer (a slow target such as csv).</summary>
    public const int ShortRunInputsPerSeed = 250;

    /// <summary>The fixed seed list (arbitrary, never changed, so a short run is the same run everywhere).</summary>
    public static readonly ulong[] Seeds = [0x15, 0xC0FFEE, 0xBADC0DE, 0x5EED_0001, 0x5EED_0002, 0xDEADBEEF, 0x0123456789ABCDEF, 0xFEDCBA9876543210];

    public static FuzzRunResult Run<T>(string target, Gen<T> gen, Func<T, string> input, Action<string> property, int inputsPerSeed = ShortRunInputsPerSeed)
    {
        var seconds = int.TryParse(Environment.GetEnvironmentVariable("FUZZ_SECONDS"), NumberStyles.None, CultureInfo.InvariantCulture, out var s) ? s : 0;
        var clock = Stopwatch.StartNew();
        var crashes = new List<(string Input, Exception Error)>();
        long tried = 0;
        var round = 0UL;
        do
        {
            foreach (var seed in Seeds)
            {
                var pcg = new PCG(1, seed + (round << 32));
                for (var i = 0; i < inputsPerSeed; i++)
                {
                    var value = input(gen.Generate(pcg, null, out _));
                    tried++;
                    try
                    {
                        property(value);
                    }
#pragma warning disable CA1031 // Every exception is a finding.
                    catch (Exception e)
#pragma warning restore CA1031
                    {
                        if (crashes.Count < 50)
                        {
                            crashes.Add((value, e));
                        }
                    }
                }

                if (seconds > 0 && clock.Elapsed.TotalSeconds >= seconds)
                {
                    break;
                }
            }

            round++;
        }
        while (seconds > 0 && clock.Elapsed.TotalSeconds < seconds);

        var result = new FuzzRunResult(target, clock.Elapsed, tried, crashes);
        Record(result);
        return result;
    }

    /// <summary>Replays the crash inputs kept in tests/fuzz-crashes/<paramref name="target"/>/ (copied beside the tests).</summary>
    public static IReadOnlyList<(string File, string Input)> KeptCrashes(string target)
    {
        var directory = Path.Combine(AppContext.BaseDirectory, "fuzz-crashes", target);
        return Directory.Exists(directory)
            ? Directory.GetFiles(directory, "*.txt").Order(StringComparer.Ordinal).Select(f => (Path.GetFileName(f), Unescape(File.ReadAllText(f).TrimEnd('\n')))).ToArray()
            : [];
    }

    /// <summary>A line of printable ASCII: <c>\</c> and everything outside 0x20..0x7E as <c>\uXXXX</c>.</summary>
    public static string Escape(string value)
    {
        var builder = new StringBuilder(value.Length);
        foreach (var c in value)
        {
            if (c == '\\')
            {
                builder.Append(@"\\");
            }
            else if (c is >= ' ' and <= '~')
            {
                builder.Append(c);
            }
            else
            {
                builder.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:X4}");
            }
        }

        return builder.ToString();
    }

    public static string Unescape(string line)
    {
        var builder = new StringBuilder(line.Length);
        for (var i = 0; i < line.Length; i++)
        {
            if (line[i] == '\\' && i + 1 < line.Length && line[i + 1] == '\\')
            {
                builder.Append('\\');
                i++;
            }
            else if (line[i] == '\\' && i + 5 < line.Length && line[i + 1] == 'u')
            {
                builder.Append((char)int.Parse(line.AsSpan(i + 2, 4), NumberStyles.HexNumber, CultureInfo.InvariantCulture));
                i += 5;
            }
            else
            {
                builder.Append(line[i]);
            }
        }

        return builder.ToString();
    }

    private static void Record(FuzzRunResult result)
    {
        if (Environment.GetEnvironmentVariable("FUZZ_CRASH_DIR") is { Length: > 0 } crashDirectory)
        {
            var directory = Path.Combine(crashDirectory, result.Target);
            foreach (var (input, _) in result.Crashes)
            {
                Directory.CreateDirectory(directory);
                var name = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Escape(input))))[..16] + ".txt";
                File.WriteAllText(Path.Combine(directory, name), Escape(input) + "\n");
            }
        }

        if (Environment.GetEnvironmentVariable("FUZZ_REPORT") is { Length: > 0 } report)
        {
            File.AppendAllText(
                report,
                string.Create(CultureInfo.InvariantCulture, $"{result.Target}\t{result.Elapsed.TotalSeconds:0}s\t{result.InputsTried} inputs\t{result.Crashes.Count} crashes\n"));
        }
    }
}

/// <summary>One run of one target.</summary>
internal sealed record FuzzRunResult(string Target, TimeSpan Elapsed, long InputsTried, IReadOnlyList<(string Input, Exception Error)> Crashes)
{
    /// <summary>Fails the test with the first crashes, their inputs escaped.</summary>
    public void AssertNoCrash()
        => Xunit.Assert.True(
            Crashes.Count == 0,
            $"{Target}: {Crashes.Count} crash(es) in {InputsTried} inputs:\n" + string.Join("\n", Crashes.Take(5).Select(c => $"{FuzzCampaign.Escape(c.Input)[..Math.Min(300, FuzzCampaign.Escape(c.Input).Length)]}\n  -> {c.Error.GetType().Name}: {c.Error.Message}")));
}
