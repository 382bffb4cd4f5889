using Exclusions.Cli.Input;
using Exclusions.Client;

namespace Exclusions.Cli.Commands;

/// <summary>
/// The items of <c>add</c> and <c>remove</c>: one from <c>--type</c>/<c>--value</c>, or every row of
/// <c>--file</c>, all validated and normalized before anything is sent. For add, <c>--reason</c>,
/// <c>--message</c> and <c>--until</c> also fill the file's empty cells.
/// </summary>
internal static class ExclusionItems
{
    // now: the CLI's clock (CliConsole.Time); an --until or a file's expiry before it is refused.
    public static IReadOnlyList<ExclusionInput> Read(
        DateTimeOffset now,
        string? typeName,
        string? value,
        FileInfo? file,
        bool withDetails,
        string? reason = null,
        string? message = null,
        string? until = null)
    {
        if (file is not null && (typeName is not null || value is not null))
        {
            throw CliException.Usage("Use either --type and --value, or --file, not both.");
        }

        if (!CliValues.TryParseUntil(until, now, out var defaultUntil, out var untilError))
        {
            throw CliException.Usage($"--until: {untilError}.");
        }

        var defaultReason = CliValues.ParseReason(reason);
        var defaultMessage = string.IsNullOrWhiteSpace(message) ? null : message.Trim();

        if (file is not null)
        {
            var rows = ExclusionFile.Read(file.FullName, withDetails, now);
            return withDetails
                ? rows.Select(r => r with { Reason = r.Reason ?? defaultReason, Message = r.Message ?? defaultMessage, Until = r.Until ?? defaultUntil }).ToArray()
                : rows;
        }

        if (typeName is null || value is null)
        {
            throw CliException.Usage("Give --type and --value (one item), or --file (a CSV with type,value columns).");
        }

        var type = CommonOptions.ParseType(typeName)!.Value;
        if (!ExclusionTarget.TryCreate(type, value, out var target, out var error))
        {
            throw CliException.Usage($"--value: {error}");
        }

        return [new ExclusionInput(null, target, defaultReason, defaultMessage, defaultUntil)];
    }
}
