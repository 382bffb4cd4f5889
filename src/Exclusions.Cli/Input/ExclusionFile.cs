using Exclusions.Client.Internal;

namespace Exclusions.Cli.Input;

/// <summary>
/// Reads the file of <c>add --file</c> / <c>remove --file</c>: a header row with <c>type</c> and
/// <c>value</c> (required) and <c>reason</c>, <c>message</c>, <c>until</c> (optional, used by add), in
/// any order; other columns are ignored. Every row is validated before any is returned: one bad row
/// fails the whole file, each bad row reported as <c>line N: why</c>.
/// </summary>
internal static class ExclusionFile
{
    /// <exception cref="CliException">Any row is invalid, or the file is unusable (exit 2; nothing sent).</exception>
    public static IReadOnlyList<ExclusionInput> Read(string path, bool withDetails, DateTimeOffset now)
    {
        var csv = CsvInput.Read(path);
        var typeColumn = csv.ColumnIndex("type");
        var valueColumn = csv.ColumnIndex("value");
        var missing = new[] { ("type", typeColumn), ("value", valueColumn) }.Where(c => c.Item2 is null).Select(c => $"'{c.Item1}'").ToArray();
        if (missing.Length > 0)
        {
            throw CliException.Usage($"line 1: the header of {ValueNormalizer.Shorten(path)} has no {string.Join(" or ", missing)} column (required: type,value; optional: reason,message,until).");
        }

        var reasonColumn = withDetails ? csv.ColumnIndex("reason") : null;
        var messageColumn = withDetails ? csv.ColumnIndex("message") : null;
        var untilColumn = withDetails ? csv.ColumnIndex("until") : null;

        // A file written by `list --format csv` names each row's provider; an Amplemarket row's reason column holds
        // Amplemarket's own text ("manual", "api"), not a reason code: sent to Topo it was a 400 for every such row.
        var providerColumn = withDetails ? csv.ColumnIndex("provider") : null;

        var errors = new List<LineError>(csv.Errors);
        var items = new List<ExclusionInput>(csv.Rows.Count);
        foreach (var row in csv.Rows)
        {
            var typeText = CsvInput.Field(row, typeColumn);
            if (!CliValues.TryParseType(typeText, out var type))
            {
                errors.Add(new LineError(row.Line, $"type {ValueNormalizer.Quote(typeText.Trim())} is not one of {string.Join(", ", CliValues.TypeNames)}"));
                continue;
            }

            if (!Client.ExclusionTarget.TryCreate(type, CsvInput.Field(row, valueColumn), out var target, out var valueError))
            {
                errors.Add(new LineError(row.Line, valueError));
                continue;
            }

            if (!CliValues.TryParseUntil(CsvInput.Field(row, untilColumn), now, out var until, out var untilError))
            {
                errors.Add(new LineError(row.Line, untilError));
                continue;
            }

            var message = CsvInput.Field(row, messageColumn);
            items.Add(new ExclusionInput(
                row.Line,
                target,
                IsAmplemarketRow(row, providerColumn) ? null : CliValues.ParseReason(CsvInput.Field(row, reasonColumn)),
                string.IsNullOrWhiteSpace(message) ? null : message.Trim(),
                until));
        }

        if (errors.Count > 0)
        {
            throw LineError.Reject(path, errors);
        }

        if (items.Count == 0)
        {
            throw CliException.Usage($"{ValueNormalizer.Shorten(path)}: no data rows after the header; nothing was sent.");
        }

        return items;
    }

    private static bool IsAmplemarketRow(CsvInputRow row, int? providerColumn)
        => providerColumn is not null && string.Equals(CsvInput.Field(row, providerColumn).Trim(), Client.ExclusionProvider.Amplemarket.Name, StringComparison.OrdinalIgnoreCase);

}
