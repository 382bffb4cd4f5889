using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using Exclusions.Cli.Input;
using Exclusions.Cli.Output;
using Exclusions.Client;

namespace Exclusions.Cli.Commands;

/// <summary>The options several commands share, spelled once (each command gets its own instances).</summary>
internal static class CommonOptions
{
    /// <summary>
    /// A whole-number option's value for a range validator, or <see langword="null"/> when it was not given or does not
    /// parse (the parser reports that itself). <c>GetValueOrDefault</c> throws on a value that does not parse:
    /// <c>--concurrency abc</c> ended the process with an unhandled exception (exit 134).
    /// </summary>
    public static int? ParsedInt(OptionResult result)
        => result.Tokens.Count > 0 && int.TryParse(result.Tokens[^1].Value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : null;

    public static Option<string> Provider(string name = "--provider", bool allowAll = false, string? description = null)
    {
        var option = new Option<string>(name)
        {
            Required = true,
            Description = description ?? (allowAll ? "topo, amplemarket, or all (both; needs both keys)" : "topo or amplemarket"),
            HelpName = allowAll ? "topo|amplemarket|all" : "topo|amplemarket",
        };
        option.AcceptOnlyFromAmong(allowAll ? [.. CliValues.ProviderNames, "all"] : CliValues.ProviderNames);
        return option;
    }

    public static Option<string?> Type(string description)
    {
        var option = new Option<string?>("--type") { Description = description, HelpName = "email|linkedin|domain" };
        option.AcceptOnlyFromAmong(CliValues.TypeNames);
        return option;
    }

    public static Option<string> Format(string description = "Output format")
    {
        var option = new Option<string>("--format")
        {
            Description = description,
            HelpName = "table|csv|json",
            DefaultValueFactory = _ => "table",
        };
        option.AcceptOnlyFromAmong(OutputFormats.Names);
        return option;
    }

    public static Option<FileInfo?> File(string description) => new("--file") { Description = description, HelpName = "F.csv" };

    /// <summary>
    /// <c>--reason</c>: the help lists Topo's documented codes and completion offers them; any other code is
    /// still sent as typed (upper-cased), because Topo adds codes without a version bump.
    /// </summary>
    public static Option<string?> Reason(string defaultNote = "default OTHER")
    {
        var option = new Option<string?>("--reason")
        {
            Description = $"Topo reason code, one of {string.Join(", ", ReasonNames)} ({defaultNote}; case-insensitive). Not sent to Amplemarket",
            HelpName = "REASON",
        };
        option.CompletionSources.Add([.. ReasonNames]);
        return option;
    }

    /// <summary>Topo's documented reason codes, as <c>--reason</c> takes them.</summary>
    public static IReadOnlyList<string> ReasonNames { get; } = ExclusionReason.KnownValues.Select(r => r.Value).ToArray();

    public static Option<string?> Message() => new("--message") { Description = "A note (Topo only; not sent to Amplemarket)", HelpName = "M" };

    public static Option<string?> Until(string description) => new("--until") { Description = description, HelpName = "ISO8601" };

    public static ExclusionTargetType? ParseType(string? name)
        => name is null ? null : CliValues.TryParseType(name, out var type) ? type : throw CliException.Usage($"--type must be one of {string.Join(", ", CliValues.TypeNames)}.");
}
