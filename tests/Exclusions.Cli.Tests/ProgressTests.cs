using System.Text.RegularExpressions;
using CsCheck;
using Exclusions.Cli.Output;
using Exclusions.Client.Testing;
using Microsoft.Extensions.Time.Testing;

namespace Exclusions.Cli.Tests;

/// <summary>
/// Progress when stderr is not a terminal: a line every 2 s (fake time) with done/total, percentage,
/// rate and ETA, a final 100 % line, nothing for an operation shorter than one interval, nothing with
/// --quiet; and the rate-limit wait note.
/// </summary>
public sealed partial class ProgressTests
{
    [Fact]
    public void Lines_every_interval_with_counts_rate_and_eta_then_a_final_100_percent_line()
    {
        var time = new FakeTimeProvider();
        var error = new StringWriter();
        var lines = new ProgressLines(error, time, "Adding to Topo", total: null);

        lines.Report(0, 2000);
        time.Advance(TimeSpan.FromSeconds(1));
        lines.Report(300, 2000);
        time.Advance(TimeSpan.FromSeconds(1));
        lines.Report(600, 2000);
        time.Advance(TimeSpan.FromSeconds(0.5));
        lines.Report(1000, 2000);
        time.Advance(TimeSpan.FromSeconds(1.5));
        lines.Report(1200, 2000);
        time.Advance(TimeSpan.FromSeconds(2));
        time.Advance(TimeSpan.FromSeconds(0.4));
        lines.Report(2000, 2000);
        lines.Complete();

        Assert.Equal(
            [
                "Adding to Topo: 300/2000 (15%), 150/s, ETA 12 s",
                "Adding to Topo: 1000/2000 (50%), 250/s, ETA 4 s",
                "Adding to Topo: 1200/2000 (60%), 200/s, ETA 4 s",
                "Adding to Topo: 2000/2000 (100%), 313/s, done in 6.4 s",
            ],
            Lines(error));
    }

    [Fact]
    public void An_operation_shorter_than_one_interval_writes_nothing()
    {
        var time = new FakeTimeProvider();
        var error = new StringWriter();
        var lines = new ProgressLines(error, time, "Adding to Topo", total: null);

        lines.Report(2, 2);
        time.Advance(TimeSpan.FromSeconds(1.9));
        lines.Complete();
        time.Advance(TimeSpan.FromSeconds(10));

        Assert.Empty(error.ToString());
    }

    [Fact]
    public void A_listing_counts_items_and_ends_with_100_percent()
    {
        var time = new FakeTimeProvider();
        var error = new StringWriter();
        var lines = new ProgressLines(error, time, "Listing Topo", total: null);

        for (var i = 0; i < 900; i++)
        {
            lines.Increment();
        }

        time.Advance(TimeSpan.FromSeconds(2));
        lines.Increment();
        time.Advance(TimeSpan.FromSeconds(1));
        lines.Complete();

        Assert.Equal(["Listing Topo: 900 so far, 450/s", "Listing Topo: 901/901 (100%), 300/s, done in 3.0 s"], Lines(error));
    }

    [Fact]
    public void A_stalled_operation_still_reports_and_a_wait_note_is_written_at_once()
    {
        var time = new FakeTimeProvider();
        var error = new StringWriter();
        var lines = new ProgressLines(error, time, "Adding to Amplemarket", total: null);

        lines.Report(100, 400);
        lines.Note("Amplemarket: rate limit reached (429), waiting 41 s");
        time.Advance(TimeSpan.FromSeconds(2));
        time.Advance(TimeSpan.FromSeconds(2));

        Assert.Equal(
            [
                "Amplemarket: rate limit reached (429), waiting 41 s",
                "Adding to Amplemarket: 100/400 (25%), 50/s, ETA 6 s",
                "Adding to Amplemarket: 100/400 (25%), 25/s, ETA 12 s",
            ],
            Lines(error));
    }

    [Fact]
    public void A_failed_operation_gets_no_final_line()
    {
        var time = new FakeTimeProvider();
        var error = new StringWriter();
        using (var lines = new ProgressLines(error, time, "Adding to Topo", total: null))
        {
            lines.Report(10, 20);
            time.Advance(TimeSpan.FromSeconds(2));
        }

        time.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal(["Adding to Topo: 10/20 (50%), 5/s, ETA 2 s"], Lines(error));
    }

