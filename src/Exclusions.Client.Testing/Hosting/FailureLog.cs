namespace Exclusions.Client.Testing.Hosting;

/// <summary>The bounded, thread-safe list behind <see cref="ExclusionsEmulator.Failures"/>.</summary>
internal sealed class FailureLog
{
    public const int Capacity = 1_000;

    /// <summary>The response header that marks a 500 caused by an emulator failure; its value is the request id.</summary>
    public const string HeaderName = "X-Emulator-Failure";

    private readonly object _gate = new();
    private readonly List<EmulatorFailure> _failures = [];

    public void Add(EmulatorFailure failure)
    {
        lock (_gate)
        {
            if (_failures.Count < Capacity)
            {
                _failures.Add(failure);
            }
        }
    }

    public IReadOnlyList<EmulatorFailure> Snapshot()
    {
        lock (_gate)
        {
            return _failures.ToArray();
        }
    }

    public IReadOnlyList<EmulatorFailure> For(string requestId)
    {
        lock (_gate)
        {
            return _failures.Where(f => f.RequestId == requestId).ToArray();
        }
    }
}
