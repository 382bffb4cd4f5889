using Exclusions.Cli.Input;
using Exclusions.Client;
using Spectre.Console;

namespace Exclusions.Cli.Output;

/// <summary>One item of an add/remove/sync result.</summary>
/// <param name="Type">The target type, as the CLI spells it.</param>
/// <param name="Value">The normalized value.</param>
/// <param name="Outcome">One of <see cref="OutcomeReport.OutcomeNames"/>.</param>
/// <param name="Detail">Why, when there is more to say.</param>
/// <param name="Exception">The error behind a <c>failed</c> outcome (never printed whole).</param>
internal sealed record OutcomeItem(string Type, string Value, string Outcome, string? Detail, Exception? Exception = null);

/// <summary>
/// The result of add, remove and sync: exactly one outcome per input item, in input order, and the
/// counts. Printed as a table, as CSV (<c>type,value,outcome,detail</c>) or as the JSON object
/// <c>{"items":[…],"summary":{…}}</c>.
/// </summary>
internal sealed class OutcomeReport
{
    public const string Added = "added";
    public const string AlreadyExcluded = "already_excluded";
    public const string Removed = "removed";
    public const string NotFound = "not_found";
    public const string Unsupported = "unsupported";
    public const string Failed = "failed";

    public static readonly string[] OutcomeNames = [Added, AlreadyExcluded, Removed, NotFound, Unsupported, Failed];

    private readonly List<OutcomeItem> _items = [];

    public IReadOnlyList<OutcomeItem> Items => _items;

    public bool AnyFailed => _items.Any(i => i.Outcome == Failed);

    public void Add(OutcomeItem item) => _items.Add(item);

    /// <summary>Adds the SDK's outcome of one item.</summary>
    public void Add(ExclusionTarget target, ItemOutcome outcome) => _items.Add(new OutcomeItem(
        CliValues.TypeName(target.Type),
        target.Value,
        OutcomeName(outcome.Kind),
        DetailOf(outcome),
        outcome.Exception));

    /// <summary>The report of one bulk call: every input item, in input order.</summary>
    public static OutcomeReport From<TInput>(BulkResult<TInput> result, Func<TInput, ExclusionTarget> targetOf)
    {
        var report = new OutcomeReport();
        foreach (var item in result.Items)
        {
            report.Add(targetOf(item.Input), item.Outcome);
        }

        return report;
    }

    public int Count(string outcome) => _items.Count(i => i.Outcome == outcome);

    /// <summary>
    /// The CLI's six outcomes. A vendor status the SDK does not know (<see cref="ItemOutcomeKind.Unknown"/>)
    /// is <c>failed</c>: nobody can say the item is in the state asked for, so the run must not look clean.
    /// </summary>
    public static string OutcomeName(ItemOutcomeKind kind) => kind switch
    {
        ItemOutcomeKind.Added => Added,
        ItemOutcomeKind.AlreadyExcluded => AlreadyExcluded,
        ItemOutcomeKind.Removed => Removed,
        ItemOutcomeKind.NotFound => NotFound,
        ItemOutcomeKind.Unsupported => Unsupported,
        _ => Failed,
    };

    public void Write(CliConsole console, OutputFormat format)
    {
        switch (format)
        {
            case OutputFormat.Json:
                WriteJson(console.Out);
                break;
            case OutputFormat.Csv:
                using (var csv = CsvOutput.Create(console.Out))
                {
                    csv.WriteRow(["type", "value", "outcome", "detail"]);
                    foreach (var item in _items)
                    {
                        csv.WriteRow([item.Type, item.Value, item.Outcome, item.Detail]);
                    }
                }

                break;
            default:
                var table = TableOutput.Create("Type", "Value", "Outcome", "Detail");
                foreach (var item in _items)
                {
                    table.AddTextRow([item.Type, item.Value, item.Outcome, item.Detail]);
                }

                var output = console.CreateOutputConsole();
                output.Write(table);
                output.WriteLine(string.Join(", ", OutcomeNames.Select(o => $"{o} {Count(o)}")));
                break;
        }

        console.Out.Flush();
    }

    private static string? DetailOf(ItemOutcome outcome) => outcome.Kind switch
    {
        ItemOutcomeKind.Unknown => $"unknown vendor status '{outcome.VendorStatus}'" + (outcome.Detail is null ? string.Empty : $": {outcome.Detail}"),
        ItemOutcomeKind.Failed => outcome.Detail ?? outcome.Exception?.Message,
        _ => outcome.Detail,
    };

    private void WriteJson(TextWriter target)
    {
        using var json = new JsonOutput(target);
        var writer = json.Writer;
        writer.WriteStartObject();
        writer.WriteStartArray("items");
        foreach (var item in _items)
        {
            writer.WriteStartObject();
            writer.WriteString("type", item.Type);
            writer.WriteString("value", item.Value);
            writer.WriteString("outcome", item.Outcome);
            writer.WriteString("detail", item.Detail);
            writer.WriteEndObject();
            json.FlushIfLarge();
        }

        writer.WriteEndArray();
        writer.WriteStartObject("summary");
        foreach (var outcome in OutcomeNames)
        {
            writer.WriteNumber(outcome, Count(outcome));
        }

        writer.WriteEndObject();
        writer.WriteEndObject();
        json.Complete();
    }
}
