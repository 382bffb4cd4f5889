using CsvHelper;
using Spectre.Console;

namespace Exclusions.Cli.Output;

/// <summary>
/// Prints exclusions in the chosen format. CSV and JSON stream row by row (a list of any size never
/// waits in memory); a table is drawn once every row is known.
/// </summary>
internal sealed class ExclusionListWriter : IDisposable
{
    private readonly CliConsole _console;
    private readonly OutputFormat _format;
    private readonly List<ExclusionRow> _tableRows = [];
    private readonly CsvWriter? _csv;
    private readonly JsonOutput? _json;

    public ExclusionListWriter(CliConsole console, OutputFormat format)
    {
        _console = console;
        _format = format;
        switch (format)
        {
            case OutputFormat.Csv:
                _csv = CsvOutput.Create(console.Out);
                _csv.WriteRow(ExclusionRow.ColumnNames);
                break;
            case OutputFormat.Json:
                _json = new JsonOutput(console.Out);
                _json.Writer.WriteStartArray();
                break;
        }
    }

    public int Count { get; private set; }

    public void Write(ExclusionRow row)
    {
        Count++;
        switch (_format)
        {
            case OutputFormat.Csv:
                _csv!.WriteRow(row.Fields());
                break;
            case OutputFormat.Json:
                var writer = _json!.Writer;
                writer.WriteStartObject();
                var fields = row.Fields();
                for (var i = 0; i < fields.Length; i++)
                {
                    writer.WriteString(ExclusionRow.ColumnNames[i], fields[i]);
                }

                writer.WriteEndObject();
                _json.FlushIfLarge();
                break;
            default:
                _tableRows.Add(row);
                break;
        }
    }

    public void Complete()
    {
        switch (_format)
        {
            case OutputFormat.Csv:
                _csv!.Flush();
                break;
            case OutputFormat.Json:
                _json!.Writer.WriteEndArray();
                _json.Complete();
                break;
            default:
                var table = TableOutput.Create("Provider", "Type", "Value", "Reason", "Message", "Until", "Source", "Id", "Created at");
                foreach (var row in _tableRows)
                {
                    table.AddTextRow(row.Fields());
                }

                var output = _console.CreateOutputConsole();
                output.Write(table);
                output.WriteLine($"{_tableRows.Count} exclusion(s)");
                break;
        }

        _console.Out.Flush();
    }

    public void Dispose()
    {
        _csv?.Dispose();
        _json?.Dispose();
    }
}
