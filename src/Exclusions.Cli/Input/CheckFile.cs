namespace Exclusions.Cli.Input;

/// <summary>
/// Reads the file of <c>check --file</c>: a header row with an <c>email</c> column; every other
/// column is kept as is, for the output. Every address is validated first, as for <c>add --file</c>.
/// </summary>
internal static class CheckFile
{
    /// <exception cref="CliException">No <c>email</c> column, or an invalid address (exit 2; nothing sent).</exception>
    public static CsvInput Read(string path)
    {
        var csv = CsvInput.Read(path);
        var emailColumn = csv.ColumnIndex("email")
            ?? throw CliException.Usage($"line 1: the header of {path} has no 'email' column.");

        var errors = new List<LineError>(csv.Errors);
        foreach (var row in csv.Rows)
        {
            if (!Client.ExclusionTarget.TryCreate(Client.ExclusionTargetType.Email, CsvInput.Field(row, emailColumn), out _, out var error))
            {
                errors.Add(new LineError(row.Line, error));
            }
        }

        if (errors.Count > 0)
        {
            throw LineError.Reject(path, errors);
        }

        return csv;
    }
}
