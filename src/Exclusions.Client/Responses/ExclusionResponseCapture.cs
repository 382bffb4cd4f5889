namespace Exclusions.Client;

/// <summary>
/// Collects the <see cref="ExclusionResponse"/> of every call made in its scope (the current async flow), so a
/// successful call can tell its request id and status without changing what the call returns:
/// <code>
/// using var capture = ExclusionResponseCapture.Start();
/// var created = await topo.CreateContactExclusionAsync(request, cancellationToken);
/// Console.WriteLine(capture.Last?.RequestId);   // for the vendor's support
/// </code>
/// A bulk or paged call records one response per request (per chunk, item or page) in the order they
/// arrived, and a composite call those of every vendor. Scopes nest: an inner scope's responses are also
/// recorded in the outer ones. Like the Azure SDK's client-request-id scope, it flows with
/// <see cref="System.Threading.ExecutionContext"/>: start it in the method that makes the calls. Thread-safe.
/// </summary>
public sealed class ExclusionResponseCapture : IDisposable
{
    private static readonly AsyncLocal<ExclusionResponseCapture?> Current = new();

    private readonly ExclusionResponseCapture? _outer;
    private readonly List<ExclusionResponse> _responses = [];
    private bool _disposed;

    private ExclusionResponseCapture(ExclusionResponseCapture? outer) => _outer = outer;

    /// <summary>The responses recorded so far, in the order they arrived (a copy).</summary>
    public IReadOnlyList<ExclusionResponse> Responses
    {
        get
        {
            lock (_responses)
            {
                return [.. _responses];
            }
        }
    }

    /// <summary>The last response recorded, or <see langword="null"/> when none was (no call, or none got an answer).</summary>
    public ExclusionResponse? Last
    {
        get
        {
            lock (_responses)
            {
                return _responses.Count == 0 ? null : _responses[^1];
            }
        }
    }

    /// <summary>Starts capturing the responses of the calls that follow in this async flow, until disposed.</summary>
    /// <returns>The capture; dispose it to stop.</returns>
    public static ExclusionResponseCapture Start()
    {
        var capture = new ExclusionResponseCapture(Current.Value);
        Current.Value = capture;
        return capture;
    }

    /// <summary>
    /// Records a response in the current scope and every scope around it. The SDK's clients call it for each
    /// response they read; a mock or fake client can call it to report a response of its own.
    /// </summary>
    /// <param name="response">The response.</param>
    public static void Record(ExclusionResponse response)
    {
        ArgumentNullException.ThrowIfNull(response);
        for (var scope = Current.Value; scope is not null; scope = scope._outer)
        {
            lock (scope._responses)
            {
                if (!scope._disposed)
                {
                    scope._responses.Add(response);
                }
            }
        }
    }

    /// <summary>Stops capturing; what was recorded stays readable.</summary>
    public void Dispose()
    {
        lock (_responses)
        {
            _disposed = true;
        }

        if (ReferenceEquals(Current.Value, this))
        {
            Current.Value = _outer;
        }
    }
}
