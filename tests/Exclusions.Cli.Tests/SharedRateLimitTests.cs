using System.Net;
using System.Net.Sockets;
using Exclusions.Client.Redis.Tests;

namespace Exclusions.Cli.Tests;

/// <summary>EXCLUSIONS_REDIS: the CLI shares its rate limit through Redis, and survives a Redis it cannot reach.</summary>
public sealed class SharedRateLimitTests
{
    [Fact]
    public async Task An_unreachable_redis_is_reported_once_and_the_command_completes()
    {
        await using var cli = await CliHarness.StartAsync();
        cli.Environment["EXCLUSIONS_REDIS"] = $"127.0.0.1:{ClosedPort()},connectTimeout=300";
        var file = cli.WriteFile("type,value\nemail,a@acme.com\ndomain,acme.org\n");

        var add = await cli.RunAsync("add", "--provider", "amplemarket", "--file", file, "--format", "json");
        var check = await cli.RunAsync("check", "--provider", "all", "--email", "x@acme.org");

        Assert.True(add.ExitCode == 0, add.ToString());
        Assert.Contains("\"added\":2", add.Stdout, StringComparison.Ordinal);
        Assert.Single(add.Stderr.Split('\n'), l => l.Contains("Redis", StringComparison.Ordinal));
        Assert.True(check.ExitCode == 0, check.ToString());
        Assert.Single(check.Stderr.Split('\n'), l => l.Contains("Redis", StringComparison.Ordinal));
        Assert.DoesNotContain(cli.Emulator.AmplemarketApiKey, add.Stderr + check.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain(cli.Emulator.TopoApiKey, check.Stderr, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task With_redis_the_budget_lives_in_redis_under_a_hash_of_the_key_with_a_ttl()
    {
        await using var redis = await RedisServer.StartAsync();
        redis.RequireRunning();
        await using var cli = await CliHarness.StartAsync();
        // Generous deadlines: on a busy machine the CLI's first Redis call (connect, script load, JIT) took
        // longer than the CLI's default 1 s and fell back (seen failing when the whole suite ran).
        cli.Environment["EXCLUSIONS_REDIS"] = redis.Configuration + ",connectTimeout=30000,asyncTimeout=30000";

        var run = await cli.RunAsync("add", "--provider", "amplemarket", "--type", "email", "--value", "shared@acme.com");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.False(run.Stderr.Contains("Redis", StringComparison.Ordinal), run.Stderr);
        await using var connection = await redis.ConnectAsync();
        var server = connection.GetServer(connection.GetEndPoints()[0]);
        var keys = server.Keys(pattern: "*").Select(k => (string)k!).ToList();
        Assert.NotEmpty(keys);
        Assert.All(keys, k => Assert.DoesNotContain(cli.Emulator.AmplemarketApiKey, k, StringComparison.Ordinal));
        foreach (var key in keys)
        {
            Assert.True(await connection.GetDatabase().KeyTimeToLiveAsync(key) is { } ttl && ttl > TimeSpan.Zero, key);
        }
    }

    private static int ClosedPort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
