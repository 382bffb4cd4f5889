using Exclusions.Cli.Input;

namespace Exclusions.Cli.Tests.Input;

public sealed class CsvInputTests
{
    [Fact]
    public void Each_row_knows_the_line_an_editor_shows_it_on()
    {
        var csv = CsvInput.Read(
            new StringReader("type,value\r\nemail,a@b.com\r\n\r\nemail,\"two\r\nlines\"\r\ndomain,\"three\nlines\nhere\"\ndomain,x.com"),
            "test.csv");

        Assert.Equal(["type", "value"], csv.Header);
        Assert.Equal([2, 4, 6, 9], csv.Rows.Select(r => r.Line).ToArray());
        Assert.Equal("two\r\nlines", csv.Rows[1].Fields[1]);
        Assert.Empty(csv.Errors);
    }

    [Fact]
    public void Rows_of_empty_cells_are_skipped_and_a_stray_quote_is_an_error_on_its_line()
    {
        var csv = CsvInput.Read(new StringReader("type,value\n,\nemail,\"a@b.com\"x\nemail,ok@c.com\n"), "test.csv");

        Assert.Equal([4], csv.Rows.Select(r => r.Line).ToArray());
        Assert.Equal(3, Assert.Single(csv.Errors).Line);
    }

    [Fact]
    public void Columns_are_found_case_insensitively_and_short_rows_read_as_empty()
    {
        var csv = CsvInput.Read(new StringReader(" Type ,VALUE,until\nemail,a@b.com\n"), "test.csv");

        Assert.Equal(0, csv.ColumnIndex("type"));
        Assert.Equal(1, csv.ColumnIndex("value"));
        Assert.Null(csv.ColumnIndex("reason"));
        Assert.Equal(string.Empty, CsvInput.Field(csv.Rows[0], csv.ColumnIndex("until")));
    }

    [Fact]
    public void An_empty_file_is_refused()
    {
        var error = Assert.Throws<CliException>(() => CsvInput.Read(new StringReader(string.Empty), "empty.csv"));

        Assert.Equal(CliExitCode.InvalidInput, error.ExitCode);
    }
}
