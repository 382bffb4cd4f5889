using System.Globalization;
using System.Text.Json;
using Exclusions.Client.Testing;

namespace Exclusions.Cli.Tests;

/// <summary>
/// <c>list</c> at real sizes, in-process against the emulator: every stored entry exactly once, in the
/// vendor's order, in every format; and output that stops part-way (a failed page, Ctrl+C) still parses.
/// </summary>
public sealed class ListStreamingTests
{
    [Theory]
    [InlineData("amplemarket", "csv")]
    [InlineData("amplemarket", "json")]
    [InlineData("amplemarket", "table")]
    [InlineData("topo", "csv")]
    [InlineData("topo", "json")]
    [InlineData("topo", "table")]
    public async Task Listing_12000_entries_prints_each_exactly_once_in_order(string provider, string format)
    {
        const int Count = 12_000;
        await using var cli = await CliHarness.StartAsync(new ExclusionsEmulatorOptions { AmplemarketRequestsPerMinute = null });
        var start = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var expected = Enumerable.Range(0, Count).Select(i => string.Create(CultureInfo.InvariantCulture, $"user{i}@example{i % 97}.com")).ToList();
        foreach (var (email, i) in expected.Select((e, i) => (e, i)))
        {
            if (provider == "topo")
            {
                cli.Emulator.Topo.SeedContactExclusion(email, createdAt: start.AddSeconds(i));
            }
            else
            {
                cli.Emulator.Amplemarket.SeedEmail(email);
            }
        }

        cli.Environment["COLUMNS"] = "250"; // wide enough that no value is cut

        var run = await cli.RunAsync(TimeSpan.FromMinutes(2), "list", "--provider", provider, "--format", format);

        Assert.True(run.ExitCode == 0, run.Stderr);
        var listed = Values(format, run.Stdout);
        Assert.Equal(Count, listed.Count);
        Assert.Equal(expected, listed);
        if (format == "table")
        {
            Assert.EndsWith($"{Count} exclusion(s)", run.Stdout.TrimEnd(), StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("json", false)]
    [InlineData("csv", false)]
    [InlineData("table", false)]
    [InlineData("json", true)]
    [InlineData("csv", true)]
    [InlineData("table", true)]
    public async Task Output_that_stops_after_the_first_page_is_whole_as_far_as_it_goes(string format, bool cancel)
    {
        // The first page (2000 entries) is answered; then the key is revoked (the next page is a 401) or the
        // run is cancelled as Ctrl+C does, while the second page is on its way.
        using var stop = new CancellationTokenSource();
        ExclusionsEmulator? emulator = null;
        var options = new ExclusionsEmulatorOptions
        {
            AmplemarketRequestsPerMinute = null,
            OnRequest = request =>
            {
                if (request.Vendor == EmulatedVendor.Amplemarket && request.Method == "GET" && !request.Query.Contains("page[after]", StringComparison.Ordinal))
                {
                    if (cancel)
                    {
                        stop.Cancel();
                    }
                    else
                    {
                        emulator!.Amplemarket.RemoveApiKey(emulator.AmplemarketApiKey);
                    }
                }
            },
        };
        await using var cli = await CliHarness.StartAsync(options);
        emulator = cli.Emulator;
        for (var i = 0; i < 2_500; i++)
        {
            cli.Emulator.Amplemarket.SeedEmail(string.Create(CultureInfo.InvariantCulture, $"user{i}@acme.com"));
        }

        cli.Environment["COLUMNS"] = "250";
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var exitCode = await CliApp.RunAsync(["list", "--provider", "amplemarket", "--format", format], stdout, stderr, cli.Environment, stop.Token);

        Assert.NotEqual(0, exitCode);
        Assert.NotEqual("", stderr.ToString());
        // Parses: JSON closed, CSV on whole records; or nothing at all when it stopped before its first row (a failure
        // before any row leaves stdout empty rather than holding an empty list).
        var listed = stdout.ToString().Length == 0 ? [] : Values(format, stdout.ToString());
        Assert.InRange(listed.Count, 0, 2_000);
        Assert.Equal(Enumerable.Range(0, listed.Count).Select(i => string.Create(CultureInfo.InvariantCulture, $"user{i}@acme.com")), listed);
        if (!cancel)
        {
            Assert.Equal(2_000, listed.Count); // the page that arrived is printed whole
        }

        Assert.DoesNotContain("exclusion(s)", stdout.ToString(), StringComparison.Ordinal); // no summary under a table that did not finish
    }

    /// <summary>The value column of list output in each format, parsed strictly.</summary>
    private static List<string> Values(string format, string stdout)
    {
        switch (format)
        {
            case "json":
                using (var json = JsonDocument.Parse(stdout))
                {
                    return json.RootElement.EnumerateArray().Select(e => e.GetProperty("value").GetString()!).ToList();
                }

            case "csv":
                using (var reader = new CsvHelper.CsvReader(new StringReader(stdout), CultureInfo.InvariantCulture))
                {
                    var values = new List<string>();
                    Assert.True(reader.Read() && reader.ReadHeader());
                    Assert.Equal("value", reader.HeaderRecord![2]);
                    while (reader.Read())
                    {
                        Assert.Equal(9, reader.Parser.Count);
                        values.Add(reader.GetField(2)!);
                    }

                    return values;
                }

            default:
                var lines = stdout.Split('\n').Select(l => l.TrimEnd('\r')).ToList();
                var rule = lines.FindIndex(l => l.StartsWith('─'));
                Assert.True(rule == 1, stdout.Length > 2000 ? stdout[..2000] : stdout);
                return lines.Skip(2)
                    .Where(l => l.StartsWith("amplemarket ", StringComparison.Ordinal) || l.StartsWith("topo ", StringComparison.Ordinal))
                    .Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries)[2])
                    .ToList();
        }
    }
}
