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

    private readonly TextWriter _error;
    private readonly bool _verbose;
    private int _sharedLimitWarned;

    public CliLoggerProvider(TextWriter error, bool verbose)
    {
        _error = error;
        _verbose = verbose;
    }

    /// <summary>The level the logging pipeline must let through for this provider to see what it may print.</summary>
    public static LogLevel MinimumLevel(bool verbose) => verbose ? LogLevel.Debug : LogLevel.Warning;

    private bool Shows(LogLevel level, EventId eventId) => level switch
    {
        LogLevel.None or LogLevel.Trace => false,
        >= LogLevel.Warning => true,
        LogLevel.Information => _verbose,
        _ => _verbose && Array.IndexOf(VerboseDebugEventIds, eventId.Id) >= 0,
    };

    public ILogger CreateLogger(string categoryName)
        => categoryName.StartsWith(SdkCategoryPrefix, StringComparison.Ordinal) ? new Logger(this) : NullLogger.Instance;

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

    private sealed class Logger(CliLoggerProvider owner) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None && logLevel >= MinimumLevel(owner._verbose);

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
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
