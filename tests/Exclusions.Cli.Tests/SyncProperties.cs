using System.Text.Json;
using CsCheck;
using Exclusions.Client;

namespace Exclusions.Cli.Tests;

/// <summary>
/// <c>sync --from topo --to amplemarket</c> for any pair of lists, against a simple oracle: every active Topo target
/// gets exactly one outcome (<c>already_excluded</c> where Amplemarket holds it, <c>unsupported</c> for an expiry
/// Amplemarket cannot keep, otherwise <c>added</c>), nothing lapsed is reported, and afterwards Amplemarket holds
/// what it held plus every permanent Topo target it lacked: nothing deleted, nothing doubled.
/// </summary>
public sealed class SyncProperties
{
    private static readonly Gen<string> Email = Gen.Select(Gen.OneOf(Gen.Const("jane"), Gen.Const("bob"), Gen.Const("x")), Gen.Int[0, 9], Gen.OneOf(Gen.Const("acme.com"), Gen.Const("globex.io")))
        .Select((l, n, d) => $"{l}{n}@{d}");

    private static readonly Gen<string> Domain = Gen.Select(Gen.Int[0, 9], Gen.OneOf(Gen.Const("rival.com"), Gen.Const("initech.de"))).Select((n, d) => $"d{n}.{d}");

    /// <summary>Days from now: none (permanent), lapsed, or still running.</summary>
    private static readonly Gen<int?> UntilDays = Gen.Frequency(
        (3, (IGen<int?>)Gen.Const((int?)null)),
        (1, Gen.Int[-30, -1].Select(d => (int?)d)),
        (1, Gen.Int[1, 30].Select(d => (int?)d)));

    private static readonly Gen<(bool IsEmail, string Value, int? UntilDays)> TopoRow =
        Gen.Select(Gen.Bool, Email, Domain, UntilDays).Select((isEmail, email, domain, until) => (isEmail, isEmail ? email : domain, until));

    private static readonly Gen<(bool IsEmail, string Value)> AmplemarketRow =
        Gen.Select(Gen.Bool, Email, Domain).Select((isEmail, email, domain) => (isEmail, isEmail ? email : domain));

    [Fact]
    public async Task Every_active_source_target_gets_one_outcome_and_the_destination_ends_with_the_union()
    {
        await using var cli = await CliHarness.StartAsync();

        Gen.Select(TopoRow.Array[0, 12], AmplemarketRow.Array[0, 8]).Sample((topoRows, amplemarketRows) =>
        {
            var now = DateTimeOffset.UtcNow;
            var topo = topoRows.DistinctBy(r => r.Value).ToArray();
            var amplemarket = amplemarketRows.DistinctBy(r => r.Value).ToArray();
            cli.Emulator.Reset();
            foreach (var (isEmail, value, days) in topo)
            {
                var until = days is { } d ? now.AddDays(d) : (DateTimeOffset?)null;
                _ = isEmail ? cli.Emulator.Topo.SeedContactExclusion(value, until: until) : cli.Emulator.Topo.SeedAccountExclusion(value, until: until);
            }

            foreach (var (isEmail, value) in amplemarket)
            {
                _ = isEmail ? cli.Emulator.Amplemarket.SeedEmail(value) : cli.Emulator.Amplemarket.SeedDomain(value);
            }

            var run = cli.RunAsync("sync", "--from", "topo", "--to", "amplemarket", "--format", "json", "--quiet").GetAwaiter().GetResult();

            // The oracle.
            var held = amplemarket.Select(r => r.Value).ToHashSet(StringComparer.Ordinal);
            var active = topo.Where(r => r.UntilDays is null or > 0).ToArray();
            var expected = active.ToDictionary(
                r => r.Value,
                r => held.Contains(r.Value) ? "already_excluded" : r.UntilDays is null ? "added" : "unsupported",
                StringComparer.Ordinal);
            var expectedHeld = held.Union(active.Where(r => r.UntilDays is null).Select(r => r.Value), StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();

            Assert.True(run.ExitCode == 0, run.ToString()); // unsupported is an outcome, not a failure
            using var json = JsonDocument.Parse(run.Stdout);
            var items = json.RootElement.GetProperty("items").EnumerateArray()
                .Select(i => (Value: i.GetProperty("value").GetString()!, Outcome: i.GetProperty("outcome").GetString()!)).ToArray();
            Assert.Equal(expected.Count, items.Length);
            Assert.Equal(expected.OrderBy(e => e.Key, StringComparer.Ordinal), items.ToDictionary(i => i.Value, i => i.Outcome, StringComparer.Ordinal).OrderBy(e => e.Key, StringComparer.Ordinal));
            var nowHeld = cli.Emulator.Amplemarket.ExcludedEmails.Select(e => e.Value).Concat(cli.Emulator.Amplemarket.ExcludedDomains.Select(e => e.Value)).Order(StringComparer.Ordinal).ToArray();
            Assert.Equal(expectedHeld, nowHeld);
        }, iter: 30, threads: 1);
    }
}
