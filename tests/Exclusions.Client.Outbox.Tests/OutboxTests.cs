using System.Diagnostics.Metrics;
using Exclusions.Client.Outbox.Storage;
using Exclusions.Client.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;

namespace Exclusions.Client.Outbox.Tests;

/// <summary>Enqueue, drain, order, transactions, dead letters and restarts, on both stores.</summary>
[Collection(OutboxCollection.Name)]
public sealed class OutboxTests(PostgresFixture fixture) : IAsyncLifetime
{
    private ExclusionsEmulator _emulator = null!;

    public async Task InitializeAsync() => _emulator = await ExclusionsEmulator.StartAsync();

    public async Task DisposeAsync() => await _emulator.DisposeAsync();

    public static TheoryData<string> Stores => new() { "sqlite", "postgresql" };

    private async Task<TestStore> StoreAsync(string kind)
    {
        if (kind == "postgresql")
        {
            fixture.Server.RequireRunning();
        }

        return await TestStore.CreateAsync(kind, fixture.Server);
    }

    [SkippableTheory]
    [MemberData(nameof(Stores))]
    public async Task Enqueued_opt_outs_reach_every_vendor_with_a_stored_outcome(string kind)
    {
        using var store = await StoreAsync(kind);
        await using var sut = new OutboxUnderTest(_emulator, store);

        await sut.Outbox.EnqueueAsync([
            OutboxItem.Add(new ExclusionRequest(ExclusionTarget.Email(" Jane@Acme.COM "), ExclusionReason.Unsubscribed, "webhook")),
            OutboxItem.Add(ExclusionTarget.Domain("https://globex.example/about")),
        ]);
        var before = await sut.Outbox.GetStatusAsync();
        Assert.Equal(4, before.Pending);
        Assert.Empty(_emulator.Requests);

        var drained = await sut.Drainer.DrainDueAsync();

        Assert.Equal(4, drained.Delivered);
        var status = await sut.Outbox.GetStatusAsync();
        Assert.Equal(0, status.Pending);
        Assert.Equal(4, status.Delivered);
        Assert.Equal(TimeSpan.Zero, status.OldestPendingAge);
        var contact = Assert.Single(_emulator.Topo.ContactExclusions);
        Assert.Equal("jane@acme.com", contact.Email);
        Assert.Equal("UNSUBSCRIBED", contact.Reason);
        Assert.Equal("globex.example", Assert.Single(_emulator.Topo.AccountExclusions).Domain);
        Assert.Equal("jane@acme.com", Assert.Single(_emulator.Amplemarket.ExcludedEmails).Value);
        Assert.Equal("globex.example", Assert.Single(_emulator.Amplemarket.ExcludedDomains).Value);
    }

    [SkippableTheory]
    [MemberData(nameof(Stores))]
    public async Task Adds_and_removes_of_one_value_reach_the_vendor_in_enqueue_order(string kind)
    {
        using var store = await StoreAsync(kind);
        await using var sut = new OutboxUnderTest(_emulator, store, configure: o => o.DrainConcurrency = 3);
        var a = ExclusionTarget.Email("a@order.example");
        var b = ExclusionTarget.Email("b@order.example");

        // a ends excluded, b ends not excluded, whatever the batch size or concurrency.
        await sut.Outbox.EnqueueAsync([OutboxItem.Add(a), OutboxItem.Add(b), OutboxItem.Remove(a), OutboxItem.Remove(b), OutboxItem.Add(a)]);
        await sut.Drainer.DrainDueAsync();

        Assert.Equal(["a@order.example"], _emulator.Topo.ContactExclusions.Select(e => e.Email));
        Assert.Equal(["a@order.example"], _emulator.Amplemarket.ExcludedEmails.Select(e => e.Value));

        // Topo: an add is a POST with the address; a remove begins with a lookup (GET) by the address.
        string[] TopoCallsFor(string email) => _emulator.Requests
            .Where(r => r.Vendor == EmulatedVendor.Topo && r.StatusCode < 300)
            .Where(r => (r.Method == "POST" && (r.Body ?? string.Empty).Contains(email, StringComparison.Ordinal))
                        || (r.Method == "GET" && Uri.UnescapeDataString(r.Query).Contains(email, StringComparison.Ordinal)))
            .Select(r => r.Method)
            .ToArray();
        Assert.Equal(["POST", "GET", "POST"], TopoCallsFor("a@order.example"));
        Assert.Equal(["POST", "GET"], TopoCallsFor("b@order.example"));
        Assert.Equal(10, (await sut.Outbox.GetStatusAsync()).Delivered);
    }

