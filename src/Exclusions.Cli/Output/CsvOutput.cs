using System.Globalization;
using CsvHelper;
using CsvHelper.Configuration;

namespace Exclusions.Cli.Output;

/// <summary>RFC 4180 CSV on stdout (quoting as needed, the platform's line ending).</summary>
internal static class CsvOutput
{
    private static readonly char[] LineBreaks = ['\r', '\n'];

    /// <remarks>
    /// Any field holding a CR or LF is quoted. CsvHelper, once <c>NewLine</c> is set, quotes only a field that
    /// contains that exact sequence, so a lone CR (or an LF under a CRLF platform line ending) went out bare
    /// and split the record for every reader (found by the CSV round-trip property).
    /// </remarks>
    public static CsvWriter Create(TextWriter target)
        => new(target, new CsvConfiguration(CultureInfo.InvariantCulture)
        {
            NewLine = Environment.NewLine,
            ShouldQuote = args => ConfigurationFunctions.ShouldQuote(args)
                || (args.Field is { Length: > 0 } field && field.IndexOfAny(LineBreaks) >= 0),
        }, leaveOpen: true);

    public static void WriteRow(this CsvWriter csv, IEnumerable<string?> fields)
    {
        foreach (var field in fields)
        {
            csv.WriteField(field ?? string.Empty);
        }

        csv.NextRecord();
    }
}
