using System.Globalization;
using System.Text;
using Exclusions.Client;
using Exclusions.Client.Resilience;

namespace Exclusions.Cli.Connection;

/// <summary>
/// A vendor's per-minute budget shared by every <c>exclusions</c> run on this machine (without
/// <c>EXCLUSIONS_REDIS</c>): one small state file per client and API key (named by a hash of the key) in
/// the user's cache directory, locked while a run reserves its next send time. The admission rule is
/// the Redis limiter's: each request reserves the earliest time that is not before now, not before the
/// latest reservation, not before a pause set after a refusal, and at least one window after the
/// reservation <c>limit</c> places back; so no window ever holds more than <c>limit</c> requests, summed
/// over concurrent and consecutive runs. A second run therefore waits before the vendor has to refuse it.
/// </summary>
/// <remarks>
/// The file holds UTC ticks, one per line: the first line is the pause (0 when none), then the
/// reservations of the last window in increasing order. The lock is the operating system's (an exclusive
/// <see cref="FileShare.None"/> open, <c>flock</c> on Unix), held only to read and rewrite the file. When
/// the directory or file cannot be used, <see cref="TryAcquireAsync"/> returns <see langword="null"/> and
/// the SDK uses its per-process limit; the run says so once on stderr.
/// </remarks>
internal sealed class FileQuotaLimiter : SharedQuotaLimiter
{
    /// <summary>The longest a run tries to get the lock before it uses the per-process limit for that request.</summary>
    internal static readonly TimeSpan LockTimeout = TimeSpan.FromSeconds(5);

    /// <summary>Waits at least this long are announced (shorter ones are the ordinary pacing).</summary>
    internal static readonly TimeSpan AnnouncedWait = TimeSpan.FromSeconds(1);

    private static readonly TimeSpan LockRetryInterval = TimeSpan.FromMilliseconds(5);

    private readonly string _directory;
    private readonly TimeProvider _time;
    private readonly Action<RateLimitWait>? _onWait;
    private readonly Action<string> _warn;
    private readonly TimeSpan _maxWait;
    private int _warned;
    private long _announcedUntil;

    public FileQuotaLimiter(string directory, TimeProvider time, TimeSpan maxWait, Action<RateLimitWait>? onWait, Action<string> warn)
    {
        _directory = directory;
        _time = time;
        _maxWait = maxWait;
        _onWait = onWait;
        _warn = warn;
    }

    /// <summary>The cache directory the state files live in: <c>$XDG_CACHE_HOME/exclusions</c>, else <c>$HOME/.cache/exclusions</c>, else <c>%LOCALAPPDATA%\exclusions</c>; <see langword="null"/> when the environment names none.</summary>
    public static string? DefaultDirectory(CliSettings settings)
    {
        if (settings.Get("XDG_CACHE_HOME") is { } cache && Path.IsPathRooted(cache))
        {
            return Path.Combine(cache, "exclusions");
        }

        if (settings.Get("LOCALAPPDATA") is { } local && Path.IsPathRooted(local))
        {
            return Path.Combine(local, "exclusions");
        }

        return settings.Get("HOME") is { } home && Path.IsPathRooted(home) ? Path.Combine(home, ".cache", "exclusions") : null;
    }

    /// <summary>The state file of one budget: the client's name and a prefix of the key's hash, never the key.</summary>
    public string PathFor(QuotaScope scope) => Path.Combine(_directory, $"{scope.ClientName}-{scope.ApiKeyHash[..Math.Min(16, scope.ApiKeyHash.Length)]}.quota");

    public override async ValueTask<TimeSpan?> TryAcquireAsync(QuotaScope scope, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scope);
        long slot;
        long now;
        try
        {
            (slot, now) = await UpdateAsync(scope, (state, nowTicks) => state.Reserve(nowTicks, scope.PermitLimit, scope.Window.Ticks), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or TimeoutException)
        {
            Warn(e);
            return null;
        }

        var wait = TimeSpan.FromTicks(Math.Max(0, slot - now));
        if (wait <= TimeSpan.Zero)
        {
            return TimeSpan.Zero;
        }

        if (wait >= AnnouncedWait && Interlocked.Exchange(ref _announcedUntil, Math.Max(slot, Volatile.Read(ref _announcedUntil))) < now)
        {
            _onWait?.Invoke(new RateLimitWait(scope.ClientName, wait, wait, _maxWait));
        }

        try
        {
            await Task.Delay(wait, _time, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // The reserved turn will not be used: give it back so that it does not cost the others.
            try
            {
                await UpdateAsync(scope, (state, _) => state.Release(slot), CancellationToken.None).ConfigureAwait(false);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or TimeoutException)
            {
                // Best effort: the reservation ages out after one window.
            }

            throw;
        }

        return wait;
    }

    public override async ValueTask<TimeSpan?> ReportRefusalAsync(QuotaScope scope, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scope);
        try
        {
            var (wait, _) = await UpdateAsync(scope, (state, now) => state.Refused(now, scope.Window.Ticks), cancellationToken).ConfigureAwait(false);
            return TimeSpan.FromTicks(wait);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or TimeoutException)
        {
            Warn(e);
            return null;
        }
    }

