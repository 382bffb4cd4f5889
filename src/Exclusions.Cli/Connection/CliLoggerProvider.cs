using Microsoft.Extensions.Logging;

namespace Exclusions.Cli.Connection;

/// <summary>
/// A minimal logger writing one line per event to stderr. Only the SDK's own categories get through
/// (never IHttpClientFactory's, which would print full URLs, nor Polly's). By default Warning and above;
/// with <c>--verbose</c> also the SDK's one Information line per request and, from Debug, only the
/// events that carry no personal data (retries, attempts without a response, client-side waits): other
/// Debug events may hold e-mail addresses and never get through.
/// </summary>
internal sealed class CliLoggerProvider : ILoggerProvider
{
    private const string SdkCategoryPrefix = "Exclusions.Client";

    /// <summary>"The shared limit in Redis is unavailable": the operator needs to hear it once per command, not once per vendor.</summary>
    private const int SharedLimitUnavailableEventId = 1301;

    /// <summary>
    /// The SDK's Debug events shown with <c>--verbose</c>: 1003 an attempt without a response, 1004 a retry
    /// (with its delay and reason), 1005 a wait for the client-side rate limit. Route templates only, no address.
    /// </summary>
    private static readonly int[] VerboseDebugEventIds = [1003, 1004, 1005];

    /// <summary>The SDK's retry event: its delay and reason tell the operator about a wait for a 429/503.</summary>
    private const int RetryingEventId = 1004;

    private const string HttpCategory = "Exclusions.Client.Http";

    private readonly CliConsole _console;
    private readonly TextWriter _error;
    private readonly bool _verbose;
    private int _sharedLimitWarned;

    public CliLoggerProvider(CliConsole console, bool verbose)
    {
        _console = console;
        _error = console.Error;
        _verbose = verbose;
    }

    /// <summary>
    /// The level the logging pipeline must let through for this provider: Debug, because the SDK's retry
    /// events (Debug) announce waits even without <c>--verbose</c>; <see cref="Logger.IsEnabled"/> narrows it per category.
    /// </summary>
    public static LogLevel MinimumLevel => LogLevel.Debug;

    private bool Enabled(string category, LogLevel level) => level switch
    {
        LogLevel.None or LogLevel.Trace => false,
        >= LogLevel.Warning => true,
        LogLevel.Information => _verbose,
        _ => _verbose || category == HttpCategory,
    };

    private bool Shows(LogLevel level, EventId eventId) => level switch
    {
        LogLevel.None or LogLevel.Trace => false,
        >= LogLevel.Warning => true,
        LogLevel.Information => _verbose,
        _ => _verbose && Array.IndexOf(VerboseDebugEventIds, eventId.Id) >= 0,
    };

    public ILogger CreateLogger(string categoryName)
        => categoryName.StartsWith(SdkCategoryPrefix, StringComparison.Ordinal) ? new Logger(this, categoryName) : NullLogger.Instance;

    /// <summary>A retry after 429 or 503 (with the delay the SDK chose, Retry-After included) is a wait the operator hears of.</summary>
    private void ObserveRetry<TState>(TState state)
    {
        if (state is not IReadOnlyList<KeyValuePair<string, object?>> fields)
        {
            return;
        }

        string? client = null;
        string? reason = null;
        double? delayMs = null;
        foreach (var field in fields)
        {
            switch (field.Key)
            {
                case "Client":
                    client = field.Value as string;
                    break;
                case "Reason":
                    reason = field.Value?.ToString();
                    break;
                case "DelayMs":
                    delayMs = field.Value is double d ? d : null;
                    break;
            }
        }

        var why = reason switch
        {
            "429" => "rate limit reached (429)",
            "503" => "unavailable (503)",
            _ => null,
        };
        if (why is not null && delayMs is { } ms && client is not null)
        {
            _console.ReportWait(VendorName(client), TimeSpan.FromMilliseconds(ms), why);
        }
    }

    private static string VendorName(string client) => client switch
    {
        Microsoft.Extensions.DependencyInjection.TopoServiceCollectionExtensions.HttpClientName => "Topo",
        Microsoft.Extensions.DependencyInjection.AmplemarketServiceCollectionExtensions.HttpClientName => "Amplemarket",
        _ => client,
    };

    public void Dispose()
    {
    }

    private static string Label(LogLevel level) => level switch
    {
        LogLevel.Debug => "debug",
        LogLevel.Information => "info",
        LogLevel.Warning => "warn",
        LogLevel.Error => "error",
        LogLevel.Critical => "crit",
        _ => level.ToString().ToLowerInvariant(),
    };

    private sealed class Logger(CliLoggerProvider owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => owner.Enabled(category, logLevel);

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (eventId.Id == RetryingEventId)
            {
                owner.ObserveRetry(state);
            }

            if (!owner.Shows(logLevel, eventId))
            {
                return;
            }

            if (eventId.Id == SharedLimitUnavailableEventId && Interlocked.Exchange(ref owner._sharedLimitWarned, 1) == 1)
            {
                return;
            }

            // The exception's message only: stack traces are noise for an operator.
            var line = $"{Label(logLevel)}: {formatter(state, exception)}";
            if (exception is not null)
            {
                line += $" ({exception.GetType().Name}: {exception.Message})";
            }

            owner._error.WriteLine(line);
        }
    }

    private sealed class NullLogger : ILogger
    {
        public static readonly NullLogger Instance = new();

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => false;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
        }
    }
}
