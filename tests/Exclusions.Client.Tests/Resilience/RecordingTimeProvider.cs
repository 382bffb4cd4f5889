using System.Collections.Concurrent;
using Microsoft.Extensions.Time.Testing;

namespace Exclusions.Client.Tests.Resilience;

/// <summary>
/// Fake time that also records every timer's due time, so a test can wait until the pipeline is
/// really sleeping (e.g. a 7 s Retry-After delay exists) before advancing the clock.
/// </summary>
public sealed class RecordingTimeProvider : FakeTimeProvider
{
    public RecordingTimeProvider()
        : base(new DateTimeOffset(2025, 6, 1, 12, 0, 0, TimeSpan.Zero))
    {
    }

    public ConcurrentQueue<TimeSpan> TimerDueTimes { get; } = new();

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        TimerDueTimes.Enqueue(dueTime);
        return base.CreateTimer(callback, state, dueTime, period);
    }

    /// <summary>Waits (in real time, at most 5 s) until a timer matching <paramref name="match"/> has been created.</summary>
    public async Task<TimeSpan> WaitForTimerAsync(Func<TimeSpan, bool> match)
    {
        var deadline = DateTime.UtcNow.AddSeconds(5);
        while (DateTime.UtcNow < deadline)
        {
            foreach (var due in TimerDueTimes)
            {
                if (match(due))
                {
                    return due;
                }
            }

            await Task.Delay(5);
        }

        throw new TimeoutException("No timer matching the expectation was created. Created: " + string.Join(", ", TimerDueTimes));
    }

    /// <summary>
    /// Advances fake time in small steps until <paramref name="task"/> completes (retry delays and
    /// permits elapse; tests that use this configure timeouts far longer than the steps add up to).
    /// </summary>
    public async Task<T> DriveAsync<T>(Task<T> task, TimeSpan? step = null)
    {
        await DriveAsync((Task)task, step);
        return await task;
    }

    public async Task DriveAsync(Task task, TimeSpan? step = null)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (!task.IsCompleted && DateTime.UtcNow < deadline)
        {
            await Task.WhenAny(task, Task.Delay(2));
            if (!task.IsCompleted)
            {
                Advance(step ?? TimeSpan.FromMilliseconds(250));
            }
        }

        Assert.True(task.IsCompleted, "The call did not complete while fake time advanced.");
    }
}