    /// <summary>
    /// For any run (reports in any order, any pauses): one periodic line per whole interval elapsed, counts
    /// and percentages never go down, and the last line is 100 % exactly when any line was written.
    /// </summary>
    [Fact]
    public void For_any_run_lines_follow_the_clock_never_go_back_and_end_at_100_percent()
    {
        var step = Gen.Select(Gen.Int[0, 3000], Gen.Int[0, 50]);
        Gen.Select(Gen.Int[1, 500], step.Array[0, 40]).Sample((total, steps) =>
        {
            var time = new FakeTimeProvider();
            var error = new StringWriter();
            var lines = new ProgressLines(error, time, "Adding to Topo", total: null);
            var done = 0;
            var elapsed = TimeSpan.Zero;
            foreach (var (advanceMs, more) in steps)
            {
                done = Math.Min(total, done + more);
                lines.Report(done, total);
                time.Advance(TimeSpan.FromMilliseconds(advanceMs));
                elapsed += TimeSpan.FromMilliseconds(advanceMs);
            }

            lines.Report(total, total);
            lines.Complete();

            var written = Lines(error);
            var periodic = (int)(elapsed.Ticks / ProgressLines.Interval.Ticks);
            Assert.Equal(periodic == 0 ? 0 : periodic + 1, written.Length);
            var counts = written.Select(l => Count().Match(l)).Select(m => (Done: int.Parse(m.Groups[1].Value), Percent: int.Parse(m.Groups[3].Value))).ToArray();
            Assert.All(counts.Zip(counts.Skip(1)), pair => Assert.True(pair.First.Done <= pair.Second.Done && pair.First.Percent <= pair.Second.Percent));
            if (written.Length > 0)
            {
                Assert.StartsWith($"Adding to Topo: {total}/{total} (100%), ", written[^1], StringComparison.Ordinal);
                Assert.All(written[..^1], l => Assert.Contains(", ETA ", l, StringComparison.Ordinal));
            }
        });
    }

    /// <summary>The real command, in-process, its requests slowed by the emulator so that fake progress time passes while it runs.</summary>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Add_from_a_file_prints_progress_lines_on_a_redirected_stderr_unless_quiet(bool quiet)
    {
        await using var cli = await CliHarness.StartAsync();
        cli.Emulator.Faults.Add(FaultRule.Delay(TimeSpan.FromMilliseconds(30)) with { Vendor = EmulatedVendor.Topo, Method = "POST" });
        var file = cli.WriteFile("type,value\n" + string.Concat(Enumerable.Range(0, 40).Select(i => $"email,p{i}@acme.com\n")));
        var time = new FakeTimeProvider();
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var console = new CliConsole(stdout, stderr, outputIsTerminal: false, errorIsTerminal: false, time);
        var args = new List<string> { "add", "--provider", "topo", "--file", file, "--format", "csv", "--concurrency", "1" };
        if (quiet)
        {
            args.Add("--quiet");
        }

        var run = CliApp.RunAsync([.. args], console, cli.Environment, CancellationToken.None);
        while (!run.IsCompleted)
        {
            time.Advance(TimeSpan.FromSeconds(1));
            await Task.Delay(15);
        }

        Assert.Equal(0, await run);
        Assert.Equal(41, stdout.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
        var progress = Lines(stderr).Where(l => l.StartsWith("Adding to Topo: ", StringComparison.Ordinal)).ToArray();
        if (quiet)
        {
            Assert.Empty(stderr.ToString());
            return;
        }

        Assert.True(progress.Length >= 2, stderr.ToString());
        Assert.All(progress[..^1], l => Assert.Matches(@"^Adding to Topo: \d+/40 \(\d+%\), \d+/s, ETA (\d+ s|\d+ min \d\d s|unknown)$", l));
        Assert.Matches(@"^Adding to Topo: 40/40 \(100%\), \d+/s, done in ([\d.]+ s|\d+ min \d\d s)$", progress[^1]);
    }

    /// <summary>A 429 with Retry-After is announced with its delay (real time: one 1 s wait), and silenced by --quiet.</summary>
    [Fact]
    public async Task A_429_wait_is_announced_with_its_duration()
    {
        await using var cli = await CliHarness.StartAsync();
        cli.Emulator.Faults.Add(FaultRule.RateLimit(TimeSpan.FromSeconds(1)) with { Vendor = EmulatedVendor.Topo, Method = "POST", Times = 1 });

        var run = await cli.RunAsync("add", "--provider", "topo", "--type", "email", "--value", "a@acme.com", "--format", "csv");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("Topo: rate limit reached (429), waiting 1 s", run.Stderr, StringComparison.Ordinal);

        cli.Emulator.Faults.Add(FaultRule.RateLimit(TimeSpan.FromSeconds(1)) with { Vendor = EmulatedVendor.Topo, Method = "POST", Times = 1 });
        var quiet = await cli.RunAsync("add", "--provider", "topo", "--type", "email", "--value", "b@acme.com", "--format", "csv", "--quiet");
        Assert.True(quiet.ExitCode == 0, quiet.ToString());
        Assert.Empty(quiet.Stderr);
    }

    [GeneratedRegex(@"^Adding to Topo: (\d+)/(\d+) \((\d+)%\)")]
    private static partial Regex Count();

    private static string[] Lines(StringWriter writer)
        => writer.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r')).ToArray();
}
