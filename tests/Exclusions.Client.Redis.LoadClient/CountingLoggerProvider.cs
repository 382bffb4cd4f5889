using Microsoft.Extensions.Logging;

namespace Exclusions.Client.Redis.LoadClient;

/// <summary>Writes warnings (and the Redis limiter's lines) to stderr and counts the Redis limiter's events.</summary>
internal sealed class CountingLoggerProvider : ILoggerProvider
{
    private int _unavailable;
    private int _recovered;

    public int Unavailable => Volatile.Read(ref _unavailable);

    public int Recovered => Volatile.Read(ref _recovered);

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
    }

    private sealed class Logger(CountingLoggerProvider owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => category == "Exclusions.Client.Redis" ? logLevel >= LogLevel.Information : logLevel >= LogLevel.Warning && !category.StartsWith("Polly", StringComparison.Ordinal);

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(logLevel))
            {
                return;
            }

            if (eventId.Id == 1301)
            {
                Interlocked.Increment(ref owner._unavailable);
            }
            else if (eventId.Id == 1302)
            {
                Interlocked.Increment(ref owner._recovered);
            }

            Console.Error.WriteLine($"{logLevel}[{eventId.Id}] {category}: {formatter(state, exception)}");
        }
    }
}
