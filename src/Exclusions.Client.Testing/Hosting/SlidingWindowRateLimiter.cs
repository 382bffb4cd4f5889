namespace Exclusions.Client.Testing.Hosting;

/// <summary>
/// A per-key sliding-window request counter: at most <c>limit</c> accepted requests in any
/// <see cref="Window"/> (one minute unless the options scale it down). Rejected requests are not counted. Time comes from the emulator's
/// <see cref="TimeProvider"/>, so tests can move through windows with a fake clock.
/// </summary>
internal sealed class SlidingWindowRateLimiter
{
    public static readonly TimeSpan DefaultWindow = TimeSpan.FromMinutes(1);

    private readonly object _gate = new();
    private readonly Dictionary<string, Queue<DateTimeOffset>> _acceptedByKey = new(StringComparer.Ordinal);
    private readonly int? _limit;

    public SlidingWindowRateLimiter(int? requestsPerWindow, TimeSpan? window = null)
    {
        _limit = requestsPerWindow is > 0 ? requestsPerWindow : null;
        Window = window ?? DefaultWindow;
    }

    public TimeSpan Window { get; }

    /// <summary>
    /// Counts a request for <paramref name="key"/> at <paramref name="now"/>. Returns <see langword="false"/>
    /// when the window is full; <paramref name="retryAfter"/> is then how long until a slot frees up.
    /// </summary>
    public bool TryAcquire(string key, DateTimeOffset now, out TimeSpan retryAfter)
    {
        retryAfter = TimeSpan.Zero;
        if (_limit is not { } limit)
        {
            return true;
        }

        lock (_gate)
        {
            if (!_acceptedByKey.TryGetValue(key, out var accepted))
            {
                accepted = new Queue<DateTimeOffset>();
                _acceptedByKey[key] = accepted;
            }

            while (accepted.Count > 0 && accepted.Peek() <= now - Window)
            {
                accepted.Dequeue();
            }

            if (accepted.Count >= limit)
            {
                retryAfter = accepted.Peek() + Window - now;
                return false;
            }

            accepted.Enqueue(now);
            return true;
        }
    }

    public void Clear()
    {
        lock (_gate)
        {
            _acceptedByKey.Clear();
        }
    }
}
