using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace Exclusions.Client.Outbox.Tests;

/// <summary>
/// A real PostgreSQL server of the tests' own: <c>initdb</c> into a temporary directory, started with
/// <c>pg_ctl</c> on a free loopback port, stopped (exactly that data directory) and deleted afterwards.
/// As root, initdb and postgres refuse to run, so they run as the <c>postgres</c> (or <c>nobody</c>)
/// user through <c>runuser</c>, in a directory that user owns. Where PostgreSQL is missing or cannot
/// start, tests skip locally and fail in CI (<c>CI=true</c>), as the Redis tests do.
/// </summary>
public sealed class PostgresServer : IAsyncDisposable
{
    private readonly string _directory;
    private readonly string? _binaries;
    private readonly string? _runAs;
    private bool _started;

    private PostgresServer(string directory, string? binaries, string? runAs, int port)
    {
        _directory = directory;
        _binaries = binaries;
        _runAs = runAs;
        Port = port;
    }

    public int Port { get; }

    /// <summary>Why no server could be started, or <see langword="null"/> when it runs.</summary>
    public string? StartError { get; private set; }

    private string DataDirectory => Path.Combine(_directory, "data");

    public static async Task<PostgresServer> StartAsync()
    {
        var binaries = FindBinaries();
        var runAs = Environment.UserName == "root" ? (UserExists("postgres") ? "postgres" : "nobody") : null;
        var directory = Path.Combine(Path.GetTempPath(), "exclusions-pg-" + Guid.NewGuid().ToString("N")[..10]);
        var server = new PostgresServer(directory, binaries, runAs, FreePort());
        try
        {
            if (binaries is null)
            {
                throw new InvalidOperationException("initdb/pg_ctl not found on PATH or in /usr/lib/postgresql/*/bin (.ci/services installs Debian's postgresql).");
            }

            Directory.CreateDirectory(directory);
            if (runAs is not null)
            {
                await RunAsync("chown", [runAs, directory], null);
            }

            await server.RunPgAsync("initdb", ["-D", server.DataDirectory, "-A", "trust", "-U", "postgres", "-E", "UTF8", "--no-sync", "--no-instructions"]);
            var options = string.Create(CultureInfo.InvariantCulture, $"-p {server.Port} -c listen_addresses=127.0.0.1 -k {directory} -c max_connections=200 -c shared_buffers=32MB");
            await server.RunPgAsync("pg_ctl", ["-D", server.DataDirectory, "-l", Path.Combine(directory, "server.log"), "-w", "-t", "60", "-o", options, "start"]);
            server._started = true;
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or InvalidOperationException or IOException or UnauthorizedAccessException)
        {
            server.StartError = e.Message;
            await server.DisposeAsync();
        }

        return server;
    }

    /// <summary>Skips the test locally, fails it in CI, when the server could not be started.</summary>
    public void RequireRunning()
    {
        if (StartError is null)
        {
            return;
        }

        if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
        {
            Assert.Fail("PostgreSQL is required in CI (.ci/services installs it): " + StartError);
        }

        Skip.If(true, "PostgreSQL is not available: " + StartError);
    }

    public string ConnectionString(string database = "postgres")
        => string.Create(CultureInfo.InvariantCulture, $"Host=127.0.0.1;Port={Port};Username=postgres;Database={database};Maximum Pool Size=20;Timeout=30;Command Timeout=60");

    /// <summary>A fresh, empty database; its connection string.</summary>
    public async Task<string> CreateDatabaseAsync()
    {
        RequireRunning();
        var name = "outbox_" + Guid.NewGuid().ToString("N")[..12];
        await using var connection = new NpgsqlConnection(ConnectionString());
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
        await command.ExecuteNonQueryAsync();
        return ConnectionString(name);
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        if (_started)
        {
            _started = false;
            try
            {
                await RunPgAsync("pg_ctl", ["-D", DataDirectory, "-m", "immediate", "-w", "-t", "30", "stop"]);
            }
            catch (InvalidOperationException)
            {
                // Already stopped.
            }
        }

        try
        {
            if (Directory.Exists(_directory))
            {
                Directory.Delete(_directory, recursive: true);
            }
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    private Task RunPgAsync(string tool, string[] arguments)
    {
        var path = Path.Combine(_binaries!, tool);
        return _runAs is null ? RunAsync(path, arguments, _directory) : RunAsync("runuser", ["-u", _runAs, "--", path, .. arguments], _directory);
    }

    private static async Task RunAsync(string file, string[] arguments, string? workingDirectory)
    {
        var info = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Path.GetTempPath(),
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException($"{file} did not start.");
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        await process.WaitForExitAsync(timeout.Token);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{Path.GetFileName(file)} {string.Join(' ', arguments)} exited with {process.ExitCode}: {await errors}{await output}");
        }
    }

    private static string? FindBinaries()
    {
        var debian = Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql").Select(d => Path.Combine(d, "bin"))
                .Where(d => File.Exists(Path.Combine(d, "initdb")) && File.Exists(Path.Combine(d, "pg_ctl")) && File.Exists(Path.Combine(d, "postgres")))
                .OrderByDescending(d => int.TryParse(Path.GetFileName(Path.GetDirectoryName(d)), out var v) ? v : 0)
                .FirstOrDefault()
            : null;
        if (debian is not null)
        {
            return debian;
        }

        return (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(':', StringSplitOptions.RemoveEmptyEntries)
            .FirstOrDefault(d => File.Exists(Path.Combine(d, "initdb")) && File.Exists(Path.Combine(d, "pg_ctl")));
    }

    private static bool UserExists(string user) => File.Exists("/etc/passwd") && File.ReadLines("/etc/passwd").Any(l => l.StartsWith(user + ":", StringComparison.Ordinal));

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

/// <summary>One server for every PostgreSQL test (each test makes its own database).</summary>
public sealed class PostgresFixture : IAsyncLifetime
{
    public PostgresServer Server { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        // The emulator runs in this test host and serves the worker processes: enough threads keep it prompt.
        ThreadPool.GetMinThreads(out var workers, out var io);
        ThreadPool.SetMinThreads(Math.Max(workers, 64), Math.Max(io, 64));
        Server = await PostgresServer.StartAsync();
    }

    public async Task DisposeAsync() => await Server.DisposeAsync();
}

/// <summary>
/// Every test that starts processes or a database runs in this one collection, one after another: the
/// multi-process tests measure throughput, and a busy two-core machine would blur it.
/// </summary>
[CollectionDefinition(Name)]
public sealed class OutboxCollection : ICollectionFixture<PostgresFixture>
{
    public const string Name = "Outbox";
}