    [SkippableTheory]
    [MemberData(nameof(Stores))]
    public async Task What_a_vendor_cannot_do_is_dead_lettered_with_the_reason_and_can_be_retried(string kind)
    {
        using var store = await StoreAsync(kind);
        await using var sut = new OutboxUnderTest(_emulator, store);

        // Amplemarket has no LinkedIn exclusions: Unsupported there, delivered to Topo.
        await sut.Outbox.EnqueueAsync([OutboxItem.Add(ExclusionTarget.LinkedInUrl("https://www.linkedin.com/in/jane-doe"))]);
        await sut.Drainer.DrainDueAsync();

        var status = await sut.Outbox.GetStatusAsync();
        Assert.Equal(1, status.Delivered);
        Assert.Equal(1, status.DeadLettered);
        var letter = Assert.Single(await sut.Outbox.GetDeadLettersAsync());
        Assert.Equal(ExclusionProvider.Amplemarket, letter.Provider);
        Assert.StartsWith("Unsupported: ", letter.Reason, StringComparison.Ordinal);
        Assert.Equal("linkedin:https://www.linkedin.com/in/jane-doe", letter.Target);
        Assert.Equal(1, letter.Attempts);

        Assert.Equal(1, await sut.Outbox.RetryDeadLettersAsync());
        Assert.Equal(1, (await sut.Outbox.GetStatusAsync()).Pending);
        await sut.Drainer.DrainDueAsync();
        Assert.Equal(1, (await sut.Outbox.GetStatusAsync()).DeadLettered);

        Assert.Equal(2, await sut.Outbox.PurgeAsync(OutboxPurgeScope.Finished));
        var empty = await sut.Outbox.GetStatusAsync();
        Assert.Equal((0, 0, 0), (empty.Pending, empty.Delivered, empty.DeadLettered));
    }

    [SkippableTheory]
    [MemberData(nameof(Stores))]
    public async Task Transient_failures_back_off_across_a_restart_and_end_dead_lettered_after_max_attempts(string kind)
    {
        using var store = await StoreAsync(kind);
        var time = Fake.Time();
        _emulator.Faults.Add(FaultRule.ServerError(503) with { Vendor = EmulatedVendor.Topo });
        void Configure(ExclusionOutboxOptions o)
        {
            o.MaxAttempts = 3;
            o.Providers.Add(ExclusionProvider.Topo);
        }

        int perAttempt;
        await using (var first = new OutboxUnderTest(_emulator, store, time, Configure, amplemarket: false))
        {
            await first.Outbox.EnqueueAsync([OutboxItem.Add(ExclusionTarget.Email("retry@acme.example"))]);
            Assert.Equal(1, (await first.Drainer.DrainDueAsync()).Retrying);

            // One outbox attempt is one bulk call; the client may send a refused item more than once within it
            // (a 429, or a 503 once the vendor has answered others of the call, goes back through its adaptive limiter). Every attempt sends as many.
            perAttempt = _emulator.Requests.Count(r => r.Method == "POST");
            Assert.True(perAttempt >= 1);

            // Not due yet: the backoff (5 s base + up to 20 %) is in the store, not in memory.
            time.Advance(TimeSpan.FromSeconds(4));
            Assert.Equal(0, (await first.Drainer.DrainDueAsync()).Claimed);
        }

        // A new process on the same store keeps the attempt count and the next attempt time.
        await using var second = new OutboxUnderTest(_emulator, store, time, Configure, amplemarket: false);
        Assert.Equal(0, (await second.Drainer.DrainDueAsync()).Claimed);
        time.Advance(TimeSpan.FromSeconds(3));
        Assert.Equal(1, (await second.Drainer.DrainDueAsync()).Retrying);
        time.Advance(TimeSpan.FromSeconds(13));
        Assert.Equal(1, (await second.Drainer.DrainDueAsync()).DeadLettered);

        var letter = Assert.Single(await second.Outbox.GetDeadLettersAsync());
        Assert.Equal(3, letter.Attempts);
        Assert.StartsWith("Gave up after 3 attempts; last error: ", letter.Reason, StringComparison.Ordinal);
        Assert.Contains("503", letter.Reason, StringComparison.Ordinal);
        Assert.Equal(3 * perAttempt, _emulator.Requests.Count(r => r.Method == "POST"));
    }

