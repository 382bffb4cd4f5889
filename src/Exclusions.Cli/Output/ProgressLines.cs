using System.Globalization;

namespace Exclusions.Cli.Output;

/// <summary>
/// Progress when stderr is not a terminal (a pipe, a file, CI logs): one plain line every
/// <see cref="Interval"/> with the counts, the rate and the ETA, and, once any line was written, a final
/// 100 % line when the operation completes. An operation shorter than one interval writes nothing, so
/// quick commands in scripts stay silent. Time comes from a <see cref="TimeProvider"/> (a timer, so a
/// stalled operation still reports), which tests replace.
/// </summary>
/// <example>
/// <code>
/// Adding to Topo: 1200/2000 (60%), 310/s, ETA 3 s
/// Adding to Topo: 2000/2000 (100%), 312/s, done in 6.4 s
/// </code>
/// </example>
internal sealed class ProgressLines : IDisposable
{
    /// <summary>How often a line is written.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(2);

    private readonly Lock _lock = new();
    private readonly TextWriter _error;
    private readonly TimeProvider _time;
    private readonly string _description;
    private readonly long _started;
    private readonly ITimer _timer;
    private int _done;
    private int? _total;
    private bool _wroteAny;
    private bool _finished;

    /// <param name="error">Where the lines go (stderr).</param>
    /// <param name="time">The clock.</param>
    /// <param name="description">What is being done, e.g. <c>Adding to Topo</c>.</param>
    /// <param name="total">The number of items when known (a bulk call); <see langword="null"/> for a listing.</param>
    public ProgressLines(TextWriter error, TimeProvider time, string description, int? total)
    {
        _error = error;
        _time = time;
        _description = description;
        _total = total;
        _started = time.GetTimestamp();
        _timer = time.CreateTimer(_ => WritePeriodicLine(), null, Interval, Interval);
    }

    /// <summary>A bulk call's report: how many of how many are done.</summary>
    public void Report(int completed, int total)
    {
        lock (_lock)
        {
            _done = Math.Max(_done, completed);
            _total = total;
        }
    }

    /// <summary>One more item of a listing.</summary>
    public void Increment()
    {
        lock (_lock)
        {
            _done++;
        }
    }

    /// <summary>Says at once that the operation waits (a rate limit), and for how long.</summary>
    public void Note(string message)
    {
        lock (_lock)
        {
            if (!_finished)
            {
                _error.WriteLine(message);
            }
        }
    }

    /// <summary>The operation completed: the final 100 % line, if any line was written before.</summary>
    public void Complete()
    {
        lock (_lock)
        {
            if (_finished)
            {
                return;
            }

            _finished = true;
            _timer.Dispose();
            if (!_wroteAny)
            {
                return;
            }

            var elapsed = _time.GetElapsedTime(_started);
            var total = _total ?? _done;
            _error.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"{_description}: {total}/{total} (100%), {Rate(total, elapsed)}, done in {FormatDuration(elapsed, precise: true)}"));
        }
    }

    /// <summary>Stops without a final line (the operation failed; its error says what happened).</summary>
    public void Dispose()
    {
        lock (_lock)
        {
            _finished = true;
            _timer.Dispose();
        }
    }

    private void WritePeriodicLine()
    {
        lock (_lock)
        {
            if (_finished)
            {
                return;
            }

            var elapsed = _time.GetElapsedTime(_started);
            string line;
            if (_total is { } total and > 0)
            {
                var percent = (int)Math.Floor(100.0 * _done / total);
                line = string.Create(CultureInfo.InvariantCulture, $"{_description}: {_done}/{total} ({percent}%), {Rate(_done, elapsed)}, ETA {Eta(_done, total, elapsed)}");
            }
            else
            {
                line = string.Create(CultureInfo.InvariantCulture, $"{_description}: {_done} so far, {Rate(_done, elapsed)}");
            }

            _error.WriteLine(line);
            _wroteAny = true;
        }
    }

    internal static string Rate(int done, TimeSpan elapsed)
        => elapsed <= TimeSpan.Zero ? "-/s" : string.Create(CultureInfo.InvariantCulture, $"{done / elapsed.TotalSeconds:0}/s");

    internal static string Eta(int done, int total, TimeSpan elapsed)
    {
        if (done <= 0 || elapsed <= TimeSpan.Zero)
        {
            return "unknown";
        }

        var remaining = TimeSpan.FromSeconds((total - done) * (elapsed.TotalSeconds / done));
        return FormatDuration(remaining, precise: false);
    }

    /// <summary><c>4 s</c>, <c>6.4 s</c> (precise), <c>2 min 05 s</c>, <c>1 h 02 min</c>.</summary>
    internal static string FormatDuration(TimeSpan value, bool precise)
    {
        if (value < TimeSpan.FromMinutes(1))
        {
            return precise
                ? string.Create(CultureInfo.InvariantCulture, $"{value.TotalSeconds:0.0} s")
                : string.Create(CultureInfo.InvariantCulture, $"{Math.Ceiling(value.TotalSeconds):0} s");
        }

        return value < TimeSpan.FromHours(1)
            ? string.Create(CultureInfo.InvariantCulture, $"{(int)value.TotalMinutes} min {value.Seconds:00} s")
            : string.Create(CultureInfo.InvariantCulture, $"{(int)value.TotalHours} h {value.Minutes:00} min");
    }
}
