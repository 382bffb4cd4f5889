using Exclusions.Client.Testing;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Exclusions.Client.Outbox.Tests;

/// <summary>
/// Both vendors answer 503 for a stretch of fake time: the items wait (retried with backoff, none
/// dead-lettered), the health check turns Degraded, and when the vendors recover every item drains,
/// in enqueue order per value.
/// </summary>
public sealed class OutageTests : IAsyncLifetime
{
    private ExclusionsEmulator _emulator = null!;
    private TestStore _store = null!;

    public async Task InitializeAsync()
    {
        _emulator = await ExclusionsEmulator.StartAsync();
        _store = await TestStore.CreateAsync("sqlite", null!);
    }

    public async Task DisposeAsync()
    {
        await _emulator.DisposeAsync();
        _store.Dispose();
    }

    [Fact]
    public async Task A_503_stretch_keeps_items_waiting_degrades_health_then_drains_in_order()
    {
        var time = Fake.Time();
        await using var sut = new OutboxUnderTest(_emulator, _store, time, o =>
        {
            o.MaxAttempts = 50;
            o.RetryBaseDelay = TimeSpan.FromSeconds(5);
            o.RetryMaxDelay = TimeSpan.FromMinutes(1);
            o.HealthDegradedAfter = TimeSpan.FromMinutes(5);
        });
        var a = ExclusionTarget.Email("a@outage.example");
        _emulator.Faults.Add(FaultRule.ServerError(503));

        await sut.Outbox.EnqueueAsync([OutboxItem.Add(a), OutboxItem.Add(ExclusionTarget.Email("b@outage.example")), OutboxItem.Remove(a), OutboxItem.Add(ExclusionTarget.Domain("outage.example")), OutboxItem.Add(a)]);

        // Twenty minutes of outage, in fake time: every attempt fails, nothing is given up.
        var attempts = 0;
        for (var minute = 0; minute < 20; minute++)
        {
            attempts += (await sut.Drainer.DrainDueAsync()).Claimed;
            time.Advance(TimeSpan.FromMinutes(1));
        }

        var during = await sut.Outbox.GetStatusAsync();
        Assert.Equal(10, during.Pending);
        Assert.Equal(0, during.DeadLettered);
        Assert.InRange(attempts, 20, 200);
        Assert.Empty(_emulator.Topo.ContactExclusions);
        Assert.Equal(HealthStatus.Degraded, (await sut.HealthAsync()).Status);

        // Recovery: everything due within one backoff period drains.
        _emulator.Faults.Clear();
        time.Advance(TimeSpan.FromMinutes(2));
        var drained = await sut.Drainer.DrainDueAsync();

        Assert.Equal(10, drained.Delivered);
        Assert.Equal(0, (await sut.Outbox.GetStatusAsync()).Pending);
        Assert.Equal(HealthStatus.Healthy, (await sut.HealthAsync()).Status);
        Assert.Equal(["a@outage.example", "b@outage.example"], _emulator.Topo.ContactExclusions.Select(e => e.Email).Order(StringComparer.Ordinal));
        Assert.Equal(["a@outage.example", "b@outage.example"], _emulator.Amplemarket.ExcludedEmails.Select(e => e.Value).Order(StringComparer.Ordinal));
        var accepted = _emulator.Requests
            .Where(r => r.Vendor == EmulatedVendor.Topo && r.StatusCode < 300)
            .Where(r => (r.Method == "POST" && (r.Body ?? string.Empty).Contains("a@outage.example", StringComparison.Ordinal))
                        || (r.Method == "GET" && Uri.UnescapeDataString(r.Query).Contains("a@outage.example", StringComparison.Ordinal)))
            .Select(r => r.Method);
        Assert.Equal(["POST", "GET", "POST"], accepted);
    }
}