    /// <summary>Locks the scope's file, applies <paramref name="change"/> to its state at the current time, and writes it back.</summary>
    private async Task<(long Result, long Now)> UpdateAsync(QuotaScope scope, Func<QuotaState, long, long> change, CancellationToken cancellationToken)
    {
        var path = PathFor(scope);
        await using var file = await LockAsync(path, cancellationToken).ConfigureAwait(false);
        var state = QuotaState.Read(file);
        var now = _time.GetUtcNow().UtcTicks;
        var result = change(state, now);
        file.SetLength(0);
        state.Write(file);
        return (result, now);
    }

    private async Task<FileStream> LockAsync(string path, CancellationToken cancellationToken)
    {
        if (!Directory.Exists(_directory))
        {
            if (OperatingSystem.IsWindows())
            {
                Directory.CreateDirectory(_directory);
            }
            else
            {
                Directory.CreateDirectory(_directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            }
        }

        var started = TimeProvider.System.GetTimestamp();
        while (true)
        {
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, bufferSize: 1, FileOptions.None);
            }
            catch (IOException) when (File.Exists(path) && TimeProvider.System.GetElapsedTime(started) < LockTimeout)
            {
                // Another run holds the lock for the few microseconds it takes to rewrite the file. Real
                // time on purpose: the holder is another process, not this run's (possibly fake) clock.
                await Task.Delay(LockRetryInterval, TimeProvider.System, cancellationToken).ConfigureAwait(false);
            }
            catch (IOException) when (File.Exists(path))
            {
                throw new TimeoutException($"The rate-limit state file stayed locked for {LockTimeout.TotalSeconds} s.");
            }
        }
    }

    private void Warn(Exception e)
    {
        if (Interlocked.Exchange(ref _warned, 1) == 0)
        {
            _warn($"warning: cannot use the rate-limit state in {_directory} ({e.GetType().Name}: {e.Message.Split('\n', 2)[0]}); this run keeps its own limit.");
        }
    }

    /// <summary>The parsed file: a pause and the reservations of the last window, in UTC ticks.</summary>
    internal sealed class QuotaState
    {
        private readonly List<long> _reservations = [];
        private long _pausedUntil;

        public IReadOnlyList<long> Reservations => _reservations;

        public long PausedUntil => _pausedUntil;

        public static QuotaState Read(Stream stream)
        {
            var state = new QuotaState();
            using var reader = new StreamReader(stream, Encoding.ASCII, detectEncodingFromByteOrderMarks: false, bufferSize: 4096, leaveOpen: true);
            var first = true;
            while (reader.ReadLine() is { } line)
            {
                // A damaged file (a run killed mid-write) only costs its own contents: unreadable lines are skipped.
                if (!long.TryParse(line, NumberStyles.None, CultureInfo.InvariantCulture, out var ticks))
                {
                    first = false;
                    continue;
                }

                if (first)
                {
                    state._pausedUntil = ticks;
                }
                else if (state._reservations.Count == 0 || ticks >= state._reservations[^1])
                {
                    state._reservations.Add(ticks);
                }

                first = false;
            }

            return state;
        }

        public void Write(Stream stream)
        {
            stream.Position = 0;
            var text = new StringBuilder();
            text.Append(_pausedUntil.ToString(CultureInfo.InvariantCulture)).Append('\n');
            foreach (var reservation in _reservations)
            {
                text.Append(reservation.ToString(CultureInfo.InvariantCulture)).Append('\n');
            }

            var bytes = Encoding.ASCII.GetBytes(text.ToString());
            stream.Write(bytes);
            stream.Flush();
        }

        /// <summary>Reserves the earliest send time allowed (see the class remarks); returns it.</summary>
        public long Reserve(long now, int limit, long window)
        {
            Trim(now, window);
            var slot = Math.Max(now, _pausedUntil);
            if (_reservations.Count > 0)
            {
                slot = Math.Max(slot, _reservations[^1]);
                if (_reservations.Count >= limit)
                {
                    slot = Math.Max(slot, _reservations[_reservations.Count - limit] + window);
                }
            }

            _reservations.Add(slot);
            return slot;
        }

        /// <summary>
        /// The vendor refused although the budget admitted: its window is full. Pauses admissions until
        /// the oldest request sent in the last window leaves it (a whole window when none was); returns the wait.
        /// </summary>
        public long Refused(long now, long window)
        {
            Trim(now, window);
            var wait = window;
            foreach (var sent in _reservations)
            {
                if (sent <= now)
                {
                    wait = sent + window - now;
                    break;
                }
            }

            _pausedUntil = Math.Max(_pausedUntil, now + wait);
            return wait;
        }

        /// <summary>Gives back one reservation at <paramref name="slot"/> (a cancelled caller).</summary>
        public long Release(long slot)
        {
            var index = _reservations.LastIndexOf(slot);
            if (index >= 0)
            {
                _reservations.RemoveAt(index);
            }

            return 0;
        }

        private void Trim(long now, long window)
        {
            var expired = 0;
            while (expired < _reservations.Count && _reservations[expired] <= now - window)
            {
                expired++;
            }

            _reservations.RemoveRange(0, expired);
            if (_pausedUntil <= now)
            {
                _pausedUntil = 0;
            }
        }
    }
}
