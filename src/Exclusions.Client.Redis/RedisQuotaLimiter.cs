using System.Security.Cryptography;
using Exclusions.Client.Resilience;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace Exclusions.Client.Redis;

/// <summary>
/// A vendor client's rate limit shared through Redis (see <see cref="RedisQuotaScript"/> for the
/// admission rule). While Redis fails it falls back as <see cref="RedisRateLimiterOptions.Fallback"/>
/// says, logs one warning per outage (and one line when Redis answers again), and tries Redis again
/// after <see cref="RedisRateLimiterOptions.RetryAfterFailure"/>; no call waits on Redis itself longer
/// than <see cref="RedisRateLimiterOptions.OperationTimeout"/>.
/// </summary>
internal sealed class RedisQuotaLimiter : SharedQuotaLimiter
{
    private static readonly TimeSpan WaitForRedisPollInterval = TimeSpan.FromSeconds(1);

    private readonly Func<Task<IConnectionMultiplexer>> _connect;
    private readonly RedisRateLimiterOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly string _client;
    private readonly string _memberPrefix = Convert.ToHexString(RandomNumberGenerator.GetBytes(8)) + ":";
    private readonly object _gate = new();
    private long _sequence;
    private bool _answeredOnce;
    private bool _unavailable;
    private long _unavailableSince;
    private long _retryAt;

    public RedisQuotaLimiter(string client, Func<Task<IConnectionMultiplexer>> connect, RedisRateLimiterOptions options, TimeProvider time, ILogger logger)
    {
        _client = client;
        _connect = connect;
        _options = options;
        _time = time;
        _logger = logger;
    }

    /// <summary>Whether permits come from the fallback now (Redis failed and has not answered since).</summary>
    public bool IsFallingBack => Volatile.Read(ref _unavailable);

    /// <summary>The client (HttpClient name) this limiter serves.</summary>
    public string ClientName => _client;

    /// <summary>The Redis key of a scope's budget: the prefix, the client and the key's hash only.</summary>
    public RedisKey KeyFor(QuotaScope scope) => _options.KeyPrefix + scope.ClientName + ":" + scope.ApiKeyHash;

    public override async ValueTask<TimeSpan?> TryAcquireAsync(QuotaScope scope, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scope);
        var started = _time.GetTimestamp();
        var waitedForRedis = false;
        while (true)
        {
            if (!IsFallingBack || waitedForRedis || _time.GetTimestamp() >= Volatile.Read(ref _retryAt))
            {
                if (await TryReserveAsync(scope, cancellationToken).ConfigureAwait(false) is { } wait)
                {
                    return waitedForRedis ? _time.GetElapsedTime(started) : wait;
                }
            }

            if (_options.Fallback == RedisRateLimiterFallback.InProcessLimit)
            {
                RedisTelemetry.FallbackPermits.Add(1, RedisTelemetry.ClientTag(_client));
                return null;
            }

            waitedForRedis = true;
            await Task.Delay(WaitForRedisPollInterval, _time, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Asks Redis for a PING within the operation timeout; the failure's description, or <see langword="null"/> when it answered.</summary>
    public async Task<string?> PingAsync(CancellationToken cancellationToken)
    {
        try
        {
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            deadline.CancelAfter(_options.OperationTimeout);
            var connection = await _connect().WaitAsync(deadline.Token).ConfigureAwait(false);
            await connection.GetDatabase().PingAsync().WaitAsync(deadline.Token).ConfigureAwait(false);
            return null;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
#pragma warning disable CA1031 // A failed probe is a finding, not an error.
        catch (Exception e)
#pragma warning restore CA1031
        {
            return Describe(e);
        }
    }

    private async Task<TimeSpan?> TryReserveAsync(QuotaScope scope, CancellationToken cancellationToken)
    {
        var key = KeyFor(scope);
        var member = _memberPrefix + Interlocked.Increment(ref _sequence).ToString(System.Globalization.CultureInfo.InvariantCulture);
        IDatabase database;
        RedisQuotaScript.Reservation reservation;
        try
        {
            // One deadline for connecting and the script together: a dead Redis costs at most this. Until
            // Redis first answers, the (longer) connect timeout: a cold process connects and loads the script.
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            deadline.CancelAfter(Volatile.Read(ref _answeredOnce) ? _options.OperationTimeout : _options.ConnectTimeout);
            var connection = await _connect().WaitAsync(deadline.Token).ConfigureAwait(false);
            database = connection.GetDatabase();
            reservation = await RedisQuotaScript.ReserveAsync(database, key, scope.PermitLimit, scope.Window, member).WaitAsync(deadline.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
#pragma warning disable CA1031 // Any failure of Redis means "fall back", never a failed call.
        catch (Exception e)
#pragma warning restore CA1031
        {
            MarkUnavailable(e);
            return null;
        }

        Volatile.Write(ref _answeredOnce, true);
        MarkAvailable();
        if (reservation.Wait > TimeSpan.Zero)
        {
            try
            {
                await Task.Delay(reservation.Wait, _time, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // The reserved turn will not be used: give it back so that it does not cost the others.
                _ = RedisQuotaScript.ReleaseAsync(database, key, member);
                throw;
            }
        }

        return reservation.Wait;
    }

    private void MarkUnavailable(Exception exception)
    {
        var now = _time.GetTimestamp();
        bool first;
        lock (_gate)
        {
            first = !_unavailable;
            if (first)
            {
                _unavailable = true;
                _unavailableSince = now;
            }

            Volatile.Write(ref _retryAt, now + (long)(_options.RetryAfterFailure.TotalSeconds * _time.TimestampFrequency));
        }

        if (first)
        {
            RedisTelemetry.Outages.Add(1, RedisTelemetry.ClientTag(_client));
            RedisLog.Unavailable(
                _logger,
                _client,
                Describe(exception),
                _options.Fallback == RedisRateLimiterFallback.InProcessLimit ? "using the per-process limit meanwhile" : "waiting for Redis",
                _options.RetryAfterFailure.TotalSeconds);
        }
    }

    private void MarkAvailable()
    {
        if (!Volatile.Read(ref _unavailable))
        {
            return;
        }

        long since;
        lock (_gate)
        {
            if (!_unavailable)
            {
                return;
            }

            _unavailable = false;
            since = _unavailableSince;
        }

        RedisLog.Recovered(_logger, _client, _time.GetElapsedTime(since).TotalSeconds);
    }

    /// <summary>The failure's kind and first line: StackExchange.Redis messages name endpoints and commands, never passwords.</summary>
    private static string Describe(Exception exception)
    {
        var message = exception is OperationCanceledException ? "no answer within the operation timeout" : exception.Message;
        var firstLine = message.Split('\n', 2)[0].Trim();
        if (firstLine.Length > 200)
        {
            firstLine = firstLine[..200] + "…";
        }

        return exception.GetType().Name + ": " + firstLine;
    }
}
