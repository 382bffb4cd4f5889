using System.Globalization;
using System.Text.Json;
using CsCheck;
using Exclusions.Cli.Output;

namespace Exclusions.Cli.Tests;

/// <summary>
/// The three output formats over random rows: CSV and JSON give back exactly the cells written (CSV: a
/// missing value as an empty field; JSON: as null), also when the writer is disposed part-way (an error or
/// Ctrl+C mid-stream); a table at 80 or 120 columns never exceeds the width, shows every cell whole or as
/// its own beginning followed by an ellipsis, and cuts inside a word only when the kept part has no space
/// in its second half (the documented rule of <see cref="TableWriter.Truncate"/>).
/// </summary>
public sealed class OutputFormatProperties
{
    private static readonly string[] Names = ExclusionRow.ColumnNames;

    // Ends with the exclusion list's weights (value first, then message).
    private static readonly int[] Weights = [1, 1, 3, 1, 2, 1, 1, 1, 1];

    private static readonly Gen<string> Word = Gen.OneOf(
        Gen.String[Gen.Char['a', 'z'], 1, 14],
        Gen.Const("user@example.com"),
        Gen.Const("x"),
        Gen.Const("2026-12-06T00:17:06.468Z"));

    /// <summary>Cells CSV and JSON must carry exactly: separators, quotes, line breaks, non-ASCII, spaces at the edges.</summary>
    private static readonly Gen<string?> TrickyCell = Gen.Frequency(
        (1, (IGen<string?>)Gen.Const((string?)null)),
        (1, Gen.Const<string?>("")),
        (4, Gen.String[Gen.OneOf(Gen.Char['a', 'z'], Gen.OneOf(Gen.Const(','), Gen.Const('"'), Gen.Const('\n'), Gen.Const('\r'), Gen.Const(' '), Gen.Const(';'), Gen.Const('ü'), Gen.Const('例'), Gen.Const('\t'))), 0, 20].Select(s => (string?)s)));

    /// <summary>Cells of ASCII words separated by single spaces (what a table cuts at).</summary>
    private static readonly Gen<string?> WordCell = Gen.Frequency(
        (1, (IGen<string?>)Gen.Const((string?)null)),
        (6, Word.Array[1, 5].Select(words => (string?)string.Join(' ', words))));

    [Fact]
    public void Csv_gives_back_every_cell_also_when_disposed_part_way()
    {
        Gen.Select(TrickyCell.Array[Names.Length].Array[0, 30], Gen.Bool).Sample((rows, complete) =>
        {
            var output = Write(OutputFormat.Csv, rows, complete);
            if (rows.Length == 0 && !complete)
            {
                // Failed before any row: nothing at all, not a bare header that reads as an empty list.
                Assert.Equal(string.Empty, output);
                return;
            }

            using var reader = new CsvHelper.CsvReader(new StringReader(output), CultureInfo.InvariantCulture);
            Assert.True(reader.Read() && reader.ReadHeader());
            Assert.Equal(Names, reader.HeaderRecord);
            var read = new List<string[]>();
            while (reader.Read())
            {
                read.Add([.. Enumerable.Range(0, Names.Length).Select(i => reader.GetField(i)!)]);
            }

            Assert.Equal(rows.Select(r => r.Select(c => c ?? "").ToArray()), read);
        }, iter: 500);
    }

    [Fact]
    public void A_value_with_a_lone_carriage_return_is_quoted_and_stays_one_record()
    {
        var output = Write(OutputFormat.Csv, [["topo", "email", "a@b.com", null, "line one\rline two", null, null, null, null]], complete: true);

        Assert.Contains("\"line one\rline two\"", output, StringComparison.Ordinal);
        using var reader = new CsvHelper.CsvReader(new StringReader(output), CultureInfo.InvariantCulture);
        Assert.True(reader.Read() && reader.ReadHeader() && reader.Read());
        Assert.Equal("line one\rline two", reader.GetField(4));
        Assert.False(reader.Read());
    }

    [Fact]
    public void Json_gives_back_every_cell_also_when_disposed_part_way()
    {
        Gen.Select(TrickyCell.Array[Names.Length].Array[0, 30], Gen.Bool).Sample((rows, complete) =>
        {
            var output = Write(OutputFormat.Json, rows, complete);
            if (rows.Length == 0 && !complete)
            {
                // Failed before any row: nothing at all, not "[]" that parses as an empty list.
                Assert.Equal(string.Empty, output);
                return;
            }

            using var json = JsonDocument.Parse(output);
            var read = json.RootElement.EnumerateArray()
                .Select(item => Names.Select(n => item.GetProperty(n).ValueKind == JsonValueKind.Null ? null : item.GetProperty(n).GetString()).ToArray())
                .ToList();
            Assert.Equal(rows, read);
        }, iter: 500);
    }

    [Fact]
    public void Tables_at_80_and_120_columns_fit_and_cut_only_as_documented()
    {
        Gen.Select(Gen.OneOf(Gen.Const(80), Gen.Const(120)), WordCell.Array[Names.Length].Array[1, 25]).Sample((width, rows) =>
        {
            var output = new StringWriter();
            var table = new TableWriter(output, Names, width, weights: Weights, sampleSize: 1 + (rows.Length / 2));
            foreach (var row in rows)
            {
                table.WriteRow(row);
            }

            table.Flush();
            var lines = output.ToString().Split(Environment.NewLine)[..^1];
            Assert.Equal(rows.Length + 2, lines.Length);
            Assert.All(lines, line => Assert.True(line.Length <= width, $"{line.Length} > {width}: {line}"));

            var widths = table.ColumnWidths!;
            var lastStart = widths.Take(widths.Count - 1).Sum() + (TableWriter.Separator.Length * (widths.Count - 1));
            for (var r = 0; r < rows.Length; r++)
            {
                var line = lines[r + 2];
                var offset = 0;
                for (var c = 0; c < widths.Count; c++)
                {
                    var last = c == widths.Count - 1;
                    var room = last ? width - lastStart : widths[c];
                    var shown = offset >= line.Length ? "" : (last ? line[offset..] : line.Substring(offset, Math.Min(widths[c], line.Length - offset))).TrimEnd(' ');
                    AssertCell(rows[r][c] ?? "", shown, room);
                    offset += widths[c] + TableWriter.Separator.Length;
                }
            }
        }, iter: 300);
    }

    private static void AssertCell(string value, string shown, int room)
    {
        if (shown == value)
        {
            return;
        }

        Assert.True(shown.EndsWith(TableWriter.Ellipsis, StringComparison.Ordinal), $"'{shown}' is neither '{value}' nor cut with an ellipsis");
        var kept = shown[..^1];
        Assert.StartsWith(kept, value, StringComparison.Ordinal);
        var midWord = kept.Length > 0 && kept[^1] != ' ' && value[kept.Length] != ' ';
        if (midWord)
        {
            // A word is cut in the middle only when a cut at the last space would keep less than half of the room.
            var space = kept.LastIndexOf(' ');
            Assert.True(space <= 0 || space * 2 < room - 1, $"'{value}' cut inside a word as '{shown}' though a space at {space} keeps half of {room - 1}");
        }
    }

    private static string Write(OutputFormat format, string?[][] rows, bool complete)
    {
        var stdout = new StringWriter();
        var console = new CliConsole(stdout, new StringWriter(), outputIsTerminal: false, errorIsTerminal: false);
        using (var writer = new RowWriter(console, format, Names))
        {
            foreach (var row in rows)
            {
                writer.Write(row);
            }

            if (complete)
            {
                writer.Complete();
            }
        }

        return stdout.ToString();
    }
}
