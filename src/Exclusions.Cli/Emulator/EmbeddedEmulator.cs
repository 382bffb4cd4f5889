using System.Runtime.CompilerServices;
using Exclusions.Client.Testing;

namespace Exclusions.Cli.Emulator;

/// <summary>
/// The embedded emulator behind <c>--emulator</c>, and the only CLI code that touches
/// <see cref="ExclusionsEmulator"/> (ASP.NET Core). Every other command runs on the plain .NET runtime:
/// the tool's runtimeconfig does not require Microsoft.AspNetCore.App, and its assemblies are loaded from
/// the installed shared framework (see <see cref="AspNetCoreLoader"/>) only when <see cref="Start"/> runs.
/// </summary>
/// <remarks>
/// Start-up (issue 17): the emulator runs in memory (<see cref="ExclusionsEmulatorOptions.InMemory"/>), so the
/// clients reach it through <see cref="CreateHandler"/> with no port and no socket; and it starts on another
/// thread while the caller sets up the vendor clients, since its keys and base addresses are known before it runs.
/// </remarks>
internal sealed class EmbeddedEmulator : IAsyncDisposable
{
    private readonly Task<Running> _running;

    private EmbeddedEmulator(ExclusionsEmulatorOptions options, CancellationToken cancellationToken)
    {
        TopoApiKey = options.TopoApiKey;
        AmplemarketApiKey = options.AmplemarketApiKey;
        _running = Task.Run(() => StartCoreAsync(options, cancellationToken), cancellationToken);
    }

    /// <summary>The in-memory emulator's Topo base address (any host reaches it through the handler).</summary>
    public Uri TopoBaseAddress { get; } = new("http://localhost/v1/");

    public string TopoApiKey { get; }

    /// <summary>The in-memory emulator's Amplemarket base address.</summary>
    public Uri AmplemarketBaseAddress { get; } = new("http://localhost/");

    public string AmplemarketApiKey { get; }

    /// <summary>
    /// Starts an empty emulator in memory, on another thread; <see cref="WhenStartedAsync"/> waits for it. The keys,
    /// base addresses and <see cref="CreateHandler"/> can be used meanwhile.
    /// </summary>
    /// <exception cref="CliException">The ASP.NET Core runtime the emulator needs is not installed (exit 2).</exception>
    public static EmbeddedEmulator Start(CancellationToken cancellationToken)
    {
        AspNetCoreLoader.EnsureAvailable();
        return new EmbeddedEmulator(new ExclusionsEmulatorOptions { InMemory = true }, cancellationToken);
    }

    /// <summary>Completes when the emulator answers; throws what its start threw.</summary>
    public Task WhenStartedAsync() => _running;

    /// <summary>
    /// A new handler that sends requests to the emulator (the primary handler of both vendors' clients). It may
    /// be created before the emulator has started; its first request waits for the start.
    /// </summary>
    public HttpMessageHandler CreateHandler() => new RunningHandler(_running);

    public async ValueTask DisposeAsync()
    {
        Running running;
        try
        {
            running = await _running.ConfigureAwait(false);
        }
#pragma warning disable CA1031 // A start that failed left nothing to stop; its exception was reported by WhenStartedAsync.
        catch (Exception)
#pragma warning restore CA1031
        {
            return;
        }

        await running.Emulator.DisposeAsync().ConfigureAwait(false);
    }

    // Not inlined: JIT-compiling this method is what first needs the ASP.NET Core assemblies.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static async Task<Running> StartCoreAsync(ExclusionsEmulatorOptions options, CancellationToken cancellationToken)
    {
        var emulator = await ExclusionsEmulator.StartAsync(options, cancellationToken).ConfigureAwait(false);
        return new Running(emulator, emulator.CreateHandler);
    }

    /// <summary>The started emulator, typed so that nothing here names an ASP.NET Core type.</summary>
    private sealed record Running(IAsyncDisposable Emulator, Func<HttpMessageHandler> CreateHandler);

    /// <summary>Sends through the emulator's own in-memory handler, created at the first request.</summary>
    private sealed class RunningHandler(Task<Running> running) : HttpMessageHandler
    {
        private HttpMessageInvoker? _inner;

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var inner = Volatile.Read(ref _inner);
            if (inner is null)
            {
                var created = new HttpMessageInvoker((await running.ConfigureAwait(false)).CreateHandler());
                inner = Interlocked.CompareExchange(ref _inner, created, null) ?? created;
                if (!ReferenceEquals(inner, created))
                {
                    created.Dispose();
                }
            }

            return await inner.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                _inner?.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}
