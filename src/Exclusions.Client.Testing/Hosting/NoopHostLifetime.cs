using Microsoft.Extensions.Hosting;

namespace Exclusions.Client.Testing.Hosting;

/// <summary>
/// Replaces the console lifetime so an emulator running inside a test process does not hook Ctrl+C
/// or SIGTERM: it stops only when disposed.
/// </summary>
internal sealed class NoopHostLifetime : IHostLifetime
{
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
