using System.CommandLine;
using System.CommandLine.Help;
using Exclusions.Cli.Commands;
using Exclusions.Cli.Connection;
using Exclusions.Client;
using Exclusions.Client.Topo;
using Exclusions.Client.Internal;

namespace Exclusions.Cli;

/// <summary>
/// The <c>exclusions</c> command line. <see cref="RunAsync(string[], TextWriter, TextWriter, IReadOnlyDictionary{string, string}, CancellationToken)"/>
/// runs one invocation with its own stdout, stderr and environment, so tests (and other hosts) can run
/// commands in-process against an emulator they started themselves.
/// </summary>
public static class CliApp
{
    /// <summary>Runs one command line and returns its exit code (see <see cref="CliExitCode"/>).</summary>
    /// <param name="args">The arguments, without the program name.</param>
    /// <param name="stdout">Receives the results (tables, CSV, JSON).</param>
    /// <param name="stderr">Receives messages, errors, logs and progress.</param>
    /// <param name="environment">The environment variables to read (API keys, base URLs, rate limits).</param>
    /// <param name="cancellationToken">Stops the command.</param>
    /// <returns>The exit code.</returns>
    public static Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr, IReadOnlyDictionary<string, string?> environment, CancellationToken cancellationToken = default)
        => RunAsync(args, new CliConsole(stdout, stderr, outputIsTerminal: false, errorIsTerminal: false), environment, cancellationToken);

    /// <summary>
    /// A parser's message quotes the raw argument (<c>Unrecognized command or argument '…'</c>): shown like every
    /// echoed value, at most ~80 characters and with control, invisible and bidirectional characters escaped
    /// (docs/normalization.md, Error messages).
    /// </summary>
    internal static string EchoedSafely(string message, IReadOnlyList<string> args)
    {
        // An argument may reach the message whole, or as the value of --option=value / --option:value.
        var raw = args.SelectMany(a => a.IndexOfAny(['=', ':']) is var at and > 0 ? new[] { a, a[(at + 1)..] } : [a])
            .Where(ValueNormalizer.NeedsQuoting)
            .Distinct(StringComparer.Ordinal)
            .OrderByDescending(a => a.Length);
        foreach (var value in raw)
        {
            message = message.Replace("'" + value + "'", ValueNormalizer.Quote(value), StringComparison.Ordinal)
                .Replace(value, ValueNormalizer.Shorten(value), StringComparison.Ordinal);
        }

        return ValueNormalizer.EscapeControls(message);
    }

    internal static async Task<int> RunAsync(string[] args, CliConsole console, IReadOnlyDictionary<string, string?> environment, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(environment);
        var root = CreateRootCommand(console, environment);
        if (CompletionCommand.TryParseSuggest(args, out var commandLine, out var position))
        {
            // The completion scripts' question: what may come at the cursor of this line?
            foreach (var suggestion in CompletionCommand.Suggest(root, commandLine, position))
            {
                console.Out.WriteLine(suggestion);
            }

            await console.Out.FlushAsync(cancellationToken).ConfigureAwait(false);
            return CliExitCode.Success;
        }

        ParseResult parse;
        try
        {
            parse = root.Parse(args);
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException or FormatException)
        {
            // A converter that throws instead of reporting (e.g. --file with a NUL in the path): still exit 2, never a crash.
            return CliRunner.Fail(
                console,
                new CliException(CliFailure.InvalidInput, $"error: {EchoedSafely(ex.Message, args)} Run 'exclusions --help' for usage. Nothing was sent."),
                settings: null);
        }

        console.ColumnsVariable = environment.GetValueOrDefault("COLUMNS");
        console.Quiet = parse.GetValue<bool>("--quiet");
        if (parse.Errors.Count > 0 && parse.Action is not HelpAction)
        {
            return CliRunner.Fail(
                console,
                new CliException(
                    CliFailure.InvalidInput,
                    [.. parse.Errors.Select(e => "error: " + EchoedSafely(e.Message, args)), "Run 'exclusions --help' or 'exclusions <command> --help' for usage. Nothing was sent."]),
                settings: null);
        }

        var invocation = new InvocationConfiguration
        {
            Output = console.Out,
            Error = console.Error,
            EnableDefaultExceptionHandler = false,
            ProcessTerminationTimeout = null,
        };
        var exitCode = await parse.InvokeAsync(invocation, cancellationToken).ConfigureAwait(false);
        await console.Out.FlushAsync(CancellationToken.None).ConfigureAwait(false); // also after Ctrl+C: what was printed must reach stdout
        return exitCode;
    }

    /// <summary>The largest <c>--rate-limit-wait</c>: one hour.</summary>
    internal const int MaxRateLimitWaitSeconds = 3600;

    internal static Command CreateRootCommand(CliConsole console, IReadOnlyDictionary<string, string?> environment)
    {
        var emulator = new Option<bool>("--emulator")
        {
            Description = "Run the embedded emulator in this process (empty, in memory, no port opened) and use it for every provider; no key needed",
            Recursive = true,
        };
        var verbose = new Option<bool>("--verbose")
        {
            Description = "Log each HTTP request (method, path, status, duration, attempts, request id) and each retry to stderr; never the API key",
            Recursive = true,
        };
        var concurrency = new Option<int?>("--concurrency")
        {
            Description = $"Topo bulk writes: the most requests in flight at once (default {TopoOptions.DefaultBulkConcurrency}); the CLI starts at 4 and adapts up to it, backing off on 429/503",
            HelpName = "N",
            Recursive = true,
        };
        concurrency.Validators.Add(result =>
        {
            if (CommonOptions.ParsedInt(result) is { } n && (n < 1 || n > TopoOptions.MaxBulkConcurrency))
            {
                result.AddError($"--concurrency must be between 1 and {TopoOptions.MaxBulkConcurrency}.");
            }
        });
        var quiet = new Option<bool>("--quiet", "-q")
        {
            Description = "No progress bar or progress lines, and no notes about rate-limit waits; results and errors are still written",
            Recursive = true,
        };
        var rateLimitWait = new Option<int?>("--rate-limit-wait")
        {
            Description = "After a 429 without Retry-After (Amplemarket), wait for the vendor's per-minute budget up to this many seconds per request in total (default 120; 0 fails at once)",
            HelpName = "SECONDS",
            Recursive = true,
        };
        rateLimitWait.Validators.Add(result =>
        {
            if (CommonOptions.ParsedInt(result) is { } n && (n < 0 || n > MaxRateLimitWaitSeconds))
            {
                result.AddError($"--rate-limit-wait must be between 0 and {MaxRateLimitWaitSeconds} seconds.");
            }
        });
        var runner = new CliRunner(console, environment, emulator, verbose, concurrency, rateLimitWait);
        // A named root (not RootCommand, which takes the assembly's name) so help says "exclusions".
        var root = new Command(
            "exclusions",
            "Manage Topo and Amplemarket exclusion (do-not-contact) lists. API keys come from TOPO_API_KEY and AMPLEMARKET_API_KEY, "
            + "base URLs from TOPO_BASE_URL and AMPLEMARKET_BASE_URL. Exit codes: 0 ok, 1 an item failed, 2 usage or invalid input (nothing sent), "
            + "3 authentication/permission failure or missing key.")
        {
            new HelpOption(),
            new VersionOption { Action = new PackageVersionAction(console) },
            emulator,
            verbose,
            quiet,
            concurrency,
            rateLimitWait,
            ListCommand.Create(runner),
            AddCommand.Create(runner),
            RemoveCommand.Create(runner),
            UpdateCommand.Create(runner),
            CheckCommand.Create(runner),
            SyncCommand.Create(runner),
            OutboxCommand.Create(runner),
            CompletionCommand.Create(console),
        };
        return root;
    }

    /// <summary>The stderr message for a 401/403: the vendor, the status, and which variable holds the refused key (never the key).</summary>
    internal static string DescribeRefusal(ExclusionApiException exception, CliSettings settings)
    {
        var what = exception is ExclusionPermissionException permission
            ? $"refused the request (403 Forbidden{(permission.MissingScope is null ? string.Empty : $", missing scope {permission.MissingScope}")})"
            : "rejected the API key (401 Unauthorized)";
        return $"error: {exception.Provider} {what}: {ProviderConnection.CredentialHint(settings, exception.Provider)}.";
    }
}
