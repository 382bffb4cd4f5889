using System.Diagnostics.CodeAnalysis;
using Exclusions.Client.DependencyInjection;
using Exclusions.Client.Diagnostics;
using Exclusions.Client.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Polly;
using Polly.CircuitBreaker;
using Polly.Retry;
using Polly.Timeout;

namespace Exclusions.Client.Resilience;

/// <summary>
/// Builds the SDK's resilience pipeline for one vendor client, outermost first: total timeout → retry
/// (Retry-After aware) → circuit breaker → quota limiter (per API key) → attempt timeout. The
/// per-attempt handler (logging, replay mark) and the auth handler run inside it.
/// </summary>
internal static class ExclusionsPipeline
{
    public const string PipelineName = "exclusions";

    [UnconditionalSuppressMessage(
        "Trimming",
        "IL2026:RequiresUnreferencedCode",
        Justification = "AddStrategy validates the strategy options with data annotations; QuotaLimiterStrategyOptions declares none, so nothing the trimmer removes is read.")]
    public static void Configure<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicParameterlessConstructor)] TOptions>(ResiliencePipelineBuilder<HttpResponseMessage> builder, ResilienceHandlerContext context, VendorClientName name)
        where TOptions : ExclusionClientOptions
    {
        var client = name.HttpClient;
        context.EnableReloads<TOptions>(name.Options);
        var options = context.GetOptions<TOptions>(name.Options);
        var resilience = options.Resilience;
        var services = context.ServiceProvider;
        var time = services.GetService<TimeProvider>() ?? TimeProvider.System;
        var logger = services.GetService<ILoggerFactory>()?.CreateLogger(ExclusionsLog.Category) ?? NullLogger.Instance;
        builder.TimeProvider = time;

        if (resilience.UseDefaultPipeline)
        {
            builder.AddTimeout(new TimeoutStrategyOptions { Name = "TotalTimeout", Timeout = resilience.TotalTimeout });
            if (resilience.MaxRetries > 0)
            {
                builder.AddRetry(RetryOptions(resilience, time, logger, client));
            }

            builder.AddCircuitBreaker(CircuitBreakerOptions(resilience, logger, client));
        }

        var monitor = services.GetRequiredService<Microsoft.Extensions.Options.IOptionsMonitor<TOptions>>();
        // A shared (multi-process) budget when one is registered for this client, else the in-process one.
        var quota = new QuotaResolver(name.Vendor, services.GetRequiredService<QuotaLimiters>(), services.GetKeyedService<SharedQuotaLimiter>(client));
        builder.AddStrategy(_ => new QuotaLimiterStrategy(() => quota.Resolve(monitor.Get(name.Options)), logger, client), new QuotaLimiterStrategyOptions());

        if (resilience.UseDefaultPipeline)
        {
            builder.AddTimeout(new TimeoutStrategyOptions { Name = "AttemptTimeout", Timeout = resilience.AttemptTimeout });
        }
    }

    /// <summary>The delay before retry number <paramref name="attempt"/> (0-based): Retry-After when given (capped), else exponential back-off with jitter.</summary>
    internal static TimeSpan RetryDelay(Outcome<HttpResponseMessage> outcome, int attempt, ExclusionResilienceOptions options, TimeProvider time, Func<double> random)
    {
        if (outcome.Result is { } response && RetryAfter.Parse(response.Headers, time.GetUtcNow()) is { } retryAfter)
        {
            return retryAfter < options.MaxRetryAfter ? retryAfter : options.MaxRetryAfter;
        }

        var exponential = options.BaseDelay.TotalMilliseconds * Math.Pow(2, Math.Min(attempt, 30));
        var capped = Math.Min(exponential, options.MaxDelay.TotalMilliseconds);

        // ±20 % jitter, as the Azure SDK does, so that clients that failed together do not retry together.
        var jittered = capped * (0.8 + (0.4 * random()));
        return TimeSpan.FromMilliseconds(Math.Min(jittered, options.MaxDelay.TotalMilliseconds));
    }

    private static RetryStrategyOptions<HttpResponseMessage> RetryOptions(ExclusionResilienceOptions resilience, TimeProvider time, ILogger logger, string client) => new()
    {
        Name = "Retry",
        MaxRetryAttempts = resilience.MaxRetries,

        // Every endpoint the SDK calls may be retried: reads, PUT/PATCH/DELETE are idempotent; a Topo
        // create's replay meets a 409 that TopoExclusionsClient reconciles; Amplemarket's bulk
        // status mapper reconciles "duplicated"/"not_found" on replays (RequestReplay).
        ShouldHandle = args => ValueTask.FromResult(TransientFailures.IsRetryable(args.Outcome)),
        DelayGenerator = args => ValueTask.FromResult<TimeSpan?>(RetryDelay(args.Outcome, args.AttemptNumber, resilience, time, Random.Shared.NextDouble)),
        OnRetry = args =>
        {
            var replay = args.Context.Properties.GetValue(PipelineProperties.PossiblyApplied, false) || TransientFailures.MayHaveBeenApplied(args.Outcome);
            var request = args.Context.GetRequestMessage();
            if (replay)
            {
                args.Context.Properties.Set(PipelineProperties.PossiblyApplied, true);
                if (request is not null)
                {
                    RequestReplay.Mark(request);
                }
            }

            var reason = TransientFailures.Describe(args.Outcome);
            ExclusionsLog.Retrying(
                logger,
                client,
                request?.Method.Method ?? "?",
                RequestDescription.Path(request),
                args.AttemptNumber + 1,
                resilience.MaxRetries,
                args.RetryDelay.TotalMilliseconds,
                reason,
                replay ? "; the previous attempt may have been applied" : string.Empty);
            ExclusionsTelemetry.Retries.Add(
                1,
                new KeyValuePair<string, object?>("exclusions.client", client),
                new KeyValuePair<string, object?>("exclusions.retry.reason", reason));
            return default;
        },
    };

    private static CircuitBreakerStrategyOptions<HttpResponseMessage> CircuitBreakerOptions(ExclusionResilienceOptions resilience, ILogger logger, string client) => new()
    {
        Name = "CircuitBreaker",
        FailureRatio = resilience.CircuitBreakerFailureRatio,
        MinimumThroughput = resilience.CircuitBreakerMinimumThroughput,
        SamplingDuration = resilience.CircuitBreakerSamplingDuration,
        BreakDuration = resilience.CircuitBreakerBreakDuration,
        ShouldHandle = args => ValueTask.FromResult(TransientFailures.IsServiceFailure(args.Outcome)),
        OnOpened = args =>
        {
            ExclusionsLog.CircuitOpened(logger, client, args.BreakDuration.TotalMilliseconds, TransientFailures.Describe(args.Outcome));
            return default;
        },
        OnClosed = _ =>
        {
            ExclusionsLog.CircuitClosed(logger, client);
            return default;
        },
    };

    private sealed class QuotaLimiterStrategyOptions : ResilienceStrategyOptions
    {
        public QuotaLimiterStrategyOptions()
        {
            Name = "QuotaLimiter";
        }
    }
}
