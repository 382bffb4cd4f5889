using System.Globalization;
using CsCheck;
using Exclusions.Cli.Input;
using Exclusions.Client;

namespace Exclusions.Cli.Tests;

/// <summary>
/// docs/normalization.md, CSV: what <c>list --format csv</c> writes (the CLI's export), <c>add --file</c> (its
/// import) reads back to the same set, for both vendors and for any value: messages with commas, quotes, CR/LF,
/// non-ASCII text and a leading <c>=</c>, <c>+</c>, <c>-</c> or <c>@</c> (the writer adds no formula guard, so
/// there is nothing to undo). The oracle is the seeded set itself; an import's only documented changes are that a
/// message is trimmed (an all-blank message is none). Checked twice: the import reader on the exported file,
/// and a real import of that file into an emptied emulator compared with what the vendor then holds.
/// </summary>
public sealed class CsvRoundTripProperties
{
    private static readonly string[] Locals = ["jane", "jörg", "o'brien", "first.last", "用户", "a+tag", "x"];
    private static readonly string[] Domains = ["acme.com", "xn--mnchen-3ya.de", "mail.rival.io", "xn--fsqu00a.xn--4rr70v", "new_domain.com"];
    private static readonly string[] Reasons = ["UNSUBSCRIBED", "COMPETITOR", "BOUNCED", "OTHER", "EXCLUDE_FROM_SEARCH"];

    private static readonly Gen<string> Email = Gen.Select(Gen.OneOf(Locals), Gen.Int[0, 99], Gen.OneOf(Domains))
        .Select((l, n, d) => ExclusionTarget.Email($"{l}{n}@{d}").Value);

    private static readonly Gen<string> Domain = Gen.Select(Gen.Int[0, 99], Gen.OneOf(Domains)).Select((n, d) => ExclusionTarget.Domain($"d{n}.{d}").Value);

    /// <summary>Free text as a spreadsheet user may type it, and what a CSV writer must quote.</summary>
    private static readonly Gen<string?> Message = Gen.Frequency(
        (1, (IGen<string?>)Gen.Const((string?)null)),
        (6, Gen.Select(
                Gen.OneOf(Gen.Const(string.Empty), Gen.Const("="), Gen.Const("+"), Gen.Const("-"), Gen.Const("@"), Gen.Const(" "), Gen.Const("=HYPERLINK(\"http://x\")")),
                Gen.String[Gen.OneOf(Gen.Char['a', 'z'], Gen.OneOf(Gen.Const(','), Gen.Const('"'), Gen.Const('\n'), Gen.Const('\r'), Gen.Const(' '), Gen.Const(';'), Gen.Const('ü'), Gen.Const('例'), Gen.Const('\''))), 0, 24])
            .Select((prefix, rest) => (string?)(prefix + rest))));

    private static readonly Gen<DateTimeOffset?> Until = Gen.Frequency(
        (1, (IGen<DateTimeOffset?>)Gen.Const((DateTimeOffset?)null)),
        (1, Gen.Int[1, 3_000_000].Select(minutes => (DateTimeOffset?)new DateTimeOffset(2031, 1, 1, 0, 0, 0, TimeSpan.Zero).AddMinutes(minutes))));

    private static readonly Gen<Row> TopoRow = Gen.Select(Gen.Bool, Email, Domain, Gen.OneOf(Reasons), Message, Until)
        .Select((isEmail, email, domain, reason, message, until) => new Row(isEmail ? "email" : "domain", isEmail ? email : domain, reason, message, until));

    private static readonly Gen<Row> AmplemarketRow = Gen.Select(Gen.Bool, Email, Domain)
        .Select((isEmail, email, domain) => new Row(isEmail ? "email" : "domain", isEmail ? email : domain, null, null, null));

