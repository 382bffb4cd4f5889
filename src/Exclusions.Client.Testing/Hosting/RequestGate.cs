namespace Exclusions.Client.Testing.Hosting;

/// <summary>
/// Holds requests while the emulator's state is being built (start-up seeding, <see cref="ExclusionsEmulator.Reset"/>),
/// so a client never reads a half-seeded store: a list taken then would silently miss entries.
/// Closed and opened in pairs; nested holds open when the last one ends.
/// </summary>
internal sealed class RequestGate
{
    private readonly object _lock = new();
    private TaskCompletionSource _open = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _holds;

    /// <param name="closed">Whether the gate starts closed (opened by one <see cref="Open"/>).</param>
    public RequestGate(bool closed)
    {
        if (closed)
        {
            _holds = 1;
        }
        else
        {
            _open.SetResult();
        }
    }

    /// <summary>Completes when no hold is in place.</summary>
    public Task WhenOpen
    {
        get
        {
            lock (_lock)
            {
                return _open.Task;
            }
        }
    }

    /// <summary>Holds new requests until the matching <see cref="Open"/>.</summary>
    public void Close()
    {
        lock (_lock)
        {
            if (_holds++ == 0)
            {
                _open = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            }
        }
    }

    /// <summary>Ends one hold; the held requests go on when the last hold ends.</summary>
    public void Open()
    {
        TaskCompletionSource? release = null;
        lock (_lock)
        {
            if (_holds > 0 && --_holds == 0)
            {
                release = _open;
            }
        }

        release?.TrySetResult();
    }
}