    [SkippableTheory]
    [MemberData(nameof(Stores))]
    public async Task An_opt_out_in_the_callers_transaction_commits_or_rolls_back_with_it(string kind)
    {
        using var store = await StoreAsync(kind);
        await using var sut = new OutboxUnderTest(_emulator, store);
        await sut.Outbox.InitializeAsync();
        var item = OutboxItem.Add(ExclusionTarget.Email("tx@acme.example"));

        await using (var connection = Open(store))
        {
            await connection.OpenAsync();
            await Exec(connection, null, "CREATE TABLE app_contacts (email TEXT NOT NULL)");
            foreach (var commit in new[] { false, true })
            {
                await using var transaction = await connection.BeginTransactionAsync();
                await Exec(connection, transaction, "INSERT INTO app_contacts (email) VALUES ('tx@acme.example')");
                await sut.Outbox.EnqueueInTransactionAsync([item], transaction);
                if (commit)
                {
                    await transaction.CommitAsync();
                }
                else
                {
                    await transaction.RollbackAsync();
                }
            }
        }

        // The rolled-back enqueue left nothing; the committed one is pending for both vendors.
        Assert.Equal(2, (await sut.Outbox.GetStatusAsync()).Pending);
        await sut.Drainer.DrainDueAsync();
        Assert.Single(_emulator.Topo.ContactExclusions);
    }

    [SkippableTheory]
    [MemberData(nameof(Stores))]
    public async Task A_transaction_on_another_kind_of_database_is_refused(string kind)
    {
        using var store = await StoreAsync(kind);
        await using var sut = new OutboxUnderTest(_emulator, store);
        var otherFile = Path.Combine(Path.GetTempPath(), "exclusions-other-" + Guid.NewGuid().ToString("N")[..8] + ".db");
        try
        {
            await using var other = new SqliteConnection("Data Source=" + otherFile + ";Pooling=false");
            await other.OpenAsync();
            await using var transaction = await other.BeginTransactionAsync();

            await Assert.ThrowsAsync<ArgumentException>(() => sut.Outbox.EnqueueInTransactionAsync([OutboxItem.Add(ExclusionTarget.Email("x@acme.example"))], transaction));
        }
        finally
        {
            File.Delete(otherFile);
        }
    }

    [SkippableTheory]
    [MemberData(nameof(Stores))]
    public async Task A_store_with_a_newer_schema_is_refused_not_misread(string kind)
    {
        using var store = await StoreAsync(kind);
        await using (var sut = new OutboxUnderTest(_emulator, store))
        {
            await sut.Outbox.InitializeAsync();
        }

        await using (var connection = Open(store))
        {
            await connection.OpenAsync();
            await Exec(connection, null, $"INSERT INTO {OutboxSchema.VersionTable} (version) VALUES ({OutboxSchema.Latest + 1})");
        }

        await using var newer = new OutboxUnderTest(_emulator, store);
        var error = await Assert.ThrowsAsync<ExclusionOutboxStoreException>(() => newer.Outbox.GetStatusAsync());
        Assert.Contains($"schema version {OutboxSchema.Latest + 1}", error.Message, StringComparison.Ordinal);
    }

    [SkippableTheory]
    [MemberData(nameof(Stores))]
    public async Task The_health_check_degrades_when_the_oldest_pending_opt_out_is_older_than_the_threshold(string kind)
    {
        using var store = await StoreAsync(kind);
        var time = Fake.Time();
        await using var sut = new OutboxUnderTest(_emulator, store, time);
        Assert.Equal(HealthStatus.Healthy, (await sut.HealthAsync()).Status);

        await sut.Outbox.EnqueueAsync([OutboxItem.Add(ExclusionTarget.Email("late@acme.example"))]);
        time.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(HealthStatus.Healthy, (await sut.HealthAsync()).Status);
        time.Advance(TimeSpan.FromMinutes(2));
        var report = await sut.HealthAsync();
        Assert.Equal(HealthStatus.Degraded, report.Status);
        Assert.Equal(180.0, report.Entries["exclusions-outbox"].Data["oldestPendingAgeSeconds"]);
        Assert.DoesNotContain("late@acme.example", report.Entries["exclusions-outbox"].Description, StringComparison.Ordinal);

        await sut.Drainer.DrainDueAsync();
        Assert.Equal(HealthStatus.Healthy, (await sut.HealthAsync()).Status);
    }

    [SkippableTheory]
    [MemberData(nameof(Stores))]
    public async Task A_worker_whose_lease_lapsed_cannot_release_or_complete_what_another_worker_now_holds(string kind)
    {
        using var store = await StoreAsync(kind);
        await using var outbox = new ExclusionOutbox(store.Options(), [ExclusionProvider.Topo]);
        await outbox.EnqueueAsync([OutboxItem.Add(ExclusionTarget.Email("lease@acme.example"))]);
        var topo = ExclusionProvider.Topo.Name;
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() + 1_000;

        // A claims with a short lease, stalls past it; B claims the same delivery.
        var a = Assert.Single(await outbox.Store.ClaimAsync(topo, 10, "A", now, now + 1_000, default));
        var b = Assert.Single(await outbox.Store.ClaimAsync(topo, 10, "B", now + 2_000, now + 60_000, default));
        Assert.Equal(a.Id, b.Id);

        // A wakes up: its failure and its release must not clear B's lease, or C could claim what B still sends.
        await outbox.Store.CompleteAsync([new DeliveryResult(a.Id, DeliveryState.Pending, null, "timeout", now + 2_500)], "A", now + 2_500, default);
        await outbox.Store.ReleaseAsync([a.Id], "A", default);
        Assert.Empty(await outbox.Store.ClaimAsync(topo, 10, "C", now + 3_000, now + 60_000, default));
        Assert.Equal(1, (await outbox.GetStatusAsync()).Pending);

        // B's outcome is stored.
        await outbox.Store.CompleteAsync([new DeliveryResult(b.Id, DeliveryState.Delivered, "Created", null)], "B", now + 3_000, default);
        var status = await outbox.GetStatusAsync();
        Assert.Equal((0, 1), (status.Pending, status.Delivered));
    }

