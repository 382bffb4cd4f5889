using Exclusions.Cli.Input;
using Exclusions.Client;

namespace Exclusions.Cli.Output;

/// <summary>
/// One exclusion as <c>list</c> (and <c>update</c>) print it, with the columns of the CLI reference:
/// <c>provider,type,value,reason,message,until,source,id,created_at</c>; <see langword="null"/> where
/// a vendor has no value.
/// </summary>
internal sealed record ExclusionRow(
    string Provider,
    string Type,
    string Value,
    string? Reason,
    string? Message,
    string? Until,
    string? Source,
    string? Id,
    string? CreatedAt)
{
    public static readonly string[] ColumnNames = ["provider", "type", "value", "reason", "message", "until", "source", "id", "created_at"];

    public static ExclusionRow From(Exclusion exclusion) => new(
        exclusion.Provider.Name,
        CliValues.TypeName(exclusion.Target.Type),
        exclusion.Target.Value,
        exclusion.Reason?.Value ?? exclusion.VendorReason,
        exclusion.Message,
        exclusion.Until is { } until ? CliValues.FormatMoment(until) : null,
        exclusion.Source,
        exclusion.Id,
        exclusion.CreatedAt is { } created ? CliValues.FormatMoment(created) : null);

    public string?[] Fields() => [Provider, Type, Value, Reason, Message, Until, Source, Id, CreatedAt];
}
