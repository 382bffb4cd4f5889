using System.Globalization;
using CsvHelper;
using CsvHelper.Configuration;

namespace Exclusions.Cli.Input;

/// <summary>One data row of an input file, with the line an editor shows it on.</summary>
/// <param name="Line">The 1-based line where the row starts (the header is line 1).</param>
/// <param name="Fields">The row's fields as written (quotes removed).</param>
internal sealed record CsvInputRow(int Line, IReadOnlyList<string> Fields);

/// <summary>
/// A CSV file read whole, with a header row, for validation before anything is sent. Each row knows
/// the line it starts on, counting the line breaks inside quoted fields, so <c>line N</c> in an error
/// is where an editor shows the row. Rows whose fields are all empty (spreadsheet leftovers) are skipped.
/// </summary>
internal sealed class CsvInput
{
    private CsvInput(IReadOnlyList<string> header, IReadOnlyList<CsvInputRow> rows, IReadOnlyList<LineError> errors)
    {
        Header = header;
        Rows = rows;
        Errors = errors;
    }

    public IReadOnlyList<string> Header { get; }

    public IReadOnlyList<CsvInputRow> Rows { get; }

    /// <summary>Malformed rows (e.g. a stray quote).</summary>
    public IReadOnlyList<LineError> Errors { get; }

    /// <exception cref="CliException">The file cannot be read or has no header row (exit 2).</exception>
    public static CsvInput Read(string path)
    {
        if (!File.Exists(path))
        {
            throw CliException.Usage($"{path}: file not found.");
        }

        try
        {
            using var reader = new StreamReader(path, detectEncodingFromByteOrderMarks: true);
            return Read(reader, path);
        }
        catch (IOException ex)
        {
            throw CliException.Usage($"{path}: cannot be read ({ex.Message}).");
        }
        catch (UnauthorizedAccessException ex)
        {
            throw CliException.Usage($"{path}: cannot be read ({ex.Message}).");
        }
    }

    public static CsvInput Read(TextReader reader, string name)
    {
        var malformed = false;
        var configuration = new CsvConfiguration(CultureInfo.InvariantCulture)
        {
            BadDataFound = _ => malformed = true,
            DetectDelimiter = false,
        };

        using var parser = new CsvParser(reader, configuration);
        if (!parser.Read())
        {
            throw CliException.Usage($"{name}: the file is empty; expected a header row.");
        }

        var header = parser.Record!.Select(h => h.Trim()).ToArray();
        var rows = new List<CsvInputRow>();
        var errors = new List<LineError>();
        if (malformed)
        {
            errors.Add(new LineError(1, "malformed header row (a quote in the wrong place)"));
        }

        while (true)
        {
            malformed = false;
            bool more;
            try
            {
                more = parser.Read();
            }
            catch (CsvHelperException ex)
            {
                errors.Add(new LineError(parser.RawRow, $"malformed CSV ({ex.GetType().Name})"));
                break;
            }

            if (!more)
            {
                break;
            }

            // Fields are parsed lazily: read them before asking whether the row was malformed.
            var fields = parser.Record!;
            var line = StartLine(parser.RawRow, parser.RawRecord);
            if (malformed)
            {
                errors.Add(new LineError(line, "malformed CSV (a quote in the wrong place)"));
                continue;
            }

            if (fields.All(string.IsNullOrWhiteSpace))
            {
                continue;
            }

            rows.Add(new CsvInputRow(line, fields));
        }

        return new CsvInput(header, rows, errors);
    }

    /// <summary>The column's index, matched case-insensitively; <see langword="null"/> when absent.</summary>
    public int? ColumnIndex(string name)
    {
        for (var i = 0; i < Header.Count; i++)
        {
            if (string.Equals(Header[i], name, StringComparison.OrdinalIgnoreCase))
            {
                return i;
            }
        }

        return null;
    }

    /// <summary>A field by column index; a short row's missing fields read as empty.</summary>
    public static string Field(CsvInputRow row, int? column)
        => column is { } c && c < row.Fields.Count ? row.Fields[c] : string.Empty;

    /// <summary>The parser reports the line a record ends on; an editor numbers the line it starts on.</summary>
    private static int StartLine(int endLine, string rawRecord)
    {
        var text = rawRecord.AsSpan().TrimEnd("\r\n");
        var breaks = 0;
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '\n' || (text[i] == '\r' && (i + 1 == text.Length || text[i + 1] != '\n')))
            {
                breaks++;
            }
        }

        return endLine - breaks;
    }
}
