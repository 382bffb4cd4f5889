namespace Exclusions.Client.Resilience;

/// <summary>
/// An exact "at most <see cref="PermitLimit"/> requests in any <see cref="Window"/>" limiter: a sliding
/// log of the last N admission times in a ring buffer. A request is admitted when fewer than N have
/// been admitted, or when the oldest of the last N is at least one window old; it then takes that
/// slot. Waiters are served strictly in arrival order (nobody starves); a timer on the
/// <see cref="TimeProvider"/> wakes the queue when the oldest admission leaves the window.
/// </summary>
/// <remarks>
/// Unlike a fixed window (which admits 2N across a boundary) or a token bucket (which admits a burst
/// on top of its refill rate), this keeps the vendor's promise for every span, at the cost of
/// N timestamps of memory per API key.
/// </remarks>
internal sealed class SlidingLogQuotaLimiter : IQuotaLimiter
{
    private readonly object _gate = new();
    private readonly TimeProvider _time;
    private readonly long[] _admissions;
    private readonly long _windowInTimestampUnits;
    private readonly LinkedList<Waiter> _waiters = new();
    private readonly ITimer _timer;
    private int _oldest;
    private int _count;
    private long _pausedUntil = long.MinValue;

    public SlidingLogQuotaLimiter(int permitLimit, TimeSpan window, TimeProvider timeProvider)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(permitLimit, 1);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(window, TimeSpan.Zero);
        ArgumentNullException.ThrowIfNull(timeProvider);
        PermitLimit = permitLimit;
        Window = window;
        _time = timeProvider;
        _admissions = new long[permitLimit];
        _windowInTimestampUnits = (long)Math.Ceiling(window.TotalSeconds * timeProvider.TimestampFrequency);

        // The timer outlives the first caller: it must not capture that caller's ExecutionContext.
        using (ExecutionContext.SuppressFlow())
        {
            _timer = timeProvider.CreateTimer(static state => ((SlidingLogQuotaLimiter)state!).ReleaseWaiters(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        }
    }

    public int PermitLimit { get; }

    public TimeSpan Window { get; }

    /// <summary>Callers waiting for a permit now (for tests and diagnostics).</summary>
    public int QueueLength
    {
        get
        {
            lock (_gate)
            {
                return _waiters.Count;
            }
        }
    }

    public ValueTask<QuotaLease> AcquireAsync(CancellationToken cancellationToken)
    {
        if (cancellationToken.IsCancellationRequested)
        {
            return ValueTask.FromCanceled<QuotaLease>(cancellationToken);
        }

        Waiter waiter;
        lock (_gate)
        {
            var now = _time.GetTimestamp();

            // Only when nobody is queued: a newcomer must not overtake a waiter.
            if (_waiters.Count == 0 && TryAdmit(now))
            {
                return ValueTask.FromResult(new QuotaLease(TimeSpan.Zero));
            }

            waiter = new Waiter(this, now);
            waiter.Node = _waiters.AddLast(waiter);
            ArmTimer(now);
        }

        return waiter.WaitAsync(cancellationToken);
    }

    public ValueTask<TimeSpan> ReportRefusalAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            var now = _time.GetTimestamp();
            var wait = _windowInTimestampUnits;
            for (var i = 0; i < _count; i++)
            {
                // Admissions are in increasing order: the first one still in the window is the oldest.
                var left = _admissions[(_oldest + i) % _admissions.Length] + _windowInTimestampUnits - now;
                if (left > 0)
                {
                    wait = left;
                    break;
                }
            }

            _pausedUntil = Math.Max(_pausedUntil, now + wait);
            if (_waiters.Count > 0)
            {
                ArmTimer(now);
            }

            return ValueTask.FromResult(ToTimeSpan(wait));
        }
    }

    private bool TryAdmit(long now)
    {
        if (now < _pausedUntil)
        {
            return false;
        }

        if (_count < _admissions.Length)
        {
            _admissions[(_oldest + _count) % _admissions.Length] = now;
            _count++;
            return true;
        }

        if (now - _admissions[_oldest] < _windowInTimestampUnits)
        {
            return false;
        }

        _admissions[_oldest] = now;
        _oldest = (_oldest + 1) % _admissions.Length;
        return true;
    }

    private void ArmTimer(long now)
    {
        // Called when a waiter cannot be admitted: the next permit frees when the oldest admission leaves
        // the window (if the log is full) and a pause after a refusal is over.
        var remaining = _count < _admissions.Length ? 0 : _admissions[_oldest] + _windowInTimestampUnits - now;
        if (_pausedUntil > now)
        {
            remaining = Math.Max(remaining, _pausedUntil - now);
        }

        _timer.Change(ToTimeSpan(Math.Max(1, remaining)), Timeout.InfiniteTimeSpan);
    }

    private TimeSpan ToTimeSpan(long timestampUnits)
        => TimeSpan.FromTicks((long)Math.Ceiling(timestampUnits * (double)TimeSpan.TicksPerSecond / _time.TimestampFrequency));

    private void ReleaseWaiters()
    {
        lock (_gate)
        {
            var now = _time.GetTimestamp();
            while (_waiters.First is { } first && TryAdmit(now))
            {
                _waiters.RemoveFirst();
                first.Value.Grant(_time.GetElapsedTime(first.Value.EnqueuedAt, now));
            }

            if (_waiters.Count > 0)
            {
                ArmTimer(now);
            }
        }
    }

    private void Cancel(Waiter waiter, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            // Granted already (removed by ReleaseWaiters): the permit stands, nothing to undo.
            if (waiter.Node?.List is null)
            {
                return;
            }

            _waiters.Remove(waiter.Node);
        }

        waiter.SetCanceled(cancellationToken);
    }

    private sealed class Waiter
    {
        private readonly SlidingLogQuotaLimiter _owner;
        private readonly TaskCompletionSource<QuotaLease> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Waiter(SlidingLogQuotaLimiter owner, long enqueuedAt)
        {
            _owner = owner;
            EnqueuedAt = enqueuedAt;
        }

        public long EnqueuedAt { get; }

        public LinkedListNode<Waiter>? Node { get; set; }

        public void Grant(TimeSpan waited) => _completion.TrySetResult(new QuotaLease(waited));

        public void SetCanceled(CancellationToken cancellationToken) => _completion.TrySetCanceled(cancellationToken);

        public async ValueTask<QuotaLease> WaitAsync(CancellationToken cancellationToken)
        {
            using var registration = cancellationToken.CanBeCanceled
                ? cancellationToken.UnsafeRegister(static (state, token) => ((Waiter)state!).CancelFromToken(token), this)
                : default;
            return await _completion.Task.ConfigureAwait(false);
        }

        private void CancelFromToken(CancellationToken token) => _owner.Cancel(this, token);
    }
}
