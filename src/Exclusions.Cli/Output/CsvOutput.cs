using System.Globalization;
using CsvHelper;
using CsvHelper.Configuration;

namespace Exclusions.Cli.Output;

/// <summary>RFC 4180 CSV on stdout (quoting as needed, the platform's line ending).</summary>
internal static class CsvOutput
{
    public static CsvWriter Create(TextWriter target)
        => new(target, new CsvConfiguration(CultureInfo.InvariantCulture) { NewLine = Environment.NewLine }, leaveOpen: true);

    public static void WriteRow(this CsvWriter csv, IEnumerable<string?> fields)
    {
        foreach (var field in fields)
        {
            csv.WriteField(field ?? string.Empty);
        }

        csv.NextRecord();
    }
}
