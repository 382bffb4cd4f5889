using Exclusions.Client.Amplemarket;
using Exclusions.Client.Topo;
using Microsoft.Extensions.DependencyInjection;

namespace Exclusions.Client.Testing.Tests.Contract;

/// <summary>A running emulator and the SDK registered through DI against it, as a user's test would do.</summary>
public sealed class EmulatorClients : IAsyncDisposable
{
    private ServiceProvider _services = null!;

    private EmulatorClients()
    {
    }

    public ExclusionsEmulator Emulator { get; private set; } = null!;

    public TopoExclusionsClient Topo => _services.GetRequiredService<TopoExclusionsClient>();

    public AmplemarketExclusionsClient Amplemarket => _services.GetRequiredService<AmplemarketExclusionsClient>();

    public ExclusionClients All => _services.GetRequiredService<ExclusionClients>();

    public IExclusionClient Facade(ExclusionProvider provider) => _services.GetRequiredKeyedService<IExclusionClient>(provider.Name);

    public static async Task<EmulatorClients> StartAsync(ExclusionsEmulatorOptions? options = null, Action<IServiceCollection>? configure = null)
    {
        var clients = new EmulatorClients { Emulator = await ExclusionsEmulator.StartAsync(options) };
        var services = new ServiceCollection();
        services.AddExclusionsEmulator(clients.Emulator);
        configure?.Invoke(services);
        clients._services = services.BuildServiceProvider();
        return clients;
    }

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync();
        await Emulator.DisposeAsync();
    }
}
