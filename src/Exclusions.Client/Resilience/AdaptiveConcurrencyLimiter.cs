using System.Net;

namespace Exclusions.Client.Resilience;

/// <summary>
/// How many single writes a bulk call keeps in flight, adapted to what the server says (AIMD, as TCP
/// and Netflix's concurrency-limits do; no maintained .NET package implements it). No package on the
/// machine's NuGet list offers an adaptive concurrency limiter, so this one is small and tested alone.
/// <list type="bullet">
/// <item>Slow start: from <c>initial</c>, every successful attempt adds one (the window doubles per round trip) until the first overload.</item>
/// <item>Additive increase: afterwards each success adds <c>1/window</c> (one per round trip).</item>
/// <item>Multiplicative decrease: a 429 or 503 halves the window at the end of slow start, later multiplies it by 0.9,
/// at most once per congestion episode (an overload answer to an attempt started before the last cut is not counted again).</item>
/// <item>Probe back-off: when overloads keep coming at the same level (a fixed server limit), growth past that level slows
/// down twofold per repeat (up to 64×), so a limit of 8 costs one 429 per several hundred requests, not one per round trip.</item>
/// <item><c>Retry-After</c>: no new item starts before the time it gives (the retry itself waits in the pipeline).</item>
/// </list>
/// The window stays within 1..ceiling; with <c>adaptive: false</c> it is the ceiling, fixed.
/// Thread-safe. Signals reach it from the HTTP pipeline through <see cref="Current"/> (an async-local set per item).
/// </summary>
internal sealed class AdaptiveConcurrencyLimiter
{
    /// <summary>The first window when adapting: low enough not to flood a small server, doubled per round trip.</summary>
    public const int DefaultInitial = 4;

    private const double Backoff = 0.9;
    private const int MaxProbeHold = 64;

    private static readonly AsyncLocal<AdaptiveConcurrencyLimiter?> CurrentLimiter = new();

    private readonly object _gate = new();
    private readonly Queue<TaskCompletionSource> _waiters = new();
    private readonly TimeProvider _time;
    private readonly bool _adaptive;
    private double _window;
    private bool _slowStart = true;
    private double _overloadLevel = double.PositiveInfinity;
    private int _probeHold = 1;
    private long _attemptsStarted;
    private long _cutAt = -1;
    private DateTimeOffset _pauseUntil = DateTimeOffset.MinValue;
    private int _inFlight;

    public AdaptiveConcurrencyLimiter(int ceiling, bool adaptive, TimeProvider? time = null, int initial = DefaultInitial)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(ceiling, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(initial, 1);
        Ceiling = ceiling;
        _adaptive = adaptive;
        _time = time ?? TimeProvider.System;
        _window = adaptive ? Math.Min(initial, ceiling) : ceiling;
    }

    /// <summary>The limiter of the bulk item running on this async flow, if any.</summary>
    public static AdaptiveConcurrencyLimiter? Current
    {
        get => CurrentLimiter.Value;
        set => CurrentLimiter.Value = value;
    }

    public int Ceiling { get; }

    /// <summary>Items allowed in flight now.</summary>
    public int Limit
    {
        get
        {
            lock (_gate)
            {
                return LimitLocked;
            }
        }
    }

    public int InFlight
    {
        get
        {
            lock (_gate)
            {
                return _inFlight;
            }
        }
    }

    /// <summary>The most items that were in flight at once.</summary>
    public int PeakInFlight { get; private set; }

    /// <summary>Attempts answered 429 or 503.</summary>
    public int Overloads { get; private set; }

    /// <summary>Attempts answered otherwise (any response that was not an overload).</summary>
    public int Successes { get; private set; }

    private int LimitLocked => Math.Clamp((int)Math.Floor(_window), 1, Ceiling);

