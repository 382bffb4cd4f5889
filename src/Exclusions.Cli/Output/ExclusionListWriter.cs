namespace Exclusions.Cli.Output;

/// <summary>
/// Prints exclusions in the chosen format, each row as it comes (a list of any length never waits in
/// memory): a table fitted to the terminal width, CSV or a JSON array. Disposed before
/// <see cref="Complete"/> (a failed page, Ctrl+C), the output still ends cleanly (see <see cref="RowWriter"/>).
/// </summary>
internal sealed class ExclusionListWriter : IDisposable
{
    private static readonly string[] Titles = ["Provider", "Type", "Value", "Reason", "Message", "Until", "Source", "Id", "Created at"];

    // When the table must shrink, the value gets the most room, then the message.
    private static readonly int[] Weights = [1, 1, 3, 1, 2, 1, 1, 1, 1];

    private readonly RowWriter _rows;

    public ExclusionListWriter(CliConsole console, OutputFormat format)
        => _rows = new RowWriter(console, format, ExclusionRow.ColumnNames, Titles, Weights);

    public int Count => _rows.Count;

    public void Write(ExclusionRow row) => _rows.Write(row.Fields());

    public void Complete() => _rows.Complete($"{_rows.Count} exclusion(s)");

    public void Dispose() => _rows.Dispose();
}
