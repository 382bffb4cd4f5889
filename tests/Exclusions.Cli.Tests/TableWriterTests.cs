using CsCheck;
using Exclusions.Cli.Output;

namespace Exclusions.Cli.Tests;

/// <summary>The streamed table: fits the width it is given, cuts visibly, and leaves room for later, longer rows.</summary>
public sealed class TableWriterTests
{
    [Fact]
    public void A_row_after_the_sample_a_little_longer_than_any_in_it_is_written_whole_when_the_line_has_room()
    {
        // Found importing 2,000 addresses: person1000@… came after a sample of person0@…person999@… and was cut
        // at 35 columns on a 120-column line.
        var output = new StringWriter();
        var table = new TableWriter(output, ["Type", "Value", "Outcome", "Detail"], width: 120, weights: [1, 3, 1, 2], sampleSize: 3);
        foreach (var value in new[] { "p1@import-demo.example.com", "p2@import-demo.example.com", "p3@import-demo.example.com", "p1000@import-demo.example.com" })
        {
            table.WriteRow(["email", value, "added", null]);
        }

        table.WriteRow(["email", "p1001@import-demo.example.com", "failed", "a detail longer than anything the sample held"]);
        table.Flush();

        Assert.False(table.AnyTruncated, output.ToString());
        Assert.Contains("p1000@import-demo.example.com  ", output.ToString(), StringComparison.Ordinal);
        Assert.Contains("a detail longer than anything the sample held", output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Property_every_line_fits_the_width_and_every_cut_ends_with_an_ellipsis()
    {
        var word = Gen.OneOf(Gen.String[Gen.Char['a', 'z'], 1, 12], Gen.String[Gen.Char['\u4e00', '\u4e20'], 1, 4], Gen.Const("user@example.com"));
        var cell = word.Array[0, 6].Select(words => string.Join(' ', words));
        var row = cell.Array[3];
        Gen.Select(Gen.Int[20, 160], Gen.Int[1, 5], row.Array[1, 12]).Sample((width, sampleSize, rows) =>
        {
            var output = new StringWriter();
            var table = new TableWriter(output, ["A", "Value", "C"], width, weights: [1, 3, 1], sampleSize: sampleSize);
            foreach (var r in rows)
            {
                table.WriteRow(r);
            }

            table.Flush();
            var lines = output.ToString().Split(Environment.NewLine)[..^1];
            Assert.Equal(rows.Length + 2, lines.Length);
            Assert.All(lines, line => Assert.True(TableWriter.DisplayWidth(line) <= width, $"{TableWriter.DisplayWidth(line)} > {width}: {line}"));

            // A value is either shown whole (the row holds it as a separate run of text) or cut with an ellipsis.
            var anyEllipsis = lines.Skip(2).Any(l => l.Contains(TableWriter.Ellipsis, StringComparison.Ordinal));
            Assert.Equal(table.AnyTruncated, anyEllipsis || lines[0].Contains(TableWriter.Ellipsis, StringComparison.Ordinal));
        });
    }
}
