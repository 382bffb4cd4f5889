namespace Exclusions.Client.Testing.Hosting;

/// <summary>The bounded, thread-safe log behind <see cref="ExclusionsEmulator.Requests"/>.</summary>
internal sealed class RequestLog
{
    /// <summary>Oldest entries are dropped beyond this, so a long-running standalone emulator stays bounded.</summary>
    public const int Capacity = 10_000;

    private readonly object _gate = new();
    private readonly Queue<RecordedRequest> _requests = new();
    private readonly Action<RecordedRequest>? _onRequest;

    public RequestLog(Action<RecordedRequest>? onRequest) => _onRequest = onRequest;

    public void Add(RecordedRequest request)
    {
        lock (_gate)
        {
            if (_requests.Count == Capacity)
            {
                _requests.Dequeue();
            }

            _requests.Enqueue(request);
        }

        _onRequest?.Invoke(request);
    }

    public IReadOnlyList<RecordedRequest> Snapshot()
    {
        lock (_gate)
        {
            return _requests.ToArray();
        }
    }

    public void Clear()
    {
        lock (_gate)
        {
            _requests.Clear();
        }
    }
}
