using Exclusions.Client.Amplemarket;
using Exclusions.Client.Testing;
using Exclusions.Client.Testing.Hosting;
using Exclusions.Client.Topo;

#pragma warning disable IDE0130 // Extension methods live in the DI namespace, as ASP.NET Core's do.
namespace Microsoft.Extensions.DependencyInjection;
#pragma warning restore IDE0130

/// <summary>Points the SDK at a running <see cref="ExclusionsEmulator"/>.</summary>
public static class ExclusionsEmulatorServiceCollectionExtensions
{
    /// <summary>
    /// Registers both vendor clients (typed clients, <c>IExclusionClient</c>s and <c>ExclusionClients</c>)
    /// against <paramref name="emulator"/>, with its API keys, through the same
    /// <c>AddTopoExclusions</c> / <c>AddAmplemarketExclusions</c> calls an application makes (an
    /// <see cref="ExclusionsEmulatorOptions.InMemory"/> emulator through <see cref="ExclusionsEmulator.CreateHandler"/>). A request the
    /// emulator failed to serve (see <see cref="ExclusionsEmulator.Failures"/>) throws an
    /// <see cref="EmulatorFailureException"/> from the call that sent it, instead of passing as a vendor's 500.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="emulator">The running emulator.</param>
    /// <param name="configureTopo">Further Topo settings (e.g. <c>o.Resilience.MaxRetries = 0</c>).</param>
    /// <param name="configureAmplemarket">Further Amplemarket settings.</param>
    /// <returns>The service collection.</returns>
    public static IServiceCollection AddExclusionsEmulator(
        this IServiceCollection services,
        ExclusionsEmulator emulator,
        Action<TopoOptions>? configureTopo = null,
        Action<AmplemarketOptions>? configureAmplemarket = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(emulator);
        var topo = services.AddTopoExclusions(o =>
        {
            o.ApiKey = emulator.TopoApiKey;
            o.BaseAddress = emulator.TopoBaseAddress;
            configureTopo?.Invoke(o);
        }).AddHttpMessageHandler(() => new EmulatorFailureHandler(emulator));
        var amplemarket = services.AddAmplemarketExclusions(o =>
        {
            o.ApiKey = emulator.AmplemarketApiKey;
            o.BaseAddress = emulator.AmplemarketBaseAddress;
            configureAmplemarket?.Invoke(o);
        }).AddHttpMessageHandler(() => new EmulatorFailureHandler(emulator));
        if (emulator.IsInMemory)
        {
            // A new handler each time: the factory disposes a primary handler when it recycles it.
            topo.ConfigurePrimaryHttpMessageHandler(emulator.CreateHandler);
            amplemarket.ConfigurePrimaryHttpMessageHandler(emulator.CreateHandler);
        }

        return services;
    }
}
