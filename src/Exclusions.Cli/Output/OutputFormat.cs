namespace Exclusions.Cli.Output;

/// <summary>How a command prints its result on stdout (<c>--format</c>).</summary>
internal enum OutputFormat
{
    /// <summary>A table for people (the default).</summary>
    Table,

    /// <summary>RFC 4180 CSV with a header row.</summary>
    Csv,

    /// <summary>JSON, <see langword="null"/> where there is no value.</summary>
    Json,
}

internal static class OutputFormats
{
    public static readonly string[] Names = ["table", "csv", "json"];

    public static OutputFormat Parse(string? name) => name switch
    {
        "csv" => OutputFormat.Csv,
        "json" => OutputFormat.Json,
        _ => OutputFormat.Table,
    };
}
