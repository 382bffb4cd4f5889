using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Exclusions.Client.Tests.Infrastructure;

/// <summary>Captures every log line at every level, with its formatted message, state and exception text.</summary>
public sealed class CapturingLoggerProvider : ILoggerProvider
{
    public ConcurrentQueue<CapturedLog> Entries { get; } = new();

    public ILogger CreateLogger(string categoryName) => new CapturingLogger(this, categoryName);

    public void Dispose()
    {
    }

    /// <summary>Everything that was written, as one string, for "does X appear anywhere" checks.</summary>
    public string AllText => string.Join("\n", Entries.Select(e => e.ToString()));

    public sealed record CapturedLog(string Category, LogLevel Level, EventId EventId, string Message, string State, string? Exception)
    {
        public override string ToString() => $"{Level} {Category} [{EventId}] {Message} | {State} | {Exception}";
    }

    private sealed class CapturingLogger(CapturingLoggerProvider owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var stateText = state is IEnumerable<KeyValuePair<string, object?>> pairs
                ? string.Join(", ", pairs.Select(p => $"{p.Key}={p.Value}"))
                : state?.ToString() ?? string.Empty;
            owner.Entries.Enqueue(new CapturedLog(category, logLevel, eventId, formatter(state, exception), stateText, exception?.ToString()));
        }
    }
}