    /// <summary>Waits for a free slot (and for any <c>Retry-After</c> pause), then takes it; give it back with <see cref="Release"/>.</summary>
    public async Task AcquireAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            TaskCompletionSource? waiter = null;
            TimeSpan pause;
            lock (_gate)
            {
                pause = _pauseUntil - _time.GetUtcNow();
                if (pause <= TimeSpan.Zero)
                {
                    if (_inFlight < LimitLocked && _waiters.Count == 0)
                    {
                        _inFlight++;
                        PeakInFlight = Math.Max(PeakInFlight, _inFlight);
                        return;
                    }

                    waiter = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                    _waiters.Enqueue(waiter);
                }
            }

            if (waiter is null)
            {
                await Task.Delay(pause, _time, cancellationToken).ConfigureAwait(false);
                continue;
            }

            // Woken in FIFO order when a slot frees; then compete again (a pause may have begun meanwhile).
            using (cancellationToken.Register(static w => ((TaskCompletionSource)w!).TrySetCanceled(), waiter))
            {
                try
                {
                    await waiter.Task.ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    lock (_gate)
                    {
                        WakeLocked();
                    }

                    throw new OperationCanceledException(cancellationToken);
                }
            }

            lock (_gate)
            {
                if (_pauseUntil <= _time.GetUtcNow() && _inFlight < LimitLocked)
                {
                    _inFlight++;
                    PeakInFlight = Math.Max(PeakInFlight, _inFlight);
                    WakeLocked();
                    return;
                }
            }
        }
    }

    /// <summary>Gives back a slot taken by <see cref="AcquireAsync"/>.</summary>
    public void Release()
    {
        lock (_gate)
        {
            _inFlight--;
            WakeLocked();
        }
    }

    /// <summary>An HTTP attempt of an item is starting; pass the result to <see cref="OnAttemptCompleted"/>.</summary>
    public long OnAttemptStarted() => Interlocked.Increment(ref _attemptsStarted);

    /// <summary>
    /// An attempt got an answer: 429/503 cut the window (and a <c>Retry-After</c> pauses new starts);
    /// anything else that is a response grows it. <paramref name="status"/> <see langword="null"/> (no response) is neutral.
    /// </summary>
    public void OnAttemptCompleted(long attempt, HttpStatusCode? status, TimeSpan? retryAfter)
    {
        if (status is null)
        {
            return;
        }

        lock (_gate)
        {
            if (status is HttpStatusCode.TooManyRequests or HttpStatusCode.ServiceUnavailable)
            {
                Overloads++;
                if (retryAfter is { } delay && delay > TimeSpan.Zero)
                {
                    var until = _time.GetUtcNow() + delay;
                    _pauseUntil = until > _pauseUntil ? until : _pauseUntil;
                }

                if (_adaptive && attempt > _cutAt)
                {
                    Cut();
                }

                return;
            }

            Successes++;
            if (_adaptive && (int)status.Value < 500)
            {
                Grow();
            }

            WakeLocked();
        }
    }

    private void Cut()
    {
        _cutAt = Interlocked.Read(ref _attemptsStarted);
        var level = _window;

        // The same level as last time: the server has a fixed limit there; probe above it ever more rarely.
        _probeHold = Math.Abs(level - _overloadLevel) < 1.5 ? Math.Min(MaxProbeHold, _probeHold * 2) : 2;
        _overloadLevel = level;
        _window = Math.Max(1, _slowStart ? level / 2 : level * Backoff);
        _slowStart = false;
    }

    private void Grow()
    {
        if (_window >= Ceiling)
        {
            return;
        }

        if (_slowStart)
        {
            _window = Math.Min(Ceiling, _window + 1);
            return;
        }

        var step = 1 / _window;
        if (_window + 1 >= _overloadLevel)
        {
            step /= _probeHold;
        }

        _window = Math.Min(Ceiling, _window + step);
        if (_window >= _overloadLevel + 1)
        {
            // Past the old limit without an overload: the server has room again; grow normally.
            _overloadLevel = double.PositiveInfinity;
            _probeHold = 1;
        }
    }

    private void WakeLocked()
    {
        var free = LimitLocked - _inFlight;
        while (free-- > 0 && _waiters.TryDequeue(out var waiter))
        {
            if (!waiter.TrySetResult())
            {
                free++;
            }
        }
    }
}
