using Spectre.Console;

namespace Exclusions.Cli;

/// <summary>
/// Where a run writes: stdout for results only (machine-readable in csv/json), stderr for everything
/// else. Progress is drawn only when stderr is an interactive terminal, so redirected runs and tests
/// see none of it.
/// </summary>
internal sealed class CliConsole
{
    private readonly Lock _waitLock = new();
    private readonly Dictionary<string, DateTimeOffset> _lastWaitEnd = new(StringComparer.Ordinal);
    private volatile Action<string>? _progressNote;

    public CliConsole(TextWriter output, TextWriter error, bool outputIsTerminal, bool errorIsTerminal, TimeProvider? time = null)
    {
        // Bulk calls report progress and log from several threads at once.
        Out = TextWriter.Synchronized(output);
        Error = TextWriter.Synchronized(error);
        OutputIsTerminal = outputIsTerminal;
        ErrorIsTerminal = errorIsTerminal;
        Time = time ?? TimeProvider.System;
    }

    /// <summary>The clock of progress lines and waits (a fake one in tests).</summary>
    public TimeProvider Time { get; }

    /// <summary><c>--quiet</c>: no progress and no wait notes; results and errors still go out.</summary>
    public bool Quiet { get; set; }

    public TextWriter Out { get; }

    public TextWriter Error { get; }

    public bool OutputIsTerminal { get; }

    public bool ErrorIsTerminal { get; }

    /// <summary>Spectre.Console over stdout, for Spectre tables (outbox status). Plain text (no colours, no wrapping) unless stdout is a terminal.</summary>
    public IAnsiConsole CreateOutputConsole() => Create(Out, OutputIsTerminal);

    /// <summary>The <c>COLUMNS</c> environment variable, when set (it overrides the width tables are fitted to).</summary>
    public string? ColumnsVariable { get; set; }

    /// <summary>The width tables get when stdout is not a terminal and <c>COLUMNS</c> is not set.</summary>
    public const int RedirectedWidth = 120;

    /// <summary>
    /// The width tables are fitted to: <c>COLUMNS</c> when set, else the terminal's width, else (redirected)
    /// <see cref="RedirectedWidth"/>; never less than 20.
    /// </summary>
    public int OutputWidth => TableWidth(ColumnsVariable, OutputIsTerminal ? SafeWindowWidth() : null);

    internal static int TableWidth(string? columns, int? terminalWidth)
    {
        var width = int.TryParse(columns, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var fromVariable) && fromVariable > 0
            ? fromVariable
            : terminalWidth is > 0 ? terminalWidth.Value : RedirectedWidth;
        return Math.Max(width, 20);
    }

    /// <summary>Spectre.Console over stderr, for progress bars.</summary>
    public IAnsiConsole CreateErrorConsole() => Create(Error, ErrorIsTerminal);

    public void WriteError(string message) => Error.WriteLine(message);

    /// <summary>
    /// Says that a request waits for a vendor (a 429 or 503 with its delay), e.g.
    /// <c>Topo: rate limit reached (429), waiting 7 s</c>: with the running progress (above the bar, or
    /// as a line), else on stderr. Many requests told to wait at once are one note. Silent with <c>--quiet</c>.
    /// This is the hook for every wait the CLI learns of (the SDK's retry delays; the quota waits of issue 17).
    /// </summary>
    /// <param name="vendor">Topo or Amplemarket.</param>
    /// <param name="delay">How long it waits.</param>
    /// <param name="why">What the vendor said, e.g. <c>rate limit reached (429)</c>.</param>
    public void ReportWait(string vendor, TimeSpan delay, string why)
    {
        if (Quiet || delay < TimeSpan.FromSeconds(1))
        {
            return;
        }

        var end = Time.GetUtcNow() + delay;
        lock (_waitLock)
        {
            if (_lastWaitEnd.TryGetValue(vendor, out var last) && (end - last).Duration() < TimeSpan.FromSeconds(1))
            {
                return;
            }

            _lastWaitEnd[vendor] = end;
        }

        var message = $"{vendor}: {why}, waiting {Output.ProgressLines.FormatDuration(delay, precise: false)}";
        if (_progressNote is { } note)
        {
            note(message);
        }
        else
        {
            WriteError(message);
        }
    }

    /// <summary>While the returned scope lives, <see cref="ReportWait"/> writes through the running progress.</summary>
    public IDisposable BeginProgress(Action<string> note)
    {
        _progressNote = note;
        return new ProgressScope(this);
    }

    private static IAnsiConsole Create(TextWriter writer, bool terminal)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = terminal ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = terminal ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            // stderr being a terminal is what matters for a live bar; Spectre's own detection also looks at
            // stdin and would fall back to bare "60%" lines when input is piped.
            Interactive = terminal ? InteractionSupport.Yes : InteractionSupport.No,
            Out = new AnsiConsoleOutput(writer),
        });

        console.Profile.Width = terminal ? Math.Max(SafeWindowWidth(), 40) : 4096;
        return console;
    }

    private static int SafeWindowWidth()
    {
        try
        {
            return Console.WindowWidth;
        }
        catch (IOException)
        {
            return RedirectedWidth;
        }
    }

    private sealed class ProgressScope(CliConsole owner) : IDisposable
    {
        public void Dispose() => owner._progressNote = null;
    }
}
