using Exclusions.Client.Internal;

namespace Exclusions.Cli.Input;

/// <summary>Why one line of an input file is invalid; printed as <c>line N: why</c>.</summary>
/// <param name="Line">The 1-based line (the header is line 1).</param>
/// <param name="Why">The reason.</param>
internal sealed record LineError(int Line, string Why)
{
    public override string ToString() => $"line {Line}: {Why}";

    /// <summary>Fails the whole file: every bad line in order, then a summary (exit 2; nothing sent).</summary>
    public static CliException Reject(string path, IEnumerable<LineError> errors)
    {
        var ordered = errors.OrderBy(e => e.Line).ToArray();
        return new CliException(
            CliFailure.InvalidInput,
            [.. ordered.Select(e => e.ToString()), $"{ValueNormalizer.Shorten(path)}: {ordered.Length} invalid row(s); nothing was sent."]);
    }
}
