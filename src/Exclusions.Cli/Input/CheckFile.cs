using Exclusions.Client.Internal;

namespace Exclusions.Cli.Input;

/// <summary>
/// The input of <c>check</c>: a CSV with a header row and an <c>email</c> column (<c>--file</c>), or one
/// address (<c>--email</c>); every other column is kept as is, for the output. It is read twice, one row at
/// a time, so a file of any length takes constant memory: <see cref="Validate"/> checks every address
/// before anything is sent (as for <c>add --file</c>), and <see cref="Rows"/> reads the rows again for the output.
/// </summary>
internal sealed class CheckFile
{
    private readonly Func<TextReader> _open;
    private readonly string _name;

    private CheckFile(Func<TextReader> open, string name, IReadOnlyList<string> header, int emailColumn, int rowCount, IReadOnlyList<string> firstAddresses)
    {
        _open = open;
        _name = name;
        Header = header;
        EmailColumn = emailColumn;
        RowCount = rowCount;
        FirstAddresses = firstAddresses;
    }

    /// <summary>The header's column names.</summary>
    public IReadOnlyList<string> Header { get; }

    /// <summary>The index of the <c>email</c> column.</summary>
    public int EmailColumn { get; }

    /// <summary>How many data rows the file holds.</summary>
    public int RowCount { get; }

    /// <summary>The addresses of the first rows (at most <see cref="KeptAddresses"/>), for a targeted check of a short input.</summary>
    public IReadOnlyList<string> FirstAddresses { get; }

    /// <summary>How many addresses <see cref="FirstAddresses"/> keeps.</summary>
    public const int KeptAddresses = 64;

    /// <summary>Validates a file: every row, before anything is sent.</summary>
    /// <exception cref="CliException">No <c>email</c> column, an invalid address or a malformed row (exit 2; nothing sent).</exception>
    public static CheckFile Validate(string path)
    {
        try
        {
            return Validate(() => CsvInput.OpenFile(path), path);
        }
        catch (UnauthorizedAccessException)
        {
            throw CliException.Usage($"{ValueNormalizer.Shorten(path)}: cannot be read: permission denied.");
        }
        catch (IOException ex)
        {
            throw CliException.Usage($"{ValueNormalizer.Shorten(path)}: cannot be read: {ValueNormalizer.Shorten(ex.Message)}");
        }
    }

    /// <summary>The same as <see cref="Validate(string)"/> (the name the fuzz target uses).</summary>
    /// <exception cref="CliException">No <c>email</c> column, an invalid address or a malformed row (exit 2; nothing sent).</exception>
    public static CheckFile Read(string path) => Validate(path);

    /// <summary>Validates the input <paramref name="open"/> gives (each call a new reader over the same text).</summary>
    /// <exception cref="CliException">No <c>email</c> column, an invalid address or a malformed row (exit 2; nothing sent).</exception>
    public static CheckFile Validate(Func<TextReader> open, string name)
    {
        using var csv = CsvRowStream.Open(open(), name);
        var emailColumn = CsvInput.ColumnIndex(csv.Header, "email")
            ?? throw CliException.Usage($"line 1: the header of {ValueNormalizer.Shorten(name)} has no 'email' column.");

        var errors = new List<LineError>();
        var first = new List<string>();
        var count = 0;
        var garbage = YoungGarbageCap.Start();
        foreach (var record in csv.Records())
        {
            garbage.Step();
            if (record.Error is { } error)
            {
                errors.Add(error);
                continue;
            }

            var address = CsvInput.Field(record.Row!, emailColumn);
            if (!Client.ExclusionTarget.TryCreate(Client.ExclusionTargetType.Email, address, out _, out var why))
            {
                errors.Add(new LineError(record.Row!.Line, why));
                continue;
            }

            count++;
            if (first.Count < KeptAddresses)
            {
                first.Add(address);
            }
        }

        if (errors.Count > 0)
        {
            throw LineError.Reject(name, errors);
        }

        return new CheckFile(open, name, csv.Header, emailColumn, count, first);
    }

    /// <summary>One address given on the command line, as a one-row input.</summary>
    /// <exception cref="CliException">The address is invalid (exit 2).</exception>
    public static CheckFile SingleAddress(string email)
    {
        if (!Client.ExclusionTarget.TryCreate(Client.ExclusionTargetType.Email, email, out _, out var error))
        {
            throw CliException.Usage($"--email: {error}");
        }

        var text = "email\n\"" + email.Trim().Replace("\"", "\"\"", StringComparison.Ordinal) + "\"\n";
        return Validate(() => new StringReader(text), "--email");
    }

    /// <summary>
    /// The rows again, in file order, read one at a time. Should the file have changed since it was validated
    /// (a row now malformed or invalid, or a different number of rows), the reading stops with an error instead
    /// of checking something that was never validated.
    /// </summary>
    /// <exception cref="CliException">The file changed or cannot be read any more (exit 2).</exception>
    public IEnumerable<CsvInputRow> Rows()
    {
        using var csv = Reopen();
        var count = 0;
        using var records = csv.Records().GetEnumerator();
        while (true)
        {
            bool more;
            try
            {
                more = records.MoveNext();
            }
            catch (IOException ex)
            {
                throw Changed($"cannot be read any more: {ValueNormalizer.Shorten(ex.Message)}");
            }

            if (!more)
            {
                break;
            }

            var record = records.Current;
            if (record.Error is { } error)
            {
                throw Changed($"{error} (it was valid when the file was checked)");
            }

            if (++count > RowCount || !Client.ExclusionTarget.TryCreate(Client.ExclusionTargetType.Email, CsvInput.Field(record.Row!, EmailColumn), out _, out _))
            {
                throw Changed($"line {record.Row!.Line} is not the row that was checked");
            }

            yield return record.Row!;
        }

        if (count != RowCount)
        {
            throw Changed($"it now ends after {count} row(s) instead of {RowCount}");
        }
    }

    private CsvRowStream Reopen()
    {
        try
        {
            var csv = CsvRowStream.Open(_open(), _name);
            if (!csv.Header.SequenceEqual(Header, StringComparer.Ordinal))
            {
                csv.Dispose();
                throw Changed("its header row is not the one that was checked");
            }

            return csv;
        }
        catch (IOException ex)
        {
            throw Changed($"cannot be read any more: {ValueNormalizer.Shorten(ex.Message)}");
        }
        catch (UnauthorizedAccessException)
        {
            throw Changed("cannot be read any more: permission denied");
        }
    }

    private CliException Changed(string why)
        => CliException.Usage($"{ValueNormalizer.Shorten(_name)}: changed while it was being checked: {why}. The output is incomplete; run the check again.");
}
