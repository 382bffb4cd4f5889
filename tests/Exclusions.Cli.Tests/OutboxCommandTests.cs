using System.Text.Json;
using Exclusions.Client;
using Exclusions.Client.Outbox;
using Exclusions.Client.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Exclusions.Cli.Tests;

/// <summary>
/// <c>exclusions outbox status|retry|purge --store …</c> on a real SQLite outbox that an application
/// (the outbox package with its drain) filled against the emulator. PostgreSQL's store code is the same
/// and is proven in tests/Exclusions.Client.Outbox.Tests; here only the CLI's reading of a URL.
/// </summary>
public sealed class OutboxCommandTests : IAsyncLifetime
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "exclusions-cli-outbox-" + Guid.NewGuid().ToString("N")[..8]);
    private CliHarness _cli = null!;

    private string StorePath => Path.Combine(_directory, "outbox.db");

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_directory);
        _cli = await CliHarness.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _cli.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    /// <summary>Three opt-outs for both vendors, drained: 5 delivered, the LinkedIn URL dead-lettered at Amplemarket (Unsupported), plus 2 pending.</summary>
    private async Task FillAsync()
    {
        var services = new ServiceCollection();
        services.AddExclusionsEmulator(_cli.Emulator);
        services.AddExclusionOutbox(o =>
        {
            o.SqlitePath = StorePath;
            o.RunDrain = false;
        });
        await using var provider = services.BuildServiceProvider();
        var outbox = provider.GetRequiredService<IExclusionOutbox>();
        await outbox.EnqueueAsync(
        [
            OutboxItem.Add(ExclusionTarget.Email("jane@acme.com")),
            OutboxItem.Add(ExclusionTarget.Domain("rival.com")),
            OutboxItem.Add(ExclusionTarget.LinkedInUrl("https://www.linkedin.com/in/jane")),
        ]);
        await provider.GetRequiredService<ExclusionOutboxDrainer>().DrainDueAsync();
        await outbox.EnqueueAsync([OutboxItem.Remove(ExclusionTarget.Email("jane@acme.com"))]);
    }

    [Fact]
    public async Task Status_shows_counts_per_vendor_the_oldest_pending_and_dead_letters_with_reasons()
    {
        await FillAsync();

        var json = await _cli.RunAsync("outbox", "status", "--store", StorePath, "--format", "json");
        var table = await _cli.RunAsync("outbox", "status", "--store", StorePath);

        Assert.True(json.ExitCode == 0, json.ToString());
        using var document = JsonDocument.Parse(json.Stdout);
        var root = document.RootElement;
        Assert.Equal(Path.GetFullPath(StorePath), root.GetProperty("store").GetString());
        Assert.Equal((2, 5, 1), (root.GetProperty("pending").GetInt32(), root.GetProperty("delivered").GetInt32(), root.GetProperty("dead_lettered").GetInt32()));
        Assert.Equal(["amplemarket", "topo"], root.GetProperty("providers").EnumerateArray().Select(p => p.GetProperty("provider").GetString()!));
        Assert.NotEqual(JsonValueKind.Null, root.GetProperty("oldest_pending_enqueued_at").ValueKind);
        var dead = Assert.Single(root.GetProperty("dead_letters").EnumerateArray());
        Assert.Equal("amplemarket", dead.GetProperty("provider").GetString());
        Assert.Equal("linkedin:https://www.linkedin.com/in/jane", dead.GetProperty("target").GetString());
        Assert.StartsWith("Unsupported", dead.GetProperty("reason").GetString(), StringComparison.Ordinal);

        Assert.True(table.ExitCode == 0, table.ToString());
        Assert.Contains("Dead-lettered", table.Stdout, StringComparison.Ordinal);
        Assert.Contains("Oldest pending:", table.Stdout, StringComparison.Ordinal);
        Assert.Contains("Unsupported", table.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Retry_makes_dead_letters_pending_and_purge_deletes_only_finished_deliveries()
    {
        await FillAsync();
        var requestsBefore = _cli.Emulator.Requests.Count;

        var unknown = await _cli.RunAsync("outbox", "retry", "--store", StorePath, "--id", "999999");
        var retry = await _cli.RunAsync("outbox", "retry", "--store", StorePath);
        var purge = await _cli.RunAsync("outbox", "purge", "--store", StorePath, "--what", "finished");
        var status = await _cli.RunAsync("outbox", "status", "--store", StorePath, "--format", "json");

        Assert.True(unknown.ExitCode == 1, unknown.ToString());
        Assert.Contains("0 dead-lettered deliveries are pending again", unknown.Stdout, StringComparison.Ordinal);
        Assert.Contains("1 of the 1 ids given are not dead letters", unknown.Stderr, StringComparison.Ordinal);
        Assert.True(retry.ExitCode == 0, retry.ToString());
        Assert.Contains("1 dead-lettered delivery is pending again", retry.Stdout, StringComparison.Ordinal);
        Assert.True(purge.ExitCode == 0, purge.ToString());
        Assert.Contains("5 finished deliveries deleted", purge.Stdout, StringComparison.Ordinal);
        using var document = JsonDocument.Parse(status.Stdout);
        Assert.Equal((3, 0, 0), (document.RootElement.GetProperty("pending").GetInt32(), document.RootElement.GetProperty("delivered").GetInt32(), document.RootElement.GetProperty("dead_lettered").GetInt32()));
        Assert.Equal(requestsBefore, _cli.Emulator.Requests.Count);
    }

    [Fact]
    public async Task A_missing_or_foreign_store_is_an_error_naming_it_never_an_empty_queue()
    {
        var missing = Path.Combine(_directory, "typo.db");
        var garbage = Path.Combine(_directory, "garbage.db");
        await File.WriteAllBytesAsync(garbage, Enumerable.Range(0, 4096).Select(i => (byte)(i * 31 % 253)).ToArray());

        var noFile = await _cli.RunAsync("outbox", "status", "--store", missing);
        var notADatabase = await _cli.RunAsync("outbox", "status", "--store", garbage);
        var badAge = await _cli.RunAsync("outbox", "purge", "--store", missing, "--older-than", "soon\u001b[2J");

        Assert.True(noFile.ExitCode == 2, noFile.ToString());
        Assert.Contains(missing, noFile.Stderr, StringComparison.Ordinal);
        Assert.Contains("does not exist", noFile.Stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(missing));
        Assert.Empty(noFile.Stdout);
        Assert.True(notADatabase.ExitCode == 1, notADatabase.ToString());
        Assert.Contains(garbage, notADatabase.Stderr, StringComparison.Ordinal);
        Assert.Empty(notADatabase.Stdout);
        Assert.True(badAge.ExitCode == 2, badAge.ToString());
        Assert.Contains("--older-than", badAge.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("\u001b", badAge.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_store_may_come_from_EXCLUSIONS_OUTBOX_STORE_and_without_either_it_is_a_usage_error()
    {
        await FillAsync();

        var none = await _cli.RunAsync("outbox", "status");
        _cli.Environment["EXCLUSIONS_OUTBOX_STORE"] = StorePath;
        var fromEnvironment = await _cli.RunAsync("outbox", "status", "--format", "json");
        var help = await _cli.RunAsync("outbox", "--help");

        Assert.True(none.ExitCode == 2, none.ToString());
        Assert.Contains("--store", none.Stderr, StringComparison.Ordinal);
        Assert.Contains("EXCLUSIONS_OUTBOX_STORE", none.Stderr, StringComparison.Ordinal);
        Assert.True(fromEnvironment.ExitCode == 0, fromEnvironment.ToString());
        using var document = JsonDocument.Parse(fromEnvironment.Stdout);
        Assert.Equal(2, document.RootElement.GetProperty("pending").GetInt32());
        Assert.True(help.ExitCode == 0, help.ToString());
        Assert.Contains("Examples:", help.Stdout, StringComparison.Ordinal);
        Assert.All(["status", "retry", "purge", "Exit codes"], word => Assert.Contains(word, help.Stdout, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("postgresql://outbox:hunter2@127.0.0.1:1/opt_outs")]
    [InlineData("Host=127.0.0.1;Port=1;Database=opt_outs;Username=outbox;Password=hunter2;Timeout=2")]
    public async Task A_postgresql_store_is_named_by_host_and_database_and_the_password_is_never_printed(string store)
    {
        // Nothing listens on port 1: the connection is refused.
        var run = await _cli.RunAsync("outbox", "status", "--store", store);

        Assert.True(run.ExitCode == 1, run.ToString());
        Assert.Contains("postgresql://127.0.0.1:1/opt_outs", run.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", run.Stderr + run.Stdout, StringComparison.Ordinal);
    }
}
