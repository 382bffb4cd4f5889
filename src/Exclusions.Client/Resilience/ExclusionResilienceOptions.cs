using System.Globalization;

#pragma warning disable IDE0130 // Options are part of the root surface, next to ExclusionClientOptions.
namespace Exclusions.Client;
#pragma warning restore IDE0130

/// <summary>
/// How the SDK's HTTP pipeline retries, times out and breaks the circuit. Bind from configuration
/// (e.g. <c>Exclusions:Topo:Resilience:MaxRetries</c>) or set in code. The pipeline, outermost first:
/// total timeout → retry (Retry-After aware) → circuit breaker → quota limiter (per API key) →
/// attempt timeout → logging and auth headers → the socket handler.
/// </summary>
/// <remarks>
/// To replace the pipeline, set <see cref="UseDefaultPipeline"/> to <see langword="false"/> and add your
/// own with <c>AddResilienceHandler(...)</c> on the <c>IHttpClientBuilder</c> that <c>AddTopoExclusions</c>
/// or <c>AddAmplemarketExclusions</c> returns. The quota limiter (the vendor's request budget) and the
/// per-attempt logging stay in place either way; a handler you add runs inside them.
/// </remarks>
public sealed class ExclusionResilienceOptions
{
    /// <summary>Default <see cref="MaxRetries"/>: 3, as the Azure SDK does.</summary>
    public const int DefaultMaxRetries = 3;

    /// <summary>The largest accepted <see cref="MaxRetries"/>.</summary>
    public const int MaxAllowedRetries = 10;

    /// <summary>
    /// Whether the SDK adds its retry, circuit breaker and timeouts. Default <see langword="true"/>.
    /// Set <see langword="false"/> to supply your own strategies (see the remarks on this class).
    /// </summary>
    public bool UseDefaultPipeline { get; set; } = true;

    /// <summary>
    /// Retries after the first attempt, 0..<see cref="MaxAllowedRetries"/>; default <see cref="DefaultMaxRetries"/>.
    /// Retried: 408, 429, 500, 502, 503, 504, network failures and attempt timeouts. 0 turns retries off.
    /// </summary>
    public int MaxRetries { get; set; } = DefaultMaxRetries;

    /// <summary>
    /// The first back-off delay; later ones double (with ±20 % jitter) up to <see cref="MaxDelay"/>.
    /// Default 0.8 s. Used when the response carries no <c>Retry-After</c>.
    /// </summary>
    public TimeSpan BaseDelay { get; set; } = TimeSpan.FromSeconds(0.8);

