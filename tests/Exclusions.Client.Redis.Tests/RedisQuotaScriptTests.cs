using StackExchange.Redis;

namespace Exclusions.Client.Redis.Tests;

/// <summary>The admission script against a real Redis: the bound, the server's clock, release, expiry.</summary>
[Collection(RedisCollection.Name)]
public sealed class RedisQuotaScriptTests(RedisFixture fixture)
{
    private readonly RedisServer _redis = fixture.Server;

    [SkippableFact]
    public async Task Reservations_from_many_concurrent_callers_never_put_more_than_the_limit_in_any_window()
    {
        _redis.RequireRunning();
        await using var connection = await _redis.ConnectAsync();
        var database = connection.GetDatabase();
        RedisKey key = "test:script:" + Guid.NewGuid().ToString("N");
        const int limit = 10;
        var window = TimeSpan.FromMilliseconds(500);

        var reservations = await Task.WhenAll(Enumerable.Range(0, 300).Select(i =>
            RedisQuotaScript.ReserveAsync(database, key, limit, window, "m" + i)));

        // The send times in the server's clock, in order: any limit + 1 consecutive ones span a window.
        var sendTimes = reservations.Select(r => r.ServerNowMicros + (r.Wait.Ticks / 10)).Order().ToArray();
        for (var i = limit; i < sendTimes.Length; i++)
        {
            Assert.True(sendTimes[i] - sendTimes[i - limit] >= window.Ticks / 10, $"reservations {i - limit} and {i} are closer than a window");
        }

        // And none is wasted: the 300 fit in 30 windows (the first ten at once).
        Assert.InRange(sendTimes[^1] - sendTimes[0], 29 * window.Ticks / 10, 30 * window.Ticks / 10);
        Assert.Equal(limit, reservations.Count(r => r.Wait == TimeSpan.Zero));
    }

    [SkippableFact]
    public async Task The_time_is_the_Redis_servers_and_the_turns_follow_arrival_order()
    {
        _redis.RequireRunning();
        await using var connection = await _redis.ConnectAsync();
        var database = connection.GetDatabase();
        RedisKey key = "test:script:" + Guid.NewGuid().ToString("N");

        var serverTime = (RedisResult[])(await database.ExecuteAsync("TIME"))!;
        var serverMicros = (long.Parse((string)serverTime[0]!, System.Globalization.CultureInfo.InvariantCulture) * 1_000_000) + long.Parse((string)serverTime[1]!, System.Globalization.CultureInfo.InvariantCulture);
        var waits = new List<TimeSpan>();
        var turns = new List<long>();
        long firstNow = 0;
        for (var i = 0; i < 5; i++)
        {
            var reservation = await RedisQuotaScript.ReserveAsync(database, key, 2, TimeSpan.FromSeconds(10), "m" + i);
            firstNow = firstNow == 0 ? reservation.ServerNowMicros : firstNow;
            waits.Add(reservation.Wait);

            // When the turn comes, on the server's clock: a wait is relative to its own call's "now", so two
            // waits alone cannot be compared (a later call may be given a shorter wait for a later turn).
            turns.Add(reservation.ServerNowMicros + (reservation.Wait.Ticks / 10));
        }

        Assert.InRange(firstNow - serverMicros, 0, 1_000_000);
        Assert.DoesNotContain("ARGV[4]", RedisQuotaScript.Reserve, StringComparison.Ordinal);
        Assert.Contains("redis.call('TIME')", RedisQuotaScript.Reserve, StringComparison.Ordinal);

        // Two now, two a window later, one two windows later: each caller after the one before it.
        Assert.Equal(TimeSpan.Zero, waits[0]);
        Assert.Equal(TimeSpan.Zero, waits[1]);
        Assert.InRange(waits[2], TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(10));
        Assert.InRange(turns[2] - turns[0], 9_900_000, 10_100_000);
        Assert.True(turns[3] >= turns[2], $"turn 4 at {turns[3]} µs is before turn 3 at {turns[2]} µs");
        Assert.InRange(waits[4], TimeSpan.FromSeconds(15), TimeSpan.FromSeconds(20));
        Assert.InRange(turns[4] - turns[0], 19_900_000, 20_100_000);
    }

    [SkippableFact]
    public async Task A_released_reservation_frees_its_turn_and_every_budget_expires()
    {
        _redis.RequireRunning();
        await using var connection = await _redis.ConnectAsync();
        var database = connection.GetDatabase();
        RedisKey key = "test:script:" + Guid.NewGuid().ToString("N");
        var window = TimeSpan.FromSeconds(5);

        await RedisQuotaScript.ReserveAsync(database, key, 1, window, "first");
        var second = await RedisQuotaScript.ReserveAsync(database, key, 1, window, "second");
        Assert.InRange(second.Wait, TimeSpan.FromSeconds(4.9), window);

        await RedisQuotaScript.ReleaseAsync(database, key, "second");
        await database.PingAsync();
        var third = await RedisQuotaScript.ReserveAsync(database, key, 1, window, "third");
        Assert.InRange(third.Wait, TimeSpan.FromSeconds(4.9), window);

        // The key lives one window past its last reservation (plus a second), then Redis drops it.
        var ttl = await database.KeyTimeToLiveAsync(key);
        Assert.NotNull(ttl);
        Assert.InRange(ttl.Value, TimeSpan.FromSeconds(9), TimeSpan.FromSeconds(11));
    }
}
