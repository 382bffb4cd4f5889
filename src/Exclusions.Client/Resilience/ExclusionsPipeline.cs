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
        var monitor = services.GetRequiredService<Microsoft.Extensions.Options.IOptionsMonitor<TOptions>>();

        // A shared (multi-process) budget when one is registered for this client, else the in-process one.
        var quota = new QuotaResolver(name.Vendor, services.GetRequiredService<QuotaLimiters>(), services.GetKeyedService<SharedQuotaLimiter>(client));

        if (resilience.UseDefaultPipeline)
        {
            builder.AddTimeout(new TimeoutStrategyOptions { Name = "TotalTimeout", Timeout = resilience.TotalTimeout });
            if (resilience.MaxRetries > 0)
            {
                builder.AddRetry(RetryOptions(resilience, time, logger, client, () => quota.Resolve(monitor.Get(name.Options))));
            }

            builder.AddCircuitBreaker(CircuitBreakerOptions(resilience, logger, client));
        }

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

    private static RetryStrategyOptions<HttpResponseMessage> RetryOptions(
        ExclusionResilienceOptions resilience, TimeProvider time, ILogger logger, string client, Func<QuotaLimit?> quota) => new()
    {
        Name = "Retry",

        // Waits for the rate-limit budget do not count as retries: ShouldHandle bounds both kinds.
        MaxRetryAttempts = resilience.MaxRateLimitWait > TimeSpan.Zero ? int.MaxValue : resilience.MaxRetries,

        // Every endpoint the SDK calls may be retried: reads, PUT/PATCH/DELETE are idempotent; a Topo
        // create's replay meets a 409 that TopoExclusionsClient reconciles; Amplemarket's bulk
        // status mapper reconciles "duplicated"/"not_found" on replays (RequestReplay).
        ShouldHandle = args => ShouldRetryAsync(args.Outcome, args.Context, resilience, time, quota),
        DelayGenerator = args =>
        {
            if (args.Context.Properties.GetValue(PipelineProperties.RateLimitDelay, null) is { } budgetWait)
            {
                return ValueTask.FromResult<TimeSpan?>(budgetWait);
            }

            var ordinary = args.Context.Properties.GetValue(PipelineProperties.OrdinaryRetries, 0) - 1;
            return ValueTask.FromResult<TimeSpan?>(RetryDelay(args.Outcome, ordinary, resilience, time, Random.Shared.NextDouble));
        },
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
            if (args.Context.Properties.GetValue(PipelineProperties.RateLimitDelay, null) is not null)
            {
                args.Context.Properties.Set(PipelineProperties.RateLimitDelay, null);
                var waited = args.Context.Properties.GetValue(PipelineProperties.RateLimitWaited, TimeSpan.Zero);
                resilience.OnRateLimitWait?.Invoke(new RateLimitWait(client, args.RetryDelay, waited, resilience.MaxRateLimitWait));
            }

            ExclusionsTelemetry.Retries.Add(
                1,
                new KeyValuePair<string, object?>("exclusions.client", client),
                new KeyValuePair<string, object?>("exclusions.retry.reason", reason));
            return default;
        },
    };

    /// <summary>
    /// Whether to retry, and how: a 429 without Retry-After on a client with a per-minute budget waits
    /// as the budget implies, within <see cref="ExclusionResilienceOptions.MaxRateLimitWait"/> in total;
    /// every other retryable failure counts towards <see cref="ExclusionResilienceOptions.MaxRetries"/>.
    /// </summary>
    internal static async ValueTask<bool> ShouldRetryAsync(
        Outcome<HttpResponseMessage> outcome, ResilienceContext context, ExclusionResilienceOptions resilience, TimeProvider time, Func<QuotaLimit?> quota)
    {
        if (!TransientFailures.IsRetryable(outcome))
        {
            return false;
        }

        if (resilience.MaxRateLimitWait > TimeSpan.Zero
            && outcome.Result is { StatusCode: System.Net.HttpStatusCode.TooManyRequests } response
            && RetryAfter.Parse(response.Headers, time.GetUtcNow()) is null
            && quota() is { } budget)
        {
            var wait = await budget.Limiter.ReportRefusalAsync(context.CancellationToken).ConfigureAwait(false);
            var waited = context.Properties.GetValue(PipelineProperties.RateLimitWaited, TimeSpan.Zero) + wait;
            if (waited > resilience.MaxRateLimitWait)
            {
                return false;
            }

            context.Properties.Set(PipelineProperties.RateLimitWaited, waited);
            context.Properties.Set(PipelineProperties.RateLimitDelay, wait);
            return true;
        }

        var retries = context.Properties.GetValue(PipelineProperties.OrdinaryRetries, 0);
        if (retries >= resilience.MaxRetries)
        {
            return false;
        }

        context.Properties.Set(PipelineProperties.OrdinaryRetries, retries + 1);
        return true;
    }

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
