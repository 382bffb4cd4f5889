using System.Net;

namespace Exclusions.Client.Testing.Tests.Hosting;

public sealed class EmulatorLifetimeTests
{
    [Fact]
    public async Task Base_addresses_are_loopback_on_the_bound_port_and_resolve_relative_paths()
    {
        await using var emulator = await ExclusionsEmulator.StartAsync();

        Assert.True(emulator.Port > 0);
        Assert.Equal(new Uri($"http://127.0.0.1:{emulator.Port}/v1/"), emulator.TopoBaseAddress);
        Assert.Equal(new Uri($"http://127.0.0.1:{emulator.Port}/"), emulator.AmplemarketBaseAddress);
        Assert.Equal("/v1/contact-exclusions", new Uri(emulator.TopoBaseAddress, "contact-exclusions").AbsolutePath);
        Assert.Equal("/excluded-emails", new Uri(emulator.AmplemarketBaseAddress, "excluded-emails").AbsolutePath);
    }

    [Fact]
    public async Task Emulators_are_independent()
    {
        await using var first = await ExclusionsEmulator.StartAsync();
        await using var second = await ExclusionsEmulator.StartAsync();

        first.Amplemarket.SeedEmail("a@b.com");

        Assert.NotEqual(first.Port, second.Port);
        Assert.Empty(second.Amplemarket.ExcludedEmails);
    }

    [Fact]
    public async Task Custom_keys_and_fixed_port()
    {
        int port;
        using (var probe = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0))
        {
            probe.Start();
            port = ((IPEndPoint)probe.LocalEndpoint).Port;
            probe.Stop();
        }

        await using var emulator = await ExclusionsEmulator.StartAsync(new() { Port = port, TopoApiKey = "topo_custom", AmplemarketApiKey = "amp_custom" });
        using var client = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(emulator.TopoBaseAddress, "me"));
        request.Headers.Authorization = new("Bearer", "topo_custom");

        Assert.Equal(port, emulator.Port);
        Assert.Equal("amp_custom", emulator.AmplemarketApiKey);
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(request)).StatusCode);
    }

    [Fact]
    public async Task After_dispose_the_port_no_longer_answers()
    {
        var emulator = await ExclusionsEmulator.StartAsync();
        var uri = new Uri(emulator.AmplemarketBaseAddress, "excluded-emails");

        await emulator.DisposeAsync();
        await emulator.DisposeAsync();

        using var client = new HttpClient();
        await Assert.ThrowsAsync<HttpRequestException>(() => client.GetAsync(uri));
    }

    [Fact]
    public async Task Invalid_options_are_rejected()
    {
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => ExclusionsEmulator.StartAsync(new() { Port = 70000 }));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => ExclusionsEmulator.StartAsync(new() { AmplemarketPageSize = 0 }));
        await Assert.ThrowsAsync<ArgumentException>(() => ExclusionsEmulator.StartAsync(new() { TopoApiKey = "" }));
    }

    [Fact]
    public async Task Seeding_a_listed_Amplemarket_value_twice_throws()
    {
        await using var emulator = await ExclusionsEmulator.StartAsync();
        emulator.Amplemarket.SeedEmail("A@b.com");

        Assert.Throws<InvalidOperationException>(() => emulator.Amplemarket.SeedEmail("a@B.com"));
    }
}
