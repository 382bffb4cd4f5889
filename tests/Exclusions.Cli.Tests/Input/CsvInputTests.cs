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

public sealed class CsvInputLineTests
{
    [Theory]
    [InlineData("email\na@b.com\n\"x@y.com\nc@d.com\ne@f.com\n", 3)]
    [InlineData("email\na@b.com\n\"x@y.com\nc@d.com\ne@f.com", 3)]
    [InlineData("email\r\na@b.com\r\n\"x@y.com\r\nc@d.com\r\n", 3)]
    [InlineData("email,name\na@b.com,\"Jo\nbob@c.com,x\n", 2)]
    [InlineData("email\n\na@b.com\n\n\"x@y.com\nc@d.com\n", 5)]
    [InlineData("email\n\"x@y.com\n", 2)]
    public void An_unterminated_quote_is_reported_at_the_line_where_the_field_starts(string text, int line)
    {
        // Regression (issue 15, defect 4): it was reported at the line after the end of the file.
        var csv = CsvInput.Read(new StringReader(text), "test.csv");

        var error = Assert.Single(csv.Errors);
        Assert.Equal(line, error.Line);
        Assert.Contains("unterminated quote", error.Why, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("email,email\na@b.com,c@d.com\n", "email", "twice")]
    [InlineData("name,Email,EMAIL\nx,a@b.com,c@d.com\n", "Email", "twice")]
    [InlineData("value,type, Value ,VALUE\n", "value", "3 times")]
    public void A_repeated_column_is_refused_case_insensitively(string text, string name, string times)
    {
        var error = Assert.Throws<CliException>(() => CsvInput.Read(new StringReader(text), "test.csv"));

        Assert.Equal(CliExitCode.InvalidInput, error.ExitCode);
        Assert.Contains($"line 1: column \"{name}\" appears {times}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unnamed_columns_of_a_spreadsheet_may_repeat()
    {
        var csv = CsvInput.Read(new StringReader("email,,\na@b.com,,\n"), "test.csv");

        Assert.Equal(0, csv.ColumnIndex("email"));
        Assert.Single(csv.Rows);
    }

    [Fact]
    public void A_quote_closed_before_stray_text_is_not_taken_for_an_unterminated_one()
    {
        var csv = CsvInput.Read(new StringReader("email\n\"a@b.com\"x\nc@d.com\n"), "test.csv");

        var error = Assert.Single(csv.Errors);
        Assert.Equal(2, error.Line);
        Assert.DoesNotContain("unterminated", error.Why, StringComparison.Ordinal);
        Assert.Equal(3, Assert.Single(csv.Rows).Line);
    }
}
