using System.Collections.Concurrent;
using StackExchange.Redis;

namespace Exclusions.Client.Redis;

/// <summary>
/// The Redis connections the limiters open from configuration strings, one per string and service
/// provider (both vendor clients share it), disposed with the provider. Connections from DI are the
/// application's and are not disposed here.
/// </summary>
internal sealed class RedisConnections : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, Lazy<Task<IConnectionMultiplexer>>> _connections = new(StringComparer.Ordinal);

    public Task<IConnectionMultiplexer> GetAsync(string configuration, TimeSpan connectTimeout, TimeSpan operationTimeout)
    {
        var lazy = _connections.GetOrAdd(configuration, c => new Lazy<Task<IConnectionMultiplexer>>(() => ConnectAsync(c, connectTimeout, operationTimeout)));
        var task = lazy.Value;
        if (task.IsFaulted || task.IsCanceled)
        {
            // A configuration that could not even be parsed or started: try afresh next time.
            _connections.TryRemove(new KeyValuePair<string, Lazy<Task<IConnectionMultiplexer>>>(configuration, lazy));
        }

        return task;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var lazy in _connections.Values)
        {
            if (lazy.IsValueCreated && lazy.Value.IsCompletedSuccessfully)
            {
                await lazy.Value.Result.DisposeAsync().ConfigureAwait(false);
            }
        }

        _connections.Clear();
    }

    private static async Task<IConnectionMultiplexer> ConnectAsync(string configuration, TimeSpan connectTimeout, TimeSpan operationTimeout)
    {
        var options = ConfigurationOptions.Parse(configuration);

        // Never block the SDK on a dead Redis: keep reconnecting in the background, fail commands at
        // once while disconnected (no backlog), and time out quickly.
        options.AbortOnConnectFail = false;
        options.BacklogPolicy = BacklogPolicy.FailFast;
        options.ConnectTimeout = Math.Min(options.ConnectTimeout, (int)connectTimeout.TotalMilliseconds);
        options.AsyncTimeout = Math.Min(options.AsyncTimeout, Math.Max((int)operationTimeout.TotalMilliseconds, 1000));
        options.ReconnectRetryPolicy = new LinearRetry(1000);
        options.ClientName ??= "Exclusions.Client";
        return await ConnectionMultiplexer.ConnectAsync(options).ConfigureAwait(false);
    }
}
