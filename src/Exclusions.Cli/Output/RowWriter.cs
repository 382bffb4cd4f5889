using System.Text.Json;
using CsvHelper;

namespace Exclusions.Cli.Output;

/// <summary>
/// Writes a result of any length row by row in the chosen format, holding no row once written: a table
/// (<see cref="TableWriter"/>, fitted to <see cref="CliConsole.OutputWidth"/>), RFC 4180 CSV with a header
/// row, or JSON (an array of objects, or that array as the <c>items</c> of an object that ends with more,
/// e.g. a summary), begun at the first row (a failure before any row leaves stdout empty). Disposed before
/// <see cref="Complete"/> (an error or Ctrl+C mid-stream), it still ends
/// what it began: the JSON stays valid, CSV ends on a whole record, the table shows the rows it got, with
/// no summary; the error itself goes to stderr and to the exit code. A long output keeps its garbage bounded
/// (<see cref="YoungGarbageCap"/>).
/// </summary>
internal sealed class RowWriter : IDisposable
{
    private readonly CliConsole _console;
    private readonly OutputFormat _format;
    private readonly string[] _names;
    private readonly bool[] _booleans;
    private readonly string? _jsonItems;
    private readonly IReadOnlyList<string> _titles;
    private readonly IReadOnlyList<int>? _weights;
    private CsvWriter? _csv;
    private JsonOutput? _json;
    private TableWriter? _table;
    private bool _begun;
    private bool _ended;
    private YoungGarbageCap _garbage = YoungGarbageCap.Start();

    /// <param name="console">Where the rows go (stdout).</param>
    /// <param name="format">The format.</param>
    /// <param name="names">The column names of CSV and the property names of JSON.</param>
    /// <param name="titles">The table's column titles (the names unless given).</param>
    /// <param name="weights">How much room each table column gets when the table must shrink (see <see cref="TableWriter"/>).</param>
    /// <param name="booleanColumns">Columns written as JSON booleans (their cells are <c>true</c> or <c>false</c>).</param>
    /// <param name="jsonItems">In JSON, the property of an object holding the array; <see langword="null"/> for a bare array.</param>
    public RowWriter(
        CliConsole console,
        OutputFormat format,
        IReadOnlyList<string> names,
        IReadOnlyList<string>? titles = null,
        IReadOnlyList<int>? weights = null,
        IReadOnlyCollection<int>? booleanColumns = null,
        string? jsonItems = null)
    {
        _console = console;
        _format = format;
        _names = [.. names];
        _booleans = [.. Enumerable.Range(0, _names.Length).Select(i => booleanColumns?.Contains(i) == true)];
        _jsonItems = jsonItems;
        _titles = titles ?? _names;
        _weights = weights;
    }

    /// <summary>How many rows were written.</summary>
    public int Count { get; private set; }

    /// <summary>Writes one row: a cell per column, <see langword="null"/> where there is no value (JSON <c>null</c>, empty elsewhere).</summary>
    public void Write(IReadOnlyList<string?> cells)
    {
        Begin();
        Count++;
        _garbage.Step();
        switch (_format)
        {
            case OutputFormat.Csv:
                _csv!.WriteRow(cells);
                break;
            case OutputFormat.Json:
                var writer = _json!.Writer;
                writer.WriteStartObject();
                for (var i = 0; i < _names.Length; i++)
                {
                    var cell = i < cells.Count ? cells[i] : null;
                    if (_booleans[i] && cell is not null)
                    {
                        writer.WriteBoolean(_names[i], cell == "true");
                    }
                    else
                    {
                        writer.WriteString(_names[i], cell);
                    }
                }

                writer.WriteEndObject();
                _json.FlushIfLarge();
                break;
            default:
                _table!.WriteRow(cells);
                break;
        }
    }

    /// <summary>
    /// Starts the output (CSV header, JSON opening, table) at the first row or at <see cref="Complete"/>, not before:
    /// a command that fails before any row leaves stdout empty, so a redirected file or a pipe never holds an empty
    /// list that looks complete (<c>[]</c>, a bare header) when nothing was read.
    /// </summary>
    private void Begin()
    {
        if (_begun)
        {
            return;
        }

        _begun = true;
        switch (_format)
        {
            case OutputFormat.Csv:
                _csv = CsvOutput.Create(_console.Out);
                _csv.WriteRow(_names);
                break;
            case OutputFormat.Json:
                _json = new JsonOutput(_console.Out);
                if (_jsonItems is null)
                {
                    _json.Writer.WriteStartArray();
                }
                else
                {
                    _json.Writer.WriteStartObject();
                    _json.Writer.WriteStartArray(_jsonItems);
                }

                break;
            default:
                _table = new TableWriter(_console.Out, _titles, _console.OutputWidth, bold: _console.OutputIsTerminal, _weights);
                break;
        }
    }

    /// <summary>Ends the output: the table's summary line, or what JSON's object holds after the items.</summary>
    /// <param name="tableFooter">The line under a table, e.g. <c>2 exclusion(s)</c>.</param>
    /// <param name="jsonTail">Writes the rest of the JSON object (only with an items property).</param>
    public void Complete(string? tableFooter = null, Action<Utf8JsonWriter>? jsonTail = null)
    {
        if (_ended)
        {
            return;
        }

        Begin();
        End(json => jsonTail?.Invoke(json));
        if (_table is not null && tableFooter is not null)
        {
            _console.Out.WriteLine(tableFooter);
        }

        _console.Out.Flush();
        NoteTruncation();
    }

    /// <summary>Ends what was begun when <see cref="Complete"/> was not reached (an error is on its way to stderr).</summary>
    public void Dispose()
    {
        if (_begun && !_ended)
        {
            End(jsonTail: null);
            _console.Out.Flush();
            NoteTruncation();
        }

        _csv?.Dispose();
        _json?.Dispose();
    }

    /// <summary>A cut value ends with an ellipsis; stderr also says so once, and how to get whole values.</summary>
    private void NoteTruncation()
    {
        if (_table is { AnyTruncated: true } && !_console.Quiet)
        {
            _console.WriteError($"Some values were cut to fit {_console.OutputWidth} columns (they end with {TableWriter.Ellipsis}); --format csv or --format json prints them whole.");
        }
    }

    private void End(Action<Utf8JsonWriter>? jsonTail)
    {
        _ended = true;
        switch (_format)
        {
            case OutputFormat.Csv:
                _csv!.Flush();
                break;
            case OutputFormat.Json:
                var writer = _json!.Writer;
                writer.WriteEndArray();
                if (_jsonItems is not null)
                {
                    jsonTail?.Invoke(writer);
                    writer.WriteEndObject();
                }

                _json.Complete();
                break;
            default:
                _table!.Flush();
                break;
        }
    }
}
