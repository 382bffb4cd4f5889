using Spectre.Console;
using Spectre.Console.Rendering;

namespace Exclusions.Cli.Output;

/// <summary>Tables on stdout through Spectre.Console; cell text is never read as markup.</summary>
internal static class TableOutput
{
    public static Table Create(params string[] headers)
    {
        var table = new Table().Border(TableBorder.Rounded);
        foreach (var header in headers)
        {
            table.AddColumn(new TableColumn(new Text(header, new Style(decoration: Decoration.Bold))));
        }

        return table;
    }

    public static void AddTextRow(this Table table, IEnumerable<string?> cells)
        => table.AddRow(cells.Select(c => (IRenderable)new Text(c ?? string.Empty)).ToArray());
}
