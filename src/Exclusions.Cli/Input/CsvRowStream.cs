using System.Globalization;
using CsvHelper;
using CsvHelper.Configuration;
using Exclusions.Client.Internal;

namespace Exclusions.Cli.Input;

/// <summary>One record of a <see cref="CsvRowStream"/>: a data row, or why the line is malformed.</summary>
/// <param name="Row">The row, when it parsed.</param>
/// <param name="Error">Why it did not, otherwise.</param>
internal readonly record struct CsvRecord(CsvInputRow? Row, LineError? Error);

/// <summary>
/// A CSV file read one row at a time, with a header row: what <see cref="CsvInput"/> holds whole, without
/// holding it, so a file of any length is read in constant memory (<c>check --file</c> reads it twice:
/// once to validate every row before anything is sent, once to write the results). Each row knows the
/// line it starts on, counting line breaks inside quoted fields; rows whose fields are all empty are skipped;
/// a malformed row is a <see cref="LineError"/>, and reading stops after a parser failure.
/// </summary>
internal sealed class CsvRowStream : IDisposable
{
    private readonly TextReader _reader;
    private readonly CsvParser _parser;
    private readonly IReadOnlyList<LineError> _headerErrors;
    private bool _malformed;
    private bool _unterminated;
    private bool _enumerated;
    private int _lastRawRow;

    private CsvRowStream(TextReader reader, string name)
    {
        _reader = reader;
        var configuration = new CsvConfiguration(CultureInfo.InvariantCulture)
        {
            BadDataFound = args =>
            {
                _malformed = true;
                _unterminated |= CsvInput.IsUnterminated(args.Field);
            },
            DetectDelimiter = false,
        };

        _parser = new CsvParser(reader, configuration);
        if (!_parser.Read())
        {
            _parser.Dispose();
            throw CliException.Usage($"{ValueNormalizer.Shorten(name)}: the file is empty; expected a header row.");
        }

        Header = [.. _parser.Record!.Select(h => h.Trim())];
        _lastRawRow = _parser.RawRow;
        _headerErrors = _malformed
            ? [new LineError(1, _unterminated ? CsvInput.UnterminatedQuote : "malformed header row (a quote in the wrong place)")]
            : [];
        CsvInput.RefuseRepeatedColumns([.. Header]);
    }

    /// <summary>The header row's column names, trimmed.</summary>
    public IReadOnlyList<string> Header { get; }

    /// <summary>Reads the header; the reader is disposed with the stream.</summary>
    /// <exception cref="CliException">The file is empty, or its header repeats a column (exit 2).</exception>
    public static CsvRowStream Open(TextReader reader, string name)
    {
        try
        {
            return new CsvRowStream(reader, name);
        }
        catch
        {
            reader.Dispose();
            throw;
        }
    }

    /// <summary>The header's own error first (if malformed), then every data row or error in file order. Read once.</summary>
    public IEnumerable<CsvRecord> Records()
    {
        if (_enumerated)
        {
            throw new InvalidOperationException("The rows of a CsvRowStream are read once.");
        }

        _enumerated = true;
        foreach (var error in _headerErrors)
        {
            yield return new CsvRecord(null, error);
        }

        while (true)
        {
            _malformed = false;
            _unterminated = false;
            bool more;
            LineError? failure = null;
            try
            {
                more = _parser.Read();
            }
            catch (CsvHelperException ex)
            {
                failure = new LineError(_parser.RawRow, $"malformed CSV ({ex.GetType().Name})");
                more = false;
            }

            if (failure is not null)
            {
                yield return new CsvRecord(null, failure);
                yield break;
            }

            if (!more)
            {
                yield break;
            }

            // Fields are parsed lazily: read them before asking whether the row was malformed.
            var fields = _parser.Record!;

            // A record read from exactly one line starts where it ends; only one spanning lines (quoted line breaks,
            // skipped blank lines) needs its raw text, so the common row costs no copy of its line.
            var endLine = _parser.RawRow;
            var line = endLine - _lastRawRow == 1 && !_unterminated ? endLine : CsvInput.StartLine(endLine, _parser.RawRecord, _unterminated);
            _lastRawRow = endLine;
            if (_malformed)
            {
                yield return new CsvRecord(null, new LineError(line, _unterminated ? CsvInput.UnterminatedQuote : "malformed CSV (a quote in the wrong place)"));
                continue;
            }

            if (AllBlank(fields))
            {
                continue;
            }

            yield return new CsvRecord(new CsvInputRow(line, fields), null);
        }
    }

    private static bool AllBlank(string[] fields)
    {
        foreach (var field in fields)
        {
            if (!string.IsNullOrWhiteSpace(field))
            {
                return false;
            }
        }

        return true;
    }

    public void Dispose()
    {
        _parser.Dispose();
        _reader.Dispose();
    }
}
