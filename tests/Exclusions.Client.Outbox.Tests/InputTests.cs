using CsCheck;
using Exclusions.Client.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Exclusions.Client.Outbox.Tests;

/// <summary>Bad input is refused at enqueue with the clients' rules; a bad store file is a clear error naming it.</summary>
public sealed class InputTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "exclusions-outbox-input-" + Guid.NewGuid().ToString("N")[..8]);

    public InputTests() => Directory.CreateDirectory(_directory);

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    private ExclusionOutbox Outbox(string file = "outbox.db")
        => new(new ExclusionOutboxOptions { SqlitePath = Path.Combine(_directory, file) }, [ExclusionProvider.Topo, ExclusionProvider.Amplemarket]);

    [Fact]
    public async Task Enqueue_refuses_what_the_clients_refuse_and_records_nothing()
    {
        // Oracle: the item is valid exactly when the SDK's normalizer accepts the value and any expiry is in the future.
        await using var outbox = Outbox();
        var now = DateTimeOffset.UtcNow;
        var values = Gen.OneOf(Gen.String, Gen.Const("jane@acme.com"), Gen.Const(" Jane@Acme.com "), Gen.Const("acme.com"), Gen.Const("https://www.linkedin.com/in/jane"), Gen.Const("no at sign"), Gen.Const("a@b"));
        var gen = Gen.Select(Gen.Enum<ExclusionTargetType>(), values, Gen.Int[-3, 3]);
        var valid = 0;
        await gen.SampleAsync(
            async sample =>
            {
                var (type, value, untilDays) = sample;
                var expectedValid = ExclusionTarget.TryCreate(type, value, out _, out _) && untilDays != 0 && (untilDays > 0 || untilDays == -3);
                var threw = false;
                try
                {
                    var target = ExclusionTarget.Create(type, value);
                    DateTimeOffset? until = untilDays == -3 ? null : now.AddDays(untilDays);
                    await outbox.EnqueueAsync([OutboxItem.Add(new ExclusionRequest(target, null, null, until))]);
                    valid++;
                }
                catch (ArgumentException)
                {
                    threw = true;
                }

                return threw != expectedValid;
            },
            iter: 200);

        Assert.Equal(valid * 2, (await outbox.GetStatusAsync()).Pending);
    }

    [Fact]
    public async Task A_past_until_is_refused_like_the_topo_client_refuses_it_and_nothing_is_enqueued()
    {
        await using var emulator = await ExclusionsEmulator.StartAsync();
        var services = new ServiceCollection();
        services.AddExclusionsEmulator(emulator);
        await using var provider = services.BuildServiceProvider();
        var past = new ExclusionRequest(ExclusionTarget.Email("past@acme.com"), null, null, DateTimeOffset.UtcNow.AddMinutes(-1));
        var fine = new ExclusionRequest(ExclusionTarget.Email("fine@acme.com"));
        var topo = provider.GetServices<IExclusionClient>().Single(c => c.Provider == ExclusionProvider.Topo);
        await Assert.ThrowsAsync<ArgumentException>(() => topo.AddAsync([fine, past]));

        await using var outbox = Outbox();
        var error = await Assert.ThrowsAsync<ArgumentException>(() => outbox.EnqueueAsync([OutboxItem.Add(fine), OutboxItem.Add(past), null!]));

        Assert.Contains("2 of 3 items are invalid; nothing was enqueued", error.Message, StringComparison.Ordinal);
        Assert.Contains("item [1] 'add email:past@acme.com': Until", error.Message, StringComparison.Ordinal);
        Assert.Contains("item [2] (null)", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, (await outbox.GetStatusAsync()).Pending);
        Assert.Throws<ArgumentNullException>(() => OutboxItem.Add((ExclusionRequest)null!));
        Assert.Throws<ArgumentException>(() => OutboxItem.Add(ExclusionTarget.Email("not an address")));
    }

    [Theory]
    [InlineData("garbage")]
    [InlineData("truncated")]
    [InlineData("directory")]
    public async Task A_corrupted_or_unreadable_store_file_is_a_clear_error_naming_the_file(string damage)
    {
        var path = Path.Combine(_directory, "damaged.db");
        switch (damage)
        {
            case "garbage":
                await File.WriteAllBytesAsync(path, Enumerable.Range(0, 8192).Select(i => (byte)(i * 7919 % 251)).ToArray());
                break;
            case "truncated":
                await using (var outbox = Outbox("damaged.db"))
                {
                    await outbox.EnqueueAsync([OutboxItem.Add(ExclusionTarget.Email("kept@acme.com"))]);
                }

                Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
                foreach (var side in new[] { path + "-wal", path + "-shm" })
                {
                    File.Delete(side);
                }

                var bytes = await File.ReadAllBytesAsync(path);
                await File.WriteAllBytesAsync(path, bytes[..100].Concat(new byte[200]).ToArray());
                break;
            default:
                Directory.CreateDirectory(path);
                break;
        }

        await using var damaged = Outbox("damaged.db");
        var error = await Assert.ThrowsAsync<ExclusionOutboxStoreException>(() => damaged.GetStatusAsync());
        Assert.Contains(path, error.Message, StringComparison.Ordinal);
        var enqueue = await Assert.ThrowsAsync<ExclusionOutboxStoreException>(() => damaged.EnqueueAsync([OutboxItem.Add(ExclusionTarget.Email("new@acme.com"))]));
        Assert.Contains(path, enqueue.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_directory_is_named_not_created()
    {
        var path = Path.Combine(_directory, "no-such-dir", "outbox.db");
        await using var outbox = new ExclusionOutbox(new ExclusionOutboxOptions { SqlitePath = path }, [ExclusionProvider.Topo]);
        var error = await Assert.ThrowsAsync<ExclusionOutboxStoreException>(() => outbox.InitializeAsync());
        Assert.Contains(path, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_inspecting_outbox_never_creates_a_store_or_tables()
    {
        var missing = Path.Combine(_directory, "typo.db");
        await using (var outbox = new ExclusionOutbox(new ExclusionOutboxOptions { SqlitePath = missing, CreateStoreIfMissing = false }))
        {
            var error = await Assert.ThrowsAsync<ExclusionOutboxStoreException>(() => outbox.GetStatusAsync());
            Assert.Contains(missing, error.Message, StringComparison.Ordinal);
            Assert.Contains("does not exist", error.Message, StringComparison.Ordinal);
        }

        Assert.False(File.Exists(missing));

        // Another application's SQLite file: named, and left without outbox tables.
        var foreign = Path.Combine(_directory, "app.db");
        await using (var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={foreign}"))
        {
            await connection.OpenAsync();
            await using var create = connection.CreateCommand();
            create.CommandText = "CREATE TABLE users (id INTEGER PRIMARY KEY)";
            await create.ExecuteNonQueryAsync();
        }

        await using (var outbox = new ExclusionOutbox(new ExclusionOutboxOptions { SqlitePath = foreign, CreateStoreIfMissing = false }))
        {
            var error = await Assert.ThrowsAsync<ExclusionOutboxStoreException>(() => outbox.GetStatusAsync());
            Assert.Contains(foreign, error.Message, StringComparison.Ordinal);
            Assert.Contains("has no outbox tables", error.Message, StringComparison.Ordinal);
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        await using (var check = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={foreign}"))
        {
            await check.OpenAsync();
            await using var tables = check.CreateCommand();
            tables.CommandText = "SELECT group_concat(name) FROM sqlite_master WHERE type = 'table'";
            Assert.Equal("users", await tables.ExecuteScalarAsync());
        }
    }

    [Theory]
    [InlineData("postgresql://app:s3cr%40t@db.internal:6543/opt_outs?sslmode=require", "db.internal", 6543, "opt_outs", "app", "s3cr@t")]
    [InlineData("postgres://app@db.internal/opt_outs", "db.internal", 5432, "opt_outs", "app", null)]
    [InlineData("Host=db.internal;Port=6543;Database=opt_outs;Username=app;Password=s3cr@t", "db.internal", 6543, "opt_outs", "app", "s3cr@t")]
    public void A_postgresql_url_or_connection_string_is_read_and_described_without_the_password(string value, string host, int port, string database, string user, string? password)
    {
        var builder = Storage.PostgresConnectionString.Parse(value);
        Assert.Equal((host, port, database, user, password), (builder.Host, builder.Port, builder.Database, builder.Username, builder.Password));
        var options = new ExclusionOutboxOptions { Store = OutboxStoreKind.PostgreSql, PostgresConnectionString = value };
        Assert.Empty(options.Validate());
        Assert.Equal($"postgresql://{host}:{port}/{database}", options.DescribeStore());
    }

    [Theory]
    [InlineData("postgresql://app:hunter2@/nohost")]
    [InlineData("postgresql://app:hunter2@db/x?frobnicate=1")]
    [InlineData("Host=db;Password=hunter2;Frobnicate=1")]
    public void An_unreadable_postgresql_setting_is_refused_without_repeating_it(string value)
    {
        var options = new ExclusionOutboxOptions { Store = OutboxStoreKind.PostgreSql, PostgresConnectionString = value };
        var error = Assert.Single(options.Validate());
        Assert.DoesNotContain("hunter2", error, StringComparison.Ordinal);
        var thrown = Assert.Throws<ArgumentException>(() => new ExclusionOutbox(options));
        Assert.DoesNotContain("hunter2", thrown.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", options.DescribeStore(), StringComparison.Ordinal);
    }
}
