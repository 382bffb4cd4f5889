using System.Runtime.CompilerServices;
using Exclusions.Client.Testing;

namespace Exclusions.Cli.Emulator;

/// <summary>
/// The embedded emulator behind <c>--emulator</c>, and the only CLI code that touches
/// <see cref="ExclusionsEmulator"/> (ASP.NET Core). Every other command runs on the plain .NET runtime:
/// the tool's runtimeconfig does not require Microsoft.AspNetCore.App, and its assemblies are loaded from
/// the installed shared framework (see <see cref="AspNetCoreLoader"/>) only when <see cref="StartAsync"/> runs.
/// </summary>
internal sealed class EmbeddedEmulator : IAsyncDisposable
{
    private readonly IAsyncDisposable _emulator;

    private EmbeddedEmulator(IAsyncDisposable emulator, Uri topoBaseAddress, string topoApiKey, Uri amplemarketBaseAddress, string amplemarketApiKey)
    {
        _emulator = emulator;
        TopoBaseAddress = topoBaseAddress;
        TopoApiKey = topoApiKey;
        AmplemarketBaseAddress = amplemarketBaseAddress;
        AmplemarketApiKey = amplemarketApiKey;
    }

    public Uri TopoBaseAddress { get; }

    public string TopoApiKey { get; }

    public Uri AmplemarketBaseAddress { get; }

    public string AmplemarketApiKey { get; }

    /// <summary>Starts an empty emulator on loopback.</summary>
    /// <exception cref="CliException">The ASP.NET Core runtime the emulator needs is not installed (exit 2).</exception>
    public static Task<EmbeddedEmulator> StartAsync(CancellationToken cancellationToken)
    {
        AspNetCoreLoader.EnsureAvailable();
        return StartCoreAsync(cancellationToken);
    }

    // Not inlined: JIT-compiling this method is what first needs the ASP.NET Core assemblies.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static async Task<EmbeddedEmulator> StartCoreAsync(CancellationToken cancellationToken)
    {
        var emulator = await ExclusionsEmulator.StartAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        return new EmbeddedEmulator(emulator, emulator.TopoBaseAddress, emulator.TopoApiKey, emulator.AmplemarketBaseAddress, emulator.AmplemarketApiKey);
    }

    public ValueTask DisposeAsync() => _emulator.DisposeAsync();
}
