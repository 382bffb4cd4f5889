using Exclusions.Client.Redis;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

#pragma warning disable IDE0130 // Extension methods live in the DI namespace, as ASP.NET Core's do.
namespace Microsoft.Extensions.DependencyInjection;
#pragma warning restore IDE0130

/// <summary>
/// Shares a vendor client's rate limit with every process that uses the same Redis and API key:
/// <c>services.AddAmplemarketExclusions(...).AddRedisRateLimiter("127.0.0.1:6379")</c>.
/// </summary>
public static class RedisRateLimiterHttpClientBuilderExtensions
{
    /// <summary>
    /// Takes this client's rate-limit permits from a budget in Redis, shared by every process that uses
    /// the same Redis, vendor and API key: at most <c>RequestsPerMinute</c> requests in any window,
    /// retries included, summed over all of them. Callers wait their turn. While Redis is unreachable
    /// the client falls back as <see cref="RedisRateLimiterOptions.Fallback"/> says (by default, to the
    /// per-process limit) and logs one warning.
    /// </summary>
    /// <param name="builder">The builder that <c>AddTopoExclusions</c> or <c>AddAmplemarketExclusions</c> returned.</param>
    /// <param name="configuration">A StackExchange.Redis configuration string, e.g. <c>127.0.0.1:6379</c>.</param>
    /// <returns>The builder.</returns>
    public static IHttpClientBuilder AddRedisRateLimiter(this IHttpClientBuilder builder, string configuration)
        => AddRedisRateLimiter(builder, configuration, static _ => { });

    /// <summary>
    /// As <see cref="AddRedisRateLimiter(IHttpClientBuilder, string)"/>, with further settings
    /// (key prefix, fallback, timeouts).
    /// </summary>
    /// <param name="builder">The builder that <c>AddTopoExclusions</c> or <c>AddAmplemarketExclusions</c> returned.</param>
    /// <param name="configuration">A StackExchange.Redis configuration string, e.g. <c>127.0.0.1:6379</c>.</param>
    /// <param name="configure">Changes the other <see cref="RedisRateLimiterOptions"/>.</param>
    /// <returns>The builder.</returns>
    public static IHttpClientBuilder AddRedisRateLimiter(this IHttpClientBuilder builder, string configuration, Action<RedisRateLimiterOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        ArgumentException.ThrowIfNullOrWhiteSpace(configuration);
        return AddRedisRateLimiter(builder, options =>
        {
            options.Configuration = configuration;
            configure(options);
        });
    }

    /// <summary>
    /// As <see cref="AddRedisRateLimiter(IHttpClientBuilder, string)"/>, with the
    /// <see cref="IConnectionMultiplexer"/> registered in dependency injection (or the
    /// <see cref="RedisRateLimiterOptions.Configuration"/> of named options bound under the HttpClient's name).
    /// </summary>
    /// <param name="builder">The builder that <c>AddTopoExclusions</c> or <c>AddAmplemarketExclusions</c> returned.</param>
    /// <returns>The builder.</returns>
    public static IHttpClientBuilder AddRedisRateLimiter(this IHttpClientBuilder builder)
        => AddRedisRateLimiter(builder, static (RedisRateLimiterOptions _) => { });

    /// <summary>
    /// As <see cref="AddRedisRateLimiter(IHttpClientBuilder)"/>, with settings: the connection is
    /// <see cref="RedisRateLimiterOptions.Configuration"/> when set, else the
    /// <see cref="IConnectionMultiplexer"/> registered in dependency injection.
    /// </summary>
    /// <param name="builder">The builder that <c>AddTopoExclusions</c> or <c>AddAmplemarketExclusions</c> returned.</param>
    /// <param name="configure">Sets <see cref="RedisRateLimiterOptions"/>.</param>
    /// <returns>The builder.</returns>
    public static IHttpClientBuilder AddRedisRateLimiter(this IHttpClientBuilder builder, Action<RedisRateLimiterOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);
        var name = builder.Name;
        var services = builder.Services;
        services.AddOptions<RedisRateLimiterOptions>(name).Configure(configure);

        services.TryAddSingleton<RedisConnections>();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(new RedisRateLimitedClient(name));
        return builder.AddSharedQuotaLimiter(sp => Create(sp, name));
    }

    private static RedisQuotaLimiter Create(IServiceProvider services, string name)
    {
        var options = services.GetRequiredService<IOptionsMonitor<RedisRateLimiterOptions>>().Get(name);
        var errors = options.Validate();
        if (errors.Count > 0)
        {
            throw new OptionsValidationException(name, typeof(RedisRateLimiterOptions), errors);
        }

        Func<Task<IConnectionMultiplexer>> connect;
        if (options.Configuration is { } configuration)
        {
            var connections = services.GetRequiredService<RedisConnections>();
            connect = () => connections.GetAsync(configuration, options.ConnectTimeout, options.OperationTimeout);
        }
        else
        {
            var connection = services.GetService<IConnectionMultiplexer>()
                ?? throw new InvalidOperationException($"AddRedisRateLimiter() for '{name}' needs a Redis configuration string or an IConnectionMultiplexer registered in dependency injection.");
            var ready = Task.FromResult(connection);
            connect = () => ready;
        }

        var logger = services.GetService<ILoggerFactory>()?.CreateLogger(RedisLog.Category) ?? NullLogger.Instance;
        return new RedisQuotaLimiter(name, connect, options, services.GetService<TimeProvider>() ?? TimeProvider.System, logger);
    }
}
