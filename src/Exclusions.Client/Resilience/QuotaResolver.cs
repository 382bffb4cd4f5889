namespace Exclusions.Client.Resilience;

/// <summary>
/// Finds the quota limiter for a vendor client's current options (key, budget, window), remembering the
/// last answer so that an attempt does not hash the key again unless the options changed.
/// </summary>
internal sealed class QuotaResolver
{
    private readonly string _vendor;
    private readonly QuotaLimiters _limiters;
    private readonly SharedQuotaLimiter? _shared;
    private Resolved? _last;

    /// <param name="vendor">The vendor's client name (<c>Exclusions.Client.Topo</c>): every registration of a vendor with one key shares one budget.</param>
    /// <param name="limiters">DI's limiters.</param>
    /// <param name="shared">A multi-process budget registered for this client, if any.</param>
    public QuotaResolver(string vendor, QuotaLimiters limiters, SharedQuotaLimiter? shared)
    {
        _vendor = vendor;
        _limiters = limiters;
        _shared = shared;
    }

    public QuotaLimit? Resolve(ExclusionClientOptions options)
    {
        if (QuotaLimiters.RequestsPerMinute(options) is not { } limit || string.IsNullOrEmpty(options.ApiKey))
        {
            return null;
        }

        var window = options.Resilience.RateLimitWindow;
        var last = _last;
        if (last is not null && last.Limit == limit && last.Window == window && string.Equals(last.ApiKey, options.ApiKey, StringComparison.Ordinal))
        {
            return last.Quota;
        }

        var hash = QuotaLimiters.HashKey(options.ApiKey);
        var spaced = Spaced(window);
        IQuotaLimiter limiter = _limiters.Get(_vendor, hash, limit, spaced);
        if (_shared is not null)
        {
            limiter = new SharedOrLocalQuotaLimiter(_shared, new QuotaScope(_vendor, hash, limit, spaced), limiter);
        }

        var quota = new QuotaLimit(limiter, limit, window);
        _last = new Resolved(options.ApiKey, limit, window, quota);
        return quota;
    }

    /// <summary>
    /// The window permits are spaced over: the vendor's window plus 1 %. The limiter times when a request
    /// leaves; the vendor counts when it arrives, after network jitter. Without this margin, requests sent
    /// exactly one window apart can arrive inside one vendor window and meet a 429 at the limit's edge.
    /// </summary>
    internal static TimeSpan Spaced(TimeSpan window) => window + (window / 100);

    private sealed record Resolved(string ApiKey, int Limit, TimeSpan Window, QuotaLimit Quota);
}

/// <summary>A key's limiter and the budget it enforces (for log lines).</summary>
internal sealed record QuotaLimit(IQuotaLimiter Limiter, int PermitLimit, TimeSpan Window);
