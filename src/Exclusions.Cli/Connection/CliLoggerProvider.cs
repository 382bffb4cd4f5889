using Microsoft.Extensions.Logging;

namespace Exclusions.Cli.Connection;

/// <summary>
/// A minimal logger writing one line per event to stderr. Only the SDK's own categories get through
/// (never IHttpClientFactory's, which would print full URLs), and never below Information: at Debug
/// the SDK may log e-mail addresses.
/// </summary>
internal sealed class CliLoggerProvider : ILoggerProvider
{
    private const string SdkCategoryPrefix = "Exclusions.Client";

    /// <summary>"The shared limit in Redis is unavailable": the operator needs to hear it once per command, not once per vendor.</summary>
    private const int SharedLimitUnavailableEventId = 1301;

    private readonly TextWriter _error;
    private readonly LogLevel _minimum;
    private int _sharedLimitWarned;

    public CliLoggerProvider(TextWriter error, LogLevel minimum)
    {
        _error = error;
        _minimum = minimum < LogLevel.Information ? LogLevel.Information : minimum;
    }

    public ILogger CreateLogger(string categoryName)
        => categoryName.StartsWith(SdkCategoryPrefix, StringComparison.Ordinal) ? new Logger(this) : NullLogger.Instance;

    public void Dispose()
    {
    }

    private static string Label(LogLevel level) => level switch
    {
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

        public bool IsEnabled(LogLevel logLevel) => logLevel >= owner._minimum && logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(logLevel))
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
