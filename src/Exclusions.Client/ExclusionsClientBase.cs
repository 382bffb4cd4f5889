using Exclusions.Client.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Exclusions.Client;

/// <summary>
/// What the typed vendor clients (<see cref="Topo.TopoExclusionsClient"/>,
/// <see cref="Amplemarket.AmplemarketExclusionsClient"/>) share: the connections a standalone client owns
/// and releases on <see cref="Dispose()"/>/<see cref="DisposeAsync"/>. A client from dependency injection
/// owns none (the container does), so disposing it changes nothing.
/// </summary>
public abstract class ExclusionsClientBase : IDisposable, IAsyncDisposable
{
    private readonly VendorClientCore? _core;

    /// <summary>For mocking only.</summary>
    protected ExclusionsClientBase()
    {
    }

    private protected ExclusionsClientBase(VendorClientCore core)
    {
        ArgumentNullException.ThrowIfNull(core);
        _core = core;
    }

    /// <summary>What this client is built from (tests look at its options).</summary>
    internal VendorClientCore? Core => _core;

    /// <summary>The clock this client was given (DI's <see cref="TimeProvider"/>), for the adapters built on it.</summary>
    internal TimeProvider Time => _core?.Time ?? TimeProvider.System;

    private protected ILogger Logger => _core?.Logger ?? NullLogger.Instance;

    private protected ApiResponses Responses => _core!.Responses;

    /// <summary>Releases the connections a standalone client owns. A client from dependency injection owns none: the container does.</summary>
    public void Dispose()
    {
        Dispose(disposing: true);
        GC.SuppressFinalize(this);
    }

    /// <summary>Releases the connections a standalone client owns, asynchronously.</summary>
    /// <returns>A task that completes when they are released.</returns>
    public async ValueTask DisposeAsync()
    {
        await DisposeAsyncCore().ConfigureAwait(false);
        Dispose(disposing: false);
        GC.SuppressFinalize(this);
    }

    /// <summary>Releases what the client owns, asynchronously; a derived client overrides it to release its own (and calls the base).</summary>
    /// <returns>A task that completes when they are released.</returns>
    protected virtual async ValueTask DisposeAsyncCore()
    {
        if (_core is not null)
        {
            await _core.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Releases what the client owns.</summary>
    /// <param name="disposing"><see langword="true"/> from <see cref="Dispose()"/>.</param>
    protected virtual void Dispose(bool disposing)
    {
        if (disposing)
        {
            _core?.Dispose();
        }
    }
}