    /// <summary>The longest exponential back-off delay. Default 30 s.</summary>
    public TimeSpan MaxDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// The longest wait honoured from a <c>Retry-After</c> header (seconds or HTTP-date); longer
    /// values are cut to this. Default 60 s.
    /// </summary>
    public TimeSpan MaxRetryAfter { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>The limit for one attempt (one HTTP exchange); an attempt that exceeds it is retried. Default 30 s.</summary>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// The limit for a whole call: every attempt, back-off delay and wait for a rate-limit permit.
    /// Default 3 minutes. When it is exceeded the call throws <see cref="ExclusionTimeoutException"/>.
    /// </summary>
    public TimeSpan TotalTimeout { get; set; } = TimeSpan.FromMinutes(3);

    /// <summary>
    /// The share of failed attempts (5xx, 408, network errors, attempt timeouts; not 429) within
    /// <see cref="CircuitBreakerSamplingDuration"/> that opens the circuit, in (0, 1]. Default 0.5.
    /// </summary>
    public double CircuitBreakerFailureRatio { get; set; } = 0.5;

    /// <summary>Attempts needed within the sampling duration before the circuit may open, at least 2. Default 20.</summary>
    public int CircuitBreakerMinimumThroughput { get; set; } = 20;

    /// <summary>The window over which failures are counted. Default 30 s.</summary>
    public TimeSpan CircuitBreakerSamplingDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How long an open circuit rejects calls (with <see cref="ExclusionCircuitOpenException"/>) before one
    /// trial call is let through. Default 15 s.
    /// </summary>
    public TimeSpan CircuitBreakerBreakDuration { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>
    /// The span the vendor's request budget (<c>RequestsPerMinute</c>) is counted over: at most that many
    /// requests with one API key in any span this long. Default one minute, as the vendors count; change it
    /// only to match a server with a scaled-down window (such as a test emulator). At most one hour.
    /// </summary>
    public TimeSpan RateLimitWindow { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// The longest a call waits in total, over all its retries, for a vendor's per-minute budget after
    /// 429 answers without <c>Retry-After</c> (Amplemarket sends none), when the client has a budget
    /// (<c>RequestsPerMinute</c>). Each such 429 is retried after the wait the budget implies: until the
    /// oldest request this budget knows of in the last window leaves it, or a whole window when it knows
    /// of none. These retries do not count towards <see cref="MaxRetries"/> (but <see cref="MaxRetries"/> 0
    /// turns them off too). Default 2 minutes; zero treats such a 429 as any other retryable failure.
    /// <see cref="TotalTimeout"/> still bounds the whole call.
    /// </summary>
    public TimeSpan MaxRateLimitWait { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>
    /// Called before each wait described at <see cref="MaxRateLimitWait"/> (a 429 without <c>Retry-After</c>),
    /// e.g. to tell an operator <c>rate limit reached, waiting 41 s</c>. Called on the request's thread;
    /// keep it short and do not throw. Default none. Not bound from configuration.
    /// </summary>
    public Action<RateLimitWait>? OnRateLimitWait { get; set; }

    /// <summary>Returns the problems with these options; empty when they are valid.</summary>
    /// <param name="prefix">The path of these options, for the messages (e.g. <c>TopoOptions.Resilience</c>).</param>
    /// <returns>One message per problem.</returns>
    public IReadOnlyList<string> Validate(string prefix = nameof(ExclusionResilienceOptions))
    {
        var errors = new List<string>();
        if (MaxRetries is < 0 or > MaxAllowedRetries)
        {
            errors.Add(Invariant($"{prefix}.{nameof(MaxRetries)} must be between 0 and {MaxAllowedRetries}; got {MaxRetries}."));
        }

        RequirePositive(errors, prefix, nameof(BaseDelay), BaseDelay, allowZero: true);
        RequirePositive(errors, prefix, nameof(MaxDelay), MaxDelay, allowZero: true);
        RequirePositive(errors, prefix, nameof(MaxRetryAfter), MaxRetryAfter, allowZero: true);
        RequirePositive(errors, prefix, nameof(AttemptTimeout), AttemptTimeout);
        RequirePositive(errors, prefix, nameof(TotalTimeout), TotalTimeout);
        RequirePositive(errors, prefix, nameof(CircuitBreakerSamplingDuration), CircuitBreakerSamplingDuration);
        RequirePositive(errors, prefix, nameof(CircuitBreakerBreakDuration), CircuitBreakerBreakDuration);
        RequirePositive(errors, prefix, nameof(RateLimitWindow), RateLimitWindow);
        if (RateLimitWindow > TimeSpan.FromHours(1))
        {
            errors.Add(Invariant($"{prefix}.{nameof(RateLimitWindow)} must not exceed one hour; got {RateLimitWindow}."));
        }

        if (BaseDelay > MaxDelay)
        {
            errors.Add($"{prefix}.{nameof(BaseDelay)} must not exceed {nameof(MaxDelay)}.");
        }

        RequirePositive(errors, prefix, nameof(MaxRateLimitWait), MaxRateLimitWait, allowZero: true);
        if (AttemptTimeout > TotalTimeout)
        {
            errors.Add($"{prefix}.{nameof(AttemptTimeout)} must not exceed {nameof(TotalTimeout)}.");
        }

        if (double.IsNaN(CircuitBreakerFailureRatio) || CircuitBreakerFailureRatio is <= 0 or > 1)
        {
            errors.Add(Invariant($"{prefix}.{nameof(CircuitBreakerFailureRatio)} must be in (0, 1]; got {CircuitBreakerFailureRatio}."));
        }

        if (CircuitBreakerMinimumThroughput < 2)
        {
            errors.Add(Invariant($"{prefix}.{nameof(CircuitBreakerMinimumThroughput)} must be at least 2; got {CircuitBreakerMinimumThroughput}."));
        }

        return errors;
    }

    private static void RequirePositive(List<string> errors, string prefix, string name, TimeSpan value, bool allowZero = false)
    {
        if (value < TimeSpan.Zero || (!allowZero && value == TimeSpan.Zero))
        {
            errors.Add(Invariant($"{prefix}.{name} must be {(allowZero ? "zero or positive" : "positive")} and finite; got {value}."));
        }
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
