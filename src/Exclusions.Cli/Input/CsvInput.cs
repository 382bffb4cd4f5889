using System.Globalization;
using Exclusions.Client.Internal;

namespace Exclusions.Cli.Input;

/// <summary>One data row of an input file, with the line an editor shows it on.</summary>
/// <param name="Line">The 1-based line where the row starts (the header is line 1).</param>
/// <param name="Fields">The row's fields as written (quotes removed).</param>
internal sealed record CsvInputRow(int Line, IReadOnlyList<string> Fields);

/// <summary>
/// A CSV file read whole (through <see cref="CsvRowStream"/>), with a header row, for validation before anything is sent. Each row knows
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

    /// <exception cref="CliException">
    /// The path is a directory, does not exist or cannot be read, the file is empty, or its header repeats
    /// a column (exit 2): each with its own message.
    /// </exception>
    public static CsvInput Read(string path)
    {
        using var reader = OpenFile(path);
        try
        {
            return Read(reader, path);
        }
        catch (UnauthorizedAccessException)
        {
            throw CliException.Usage($"{ValueNormalizer.Shorten(path)}: cannot be read: permission denied.");
        }
        catch (IOException ex)
        {
            throw CliException.Usage($"{ValueNormalizer.Shorten(path)}: cannot be read: {ValueNormalizer.Shorten(ex.Message)}");
        }
    }

    public static CsvInput Read(TextReader reader, string name)
    {
        using var stream = CsvRowStream.Open(reader, name);
        var rows = new List<CsvInputRow>();
        var errors = new List<LineError>();
        foreach (var record in stream.Records())
        {
            if (record.Error is { } error)
            {
                errors.Add(error);
            }
            else
            {
                rows.Add(record.Row!);
            }
        }

        return new CsvInput(stream.Header, rows, errors);
    }

    /// <summary>The column's index in <paramref name="header"/>, matched case-insensitively; <see langword="null"/> when absent.</summary>
    public static int? ColumnIndex(IReadOnlyList<string> header, string name)
    {
        for (var i = 0; i < header.Count; i++)
        {
            if (string.Equals(header[i], name, StringComparison.OrdinalIgnoreCase))
            {
                return i;
            }
        }

        return null;
    }

    /// <summary>Opens a file for <see cref="CsvRowStream"/>, with the same messages as <see cref="Read(string)"/> for an unusable path.</summary>
    /// <exception cref="CliException">The path is a directory, does not exist or cannot be read (exit 2).</exception>
    public static StreamReader OpenFile(string path)
    {
        if (Directory.Exists(path))
        {
            throw CliException.Usage($"{ValueNormalizer.Shorten(path)}: is a directory, not a CSV file.");
        }

        if (!File.Exists(path))
        {
            throw CliException.Usage($"{ValueNormalizer.Shorten(path)}: file not found.");
        }

        try
        {
            return new StreamReader(path, detectEncodingFromByteOrderMarks: true);
        }
        catch (UnauthorizedAccessException)
        {
            throw CliException.Usage($"{ValueNormalizer.Shorten(path)}: cannot be read: permission denied.");
        }
        catch (IOException ex)
        {
            throw CliException.Usage($"{ValueNormalizer.Shorten(path)}: cannot be read: {ValueNormalizer.Shorten(ex.Message)}");
        }
    }

    /// <summary>The column's index, matched case-insensitively; <see langword="null"/> when absent.</summary>
    public int? ColumnIndex(string name) => ColumnIndex(Header, name);

    /// <summary>A field by column index; a short row's missing fields read as empty.</summary>
    public static string Field(CsvInputRow row, int? column)
        => column is { } c && c < row.Fields.Count ? row.Fields[c] : string.Empty;

    internal const string UnterminatedQuote = "a quoted field starts on this line and is never closed (unterminated quote); the rest of the file was read into it";

    /// <summary>A header naming a column twice (case-insensitively) is ambiguous: which one holds the value?</summary>
    internal static void RefuseRepeatedColumns(string[] header)
    {
        var seen = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        foreach (var name in header)
        {
            // Unnamed columns (trailing commas of a spreadsheet) are never looked up.
            if (name.Length > 0)
            {
                seen[name] = seen.GetValueOrDefault(name) + 1;
            }
        }

        var repeated = header.Where(name => name.Length > 0 && seen[name] > 1).Distinct(StringComparer.OrdinalIgnoreCase).ToArray();
        if (repeated.Length > 0)
        {
            throw new CliException(
                CliFailure.InvalidInput,
                [.. repeated.Select(name => $"line 1: column {ValueNormalizer.Quote(name)} appears {Times(seen[name])}")]);
        }
    }

    private static string Times(int count) => count == 2 ? "twice" : string.Create(CultureInfo.InvariantCulture, $"{count} times");

    /// <summary>Whether a bad field opens a quote that never closes (the parser then read to the end of the file).</summary>
    internal static bool IsUnterminated(string field)
    {
        if (!field.StartsWith('"'))
        {
            return false;
        }

        for (var i = 1; i < field.Length; i++)
        {
            if (field[i] == '"')
            {
                if (i + 1 < field.Length && field[i + 1] == '"')
                {
                    i++;
                    continue;
                }

                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// The parser reports the line a record ends on; an editor numbers the line it starts on. A record's
    /// terminating line break is not counted in the line it ends on, except when an unterminated quote
    /// swallowed it into the field.
    /// </summary>
    internal static int StartLine(int endLine, string rawRecord, bool unterminated)
    {
        var text = unterminated ? rawRecord.AsSpan() : rawRecord.AsSpan().TrimEnd("\r\n");
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
