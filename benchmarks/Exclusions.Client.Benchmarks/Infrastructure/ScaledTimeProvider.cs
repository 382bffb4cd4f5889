using System.Diagnostics;

namespace Exclusions.Client.Benchmarks.Infrastructure;

/// <summary>
/// A clock that runs <see cref="Factor"/> times faster than real time: timestamps, wall-clock time and
/// timers all advance together, so every time-based component (the SDK's per-minute quota limiter,
/// Polly's timeouts and back-off, the emulator's per-minute rate-limit window) behaves exactly as it
/// would, only compressed. With a factor of 60, "50 requests per minute" is 50 requests per real second.
/// </summary>
internal sealed class ScaledTimeProvider : TimeProvider
{
    private readonly long _originTimestamp = Stopwatch.GetTimestamp();
    private readonly DateTimeOffset _originUtc = DateTimeOffset.UtcNow;

    public ScaledTimeProvider(int factor)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(factor, 1);
        Factor = factor;
    }

    public int Factor { get; }

    public override long TimestampFrequency => Stopwatch.Frequency;

    public override long GetTimestamp() => _originTimestamp + ((Stopwatch.GetTimestamp() - _originTimestamp) * Factor);

    public override DateTimeOffset GetUtcNow()
        => _originUtc + TimeSpan.FromSeconds((Stopwatch.GetTimestamp() - _originTimestamp) * (double)Factor / Stopwatch.Frequency);

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        => new ScaledTimer(System.CreateTimer(callback, state, ToReal(dueTime), ToReal(period)), this);

    /// <summary>A scaled span in real time (infinite and zero stay as they are).</summary>
    public TimeSpan ToReal(TimeSpan scaled)
        => scaled == Timeout.InfiniteTimeSpan || scaled <= TimeSpan.Zero ? scaled : TimeSpan.FromTicks(Math.Max(1, scaled.Ticks / Factor));

    private sealed class ScaledTimer(ITimer inner, ScaledTimeProvider clock) : ITimer
    {
        public bool Change(TimeSpan dueTime, TimeSpan period) => inner.Change(clock.ToReal(dueTime), clock.ToReal(period));

        public void Dispose() => inner.Dispose();

        public ValueTask DisposeAsync() => inner.DisposeAsync();
    }
}