    [SkippableTheory]
    [MemberData(nameof(Stores))]
    public async Task A_delivery_sent_after_another_worker_took_over_its_lapsed_lease_is_counted_as_lease_lost_not_delivered(string kind)
    {
        using var store = await StoreAsync(kind);
        var services = new ServiceCollection();
        services.AddLogging();
        ExclusionOutbox? outbox = null;
        var takenOver = 0;

        // The vendor has answered, then this worker stalls (a long GC pause, a frozen VM) past its lease, and
        // worker B, whose clock is past that lease, claims the delivery before this worker stores the outcome.
        async Task StallPastTheLeaseAsync()
        {
            var later = DateTimeOffset.UtcNow.AddMinutes(5).ToUnixTimeMilliseconds();
            takenOver += (await outbox!.Store.ClaimAsync(ExclusionProvider.Topo.Name, 10, "B", later, later + 60_000, default)).Count;
        }

        services.AddTopoExclusions(o =>
        {
            o.ApiKey = _emulator.TopoApiKey;
            o.BaseAddress = _emulator.TopoBaseAddress;
            o.Resilience.MaxRetries = 0;
        }).AddHttpMessageHandler(() => new AfterResponse(StallPastTheLeaseAsync));
        services.AddExclusionOutbox(store.Configure);
        await using var provider = services.BuildServiceProvider();
        outbox = provider.GetRequiredService<ExclusionOutbox>();
        await outbox.EnqueueAsync([OutboxItem.Add(ExclusionTarget.Email("stalled@acme.example"))]);

        var recorded = new List<string>();
        using var listener = DeliveriesOfThisFlow(recorded);
        ThisFlow.Value = true;
        var result = await provider.GetRequiredService<ExclusionOutboxDrainer>().DrainOnceAsync();
        ThisFlow.Value = false;

        Assert.Equal(1, takenOver);
        Assert.Equal((1, 0, 0, 0, 1), (result.Claimed, result.Delivered, result.Retrying, result.DeadLettered, result.LeaseLost));
        Assert.Equal(["lease_lost"], recorded);

        // The row is B's to complete: still pending, and this worker's outcome did not clear B's lease.
        Assert.Equal(1, (await outbox.GetStatusAsync()).Pending);
        var now = DateTimeOffset.UtcNow.AddMinutes(5).ToUnixTimeMilliseconds();
        Assert.Empty(await outbox.Store.ClaimAsync(ExclusionProvider.Topo.Name, 10, "C", now, now + 60_000, default));
        Assert.Single(_emulator.Topo.ContactExclusions);
    }

    private static readonly AsyncLocal<bool> ThisFlow = new();

    /// <summary>The result tag of every outbox delivery measurement recorded in this test's own async flow (other tests drain in parallel).</summary>
    private static MeterListener DeliveriesOfThisFlow(List<string> recorded)
    {
        var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Name == "exclusions.outbox.deliveries")
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            if (!ThisFlow.Value)
            {
                return;
            }

            foreach (var tag in tags)
            {
                if (tag.Key == "result")
                {
                    lock (recorded)
                    {
                        recorded.AddRange(Enumerable.Repeat(tag.Value?.ToString() ?? "?", (int)value));
                    }
                }
            }
        });
        listener.Start();
        return listener;
    }

    /// <summary>Runs a step once a response has arrived, before the caller sees it.</summary>
    private sealed class AfterResponse(Func<Task> step) : DelegatingHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var response = await base.SendAsync(request, cancellationToken);
            await step();
            return response;
        }
    }

    private static System.Data.Common.DbConnection Open(TestStore store)
        => store.Kind == "sqlite" ? new SqliteConnection("Data Source=" + store.SqlitePath) : new NpgsqlConnection(store.PostgresConnectionString);

    private static async Task Exec(System.Data.Common.DbConnection connection, System.Data.Common.DbTransaction? transaction, string sql)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }
}
