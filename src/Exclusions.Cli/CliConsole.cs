using Spectre.Console;

namespace Exclusions.Cli;

/// <summary>
/// Where a run writes: stdout for results only (machine-readable in csv/json), stderr for everything
/// else. Progress is drawn only when stderr is an interactive terminal, so redirected runs and tests
/// see none of it.
/// </summary>
internal sealed class CliConsole
{
    public CliConsole(TextWriter output, TextWriter error, bool outputIsTerminal, bool errorIsTerminal)
    {
        // Bulk calls report progress and log from several threads at once.
        Out = TextWriter.Synchronized(output);
        Error = TextWriter.Synchronized(error);
        OutputIsTerminal = outputIsTerminal;
        ErrorIsTerminal = errorIsTerminal;
    }

    public TextWriter Out { get; }

    public TextWriter Error { get; }

    public bool OutputIsTerminal { get; }

    public bool ErrorIsTerminal { get; }

    /// <summary>Spectre.Console over stdout, for tables. Plain text (no colours, no wrapping) unless stdout is a terminal.</summary>
    public IAnsiConsole CreateOutputConsole() => Create(Out, OutputIsTerminal);

    /// <summary>Spectre.Console over stderr, for progress bars.</summary>
    public IAnsiConsole CreateErrorConsole() => Create(Error, ErrorIsTerminal);

    public void WriteError(string message) => Error.WriteLine(message);

    private static IAnsiConsole Create(TextWriter writer, bool terminal)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = terminal ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = terminal ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = terminal ? InteractionSupport.Detect : InteractionSupport.No,
            Out = new AnsiConsoleOutput(writer),
        });

        // A redirected table must not be wrapped at an imaginary 80 columns: each row stays one line.
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
            return 120;
        }
    }
}
