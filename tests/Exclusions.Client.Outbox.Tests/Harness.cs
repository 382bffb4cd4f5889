using Exclusions.Client.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Exclusions.Client.Outbox.Tests;

/// <summary>A store for one test: a temporary SQLite file, or a fresh PostgreSQL database.</summary>
public sealed class TestStore : IDisposable
{
    private readonly string _directory;

    private TestStore(string kind, string directory, string? postgres)
    {
        Kind = kind;
        _directory = directory;
        PostgresConnectionString = postgres;
    }

    public string Kind { get; }

    public string SqlitePath => Path.Combine(_directory, "outbox.db");

    public string? PostgresConnectionString { get; }

    public static async Task<TestStore> CreateAsync(string kind, PostgresServer server)
    {
        var directory = Path.Combine(Path.GetTempPath(), "exclusions-outbox-" + Guid.NewGuid().ToString("N")[..10]);
        Directory.CreateDirectory(directory);
        return kind == "sqlite" ? new TestStore(kind, directory, null) : new TestStore(kind, directory, await server.CreateDatabaseAsync());
    }

    public void Configure(ExclusionOutboxOptions options)
    {
        options.Store = Kind == "sqlite" ? OutboxStoreKind.Sqlite : OutboxStoreKind.PostgreSql;
        options.SqlitePath = SqlitePath;
        options.PostgresConnectionString = PostgresConnectionString;
    }

    public ExclusionOutboxOptions Options(Action<ExclusionOutboxOptions>? configure = null)
    {
        var options = new ExclusionOutboxOptions();
        Configure(options);
        configure?.Invoke(options);
        return options;
    }

    /// <summary>The worker's arguments for this store.</summary>
    public IEnumerable<string> WorkerArguments()
        => Kind == "sqlite" ? ["--store", "sqlite", "--sqlite", SqlitePath] : ["--store", "postgresql", "--pg", PostgresConnectionString!];

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}

/// <summary>An outbox with its drainer on a store, writing to the emulator through DI-registered clients.</summary>
public sealed class OutboxUnderTest : IAsyncDisposable
{
    private readonly ServiceProvider _provider;

    public OutboxUnderTest(ExclusionsEmulator emulator, TestStore store, TimeProvider? time = null, Action<ExclusionOutboxOptions>? configure = null, bool amplemarket = true)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        if (time is not null)
        {
            services.AddSingleton(time);
        }

        services.AddTopoExclusions(o =>
        {
            o.ApiKey = emulator.TopoApiKey;
            o.BaseAddress = emulator.TopoBaseAddress;
            o.Resilience.MaxRetries = 0;
            o.Resilience.CircuitBreakerMinimumThroughput = 100_000;
        });
        if (amplemarket)
        {
            services.AddAmplemarketExclusions(o =>
            {
                o.ApiKey = emulator.AmplemarketApiKey;
                o.BaseAddress = emulator.AmplemarketBaseAddress;
                o.Resilience.MaxRetries = 0;
                o.Resilience.CircuitBreakerMinimumThroughput = 100_000;
            });
        }

        services.AddExclusionOutbox(o =>
        {
            store.Configure(o);
            o.RetryBaseDelay = TimeSpan.FromSeconds(5);
            o.RetryMaxDelay = TimeSpan.FromMinutes(1);
            o.HealthDegradedAfter = TimeSpan.FromMinutes(2);
            configure?.Invoke(o);
        });
        services.AddHealthChecks().AddExclusionOutbox();
        _provider = services.BuildServiceProvider();
        Outbox = _provider.GetRequiredService<ExclusionOutbox>();
        Drainer = _provider.GetRequiredService<ExclusionOutboxDrainer>();
    }

    public ExclusionOutbox Outbox { get; }

    public ExclusionOutboxDrainer Drainer { get; }

    public IServiceProvider Services => _provider;

    public async Task<Microsoft.Extensions.Diagnostics.HealthChecks.HealthReport> HealthAsync()
        => await _provider.GetRequiredService<Microsoft.Extensions.Diagnostics.HealthChecks.HealthCheckService>().CheckHealthAsync();

    public async ValueTask DisposeAsync() => await _provider.DisposeAsync();
}

internal static class Fake
{
    public static FakeTimeProvider Time() => new(DateTimeOffset.UtcNow);
}
