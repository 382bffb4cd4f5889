using Exclusions.Cli.Input;
using Exclusions.Client;

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
/// <c>{"items":[…],"summary":{…}}</c>, each item as it is added (<see cref="RowWriter"/>): the report keeps
/// the counts and the first refusal of the key, never the items.
/// </summary>
internal sealed class OutcomeReport : IDisposable
{
    public const string Added = "added";
    public const string AlreadyExcluded = "already_excluded";
    public const string Removed = "removed";
    public const string NotFound = "not_found";
    public const string Unsupported = "unsupported";
    public const string Failed = "failed";

    public static readonly string[] OutcomeNames = [Added, AlreadyExcluded, Removed, NotFound, Unsupported, Failed];

    private static readonly string[] Names = ["type", "value", "outcome", "detail"];
    private static readonly string[] Titles = ["Type", "Value", "Outcome", "Detail"];
    private static readonly int[] Weights = [1, 3, 1, 2];

    private readonly RowWriter _rows;
    private readonly int[] _counts = new int[OutcomeNames.Length];

    /// <summary>Starts the output on <paramref name="console"/>'s stdout.</summary>
    public OutcomeReport(CliConsole console, OutputFormat format)
        => _rows = new RowWriter(console, format, Names, Titles, Weights, jsonItems: "items");

    public bool AnyFailed => Count(Failed) > 0;

    /// <summary>The first item the vendor refused because of the key (401/403), if any: the exit code and message come from it.</summary>
    public ExclusionApiException? FirstRefusal { get; private set; }

    public void Add(OutcomeItem item)
    {
        _counts[Array.IndexOf(OutcomeNames, item.Outcome)]++;
        if (FirstRefusal is null && item.Exception is ExclusionApiException api and (ExclusionAuthenticationException or ExclusionPermissionException))
        {
            FirstRefusal = api;
        }

        _rows.Write([item.Type, item.Value, item.Outcome, item.Detail]);
    }

    /// <summary>Adds the SDK's outcome of one item.</summary>
    public void Add(ExclusionTarget target, ItemOutcome outcome) => Add(new OutcomeItem(
        CliValues.TypeName(target.Type),
        target.Value,
        OutcomeName(outcome.Kind),
        DetailOf(outcome),
        outcome.Exception));

    /// <summary>Writes the report of one bulk call: every input item, in input order, then the counts.</summary>
    public static OutcomeReport Write<TInput>(CliConsole console, OutputFormat format, BulkResult<TInput> result, Func<TInput, ExclusionTarget> targetOf)
    {
        var report = new OutcomeReport(console, format);
        try
        {
            foreach (var item in result.Items)
            {
                report.Add(targetOf(item.Input), item.Outcome);
            }

            report.Complete();
            return report;
        }
        finally
        {
            report.Dispose();
        }
    }

    public int Count(string outcome) => _counts[Array.IndexOf(OutcomeNames, outcome)];

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

    /// <summary>Ends the output with the counts: the line under the table, or the JSON <c>summary</c>.</summary>
    public void Complete() => _rows.Complete(
        string.Join(", ", OutcomeNames.Select(o => $"{o} {Count(o)}")),
        writer =>
        {
            writer.WriteStartObject("summary");
            foreach (var outcome in OutcomeNames)
            {
                writer.WriteNumber(outcome, Count(outcome));
            }

            writer.WriteEndObject();
        });

    public void Dispose() => _rows.Dispose();

    private static string? DetailOf(ItemOutcome outcome) => outcome.Kind switch
    {
        ItemOutcomeKind.Unknown => $"unknown vendor status '{outcome.VendorStatus}'" + (outcome.Detail is null ? string.Empty : $": {outcome.Detail}"),
        ItemOutcomeKind.Failed => outcome.Detail ?? outcome.Exception?.Message,
        _ => outcome.Detail,
    };
}
