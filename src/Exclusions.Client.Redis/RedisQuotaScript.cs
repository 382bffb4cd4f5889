using StackExchange.Redis;

namespace Exclusions.Client.Redis;

/// <summary>
/// The admission step, one atomic Lua script per request. The budget is a sorted set of reserved send
/// times (microseconds of the Redis server's clock). Each request reserves the earliest time <c>t</c> that
/// is not before now, not before the latest reservation, and at least one window after the reservation
/// <c>limit</c> places back. Reservations are therefore made in increasing order, and any
/// <c>limit + 1</c> consecutive ones span at least a window: no window ever holds more than
/// <c>limit</c>. The caller then waits <c>t - now</c> and sends.
/// </summary>
/// <remarks>
/// Why this shape: the time is the server's (<c>TIME</c>), so machines whose clocks disagree cannot break
/// the bound; the read and the write are one script, so there is no race between processes; and a
/// caller gets a definite turn in one round trip (arrival order at Redis, no polling), so nobody starves.
/// A cancelled caller gives its reservation back (<see cref="ReleaseAsync"/>); removing a reservation
/// never invalidates the others. Entries older than a window are trimmed, and the key expires one
/// window after its last reservation.
/// </remarks>
internal static class RedisQuotaScript
{
    /// <summary>KEYS[1]: the budget. ARGV: limit, window (µs), member. Returns { wait µs, server now µs }.</summary>
    public const string Reserve = """
        local limit = tonumber(ARGV[1])
        local window = tonumber(ARGV[2])
        local time = redis.call('TIME')
        local now = tonumber(time[1]) * 1000000 + tonumber(time[2])
        redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
        local count = redis.call('ZCARD', KEYS[1])
        local slot = now
        if count > 0 then
          local last = tonumber(redis.call('ZRANGE', KEYS[1], -1, -1, 'WITHSCORES')[2])
          if last > slot then slot = last end
          if count >= limit then
            local back = tonumber(redis.call('ZRANGE', KEYS[1], count - limit, count - limit, 'WITHSCORES')[2])
            if back + window > slot then slot = back + window end
          end
        end
        redis.call('ZADD', KEYS[1], slot, ARGV[3])
        redis.call('PEXPIRE', KEYS[1], math.ceil((slot - now + window) / 1000) + 1000)
        return { slot - now, now }
        """;

    /// <summary>Reserves the earliest free send time; returns how long to wait for it.</summary>
    public static async Task<Reservation> ReserveAsync(IDatabaseAsync database, RedisKey key, int limit, TimeSpan window, string member)
    {
        var windowMicros = checked(window.Ticks / 10);
        var result = (RedisResult[]?)await database.ScriptEvaluateAsync(Reserve, [key], [limit, windowMicros, member]).ConfigureAwait(false)
            ?? throw new RedisException("The rate-limit script returned no result.");
        return new Reservation(TimeSpan.FromTicks((long)result[0] * 10), (long)result[1]);
    }

    /// <summary>Gives a reservation back (a cancelled caller); best effort, not awaited by callers.</summary>
    public static Task ReleaseAsync(IDatabaseAsync database, RedisKey key, string member)
        => database.SortedSetRemoveAsync(key, member, CommandFlags.FireAndForget);

    /// <param name="Wait">How long until the reserved send time.</param>
    /// <param name="ServerNowMicros">The Redis server's clock when it reserved, in µs since the Unix epoch.</param>
    public readonly record struct Reservation(TimeSpan Wait, long ServerNowMicros);
}