    [Fact]
    public async Task What_list_writes_as_csv_import_reads_back_to_the_same_set()
    {
        await using var cli = await CliHarness.StartAsync();
        var now = DateTimeOffset.UtcNow;

        Gen.Select(TopoRow.Array[0, 8], AmplemarketRow.Array[0, 8]).Sample((topoRows, amplemarketRows) =>
        {
            var topo = topoRows.DistinctBy(r => r.Value).ToArray();
            var amplemarket = amplemarketRows.DistinctBy(r => r.Value).ToArray();
            if (topo.Length + amplemarket.Length == 0)
            {
                return;
            }

            cli.Emulator.Reset();
            Seed(cli, topo, amplemarket);
            foreach (var (provider, rows) in new[] { ("topo", topo), ("amplemarket", amplemarket) })
            {
                if (rows.Length == 0)
                {
                    continue;
                }

                var list = cli.RunAsync("list", "--provider", provider, "--format", "csv").GetAwaiter().GetResult();
                Assert.True(list.ExitCode == 0, list.ToString());
                var file = cli.WriteFile(list.Stdout);

                // The import reader, on the exported bytes.
                var read = ExclusionFile.Read(file, withDetails: true, now)
                    .Select(i => new Row(TypeName(i.Target.Type), i.Target.Value, i.Reason?.Value, i.Message, i.Until))
                    .OrderBy(r => r.Value, StringComparer.Ordinal);
                Assert.Equal(rows.Select(Expected).OrderBy(r => r.Value, StringComparer.Ordinal), read);

                // The real import, into an emptied store: the vendor then holds the same set.
                cli.Emulator.Reset();
                var add = cli.RunAsync("add", "--provider", provider, "--file", file, "--format", "csv").GetAwaiter().GetResult();
                Assert.True(add.ExitCode == 0, add.ToString());
                Assert.Equal(rows.Select(Expected).OrderBy(r => r.Value, StringComparer.Ordinal), Held(cli, provider).OrderBy(r => r.Value, StringComparer.Ordinal));
                if (provider == "amplemarket")
                {
                    // Across vendors too: Amplemarket's export imported into Topo (its reason column holds
                    // Amplemarket's text "manual", not a reason code; sent as one, every row was a 400).
                    cli.Emulator.Reset();
                    var intoTopo = cli.RunAsync("add", "--provider", "topo", "--file", file, "--format", "csv").GetAwaiter().GetResult();
                    Assert.True(intoTopo.ExitCode == 0, intoTopo.ToString());
                    Assert.Equal(rows.Select(r => r.Value).Order(StringComparer.Ordinal), Held(cli, "topo").Select(r => r.Value).Order(StringComparer.Ordinal));
                }

                cli.Emulator.Reset();
                Seed(cli, topo, amplemarket);
            }
        }, iter: 25, threads: 1);
    }

    private static void Seed(CliHarness cli, Row[] topo, Row[] amplemarket)
    {
        foreach (var row in topo)
        {
            if (row.Type == "email")
            {
                cli.Emulator.Topo.SeedContactExclusion(row.Value, reason: row.Reason!, message: row.Message, until: row.Until);
            }
            else
            {
                cli.Emulator.Topo.SeedAccountExclusion(row.Value, reason: row.Reason!, message: row.Message, until: row.Until);
            }
        }

        foreach (var row in amplemarket)
        {
            _ = row.Type == "email" ? cli.Emulator.Amplemarket.SeedEmail(row.Value) : cli.Emulator.Amplemarket.SeedDomain(row.Value);
        }
    }

    /// <summary>The oracle: the seeded row, its message trimmed by the import (blank is none).</summary>
    private static Row Expected(Row seeded)
        => seeded with { Message = string.IsNullOrWhiteSpace(seeded.Message) ? null : seeded.Message.Trim() };

    private static IEnumerable<Row> Held(CliHarness cli, string provider)
        => provider == "topo"
            ? cli.Emulator.Topo.ContactExclusions.Select(e => new Row("email", e.Email!, e.Reason, e.Message, e.Until))
                .Concat(cli.Emulator.Topo.AccountExclusions.Select(e => new Row("domain", e.Domain!, e.Reason, e.Message, e.Until)))
            : cli.Emulator.Amplemarket.ExcludedEmails.Select(e => new Row("email", e.Value, null, null, null))
                .Concat(cli.Emulator.Amplemarket.ExcludedDomains.Select(e => new Row("domain", e.Value, null, null, null)));

    private static string TypeName(ExclusionTargetType type) => type == ExclusionTargetType.Email ? "email" : "domain";

    private sealed record Row(string Type, string Value, string? Reason, string? Message, DateTimeOffset? Until)
    {
        public override string ToString()
            => string.Create(CultureInfo.InvariantCulture, $"{Type}:{Value} reason={Reason} until={Until:O} message=[{Message?.Replace("\r", "\\r", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal)}]");
    }
}
