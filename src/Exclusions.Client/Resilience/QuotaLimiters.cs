using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;

namespace Exclusions.Client.Resilience;

/// <summary>
/// The quota limiters of one service provider, one per (vendor, API key, budget): every client, keyed
/// registration and scope of that provider that uses a key shares its budget, because the vendor counts
/// requests per key, not per client. Owned by DI (a singleton with DI's <see cref="TimeProvider"/>), so a
/// test's fake clock or an options reload with a new limit or window takes effect; standalone clients,
/// which have no container of their own to share, use <see cref="Standalone"/>. Keys are held only as
/// SHA-256 hashes.
/// </summary>
internal sealed class QuotaLimiters
{
    /// <summary>Vendors count per minute (Amplemarket: "500 requests per minute"); the default window.</summary>
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(1);

    private readonly ConcurrentDictionary<(string Vendor, string KeyHash, int Limit, TimeSpan Window), IQuotaLimiter> _limiters = new();
    private readonly TimeProvider _time;

    public QuotaLimiters(TimeProvider time)
    {
        _time = time;
    }

    /// <summary>The limiters every standalone client (<c>new TopoExclusionsClient(key)</c>) of this process shares.</summary>
    public static QuotaLimiters Standalone { get; } = new(TimeProvider.System);

    /// <summary>The limiter for this vendor, key and budget; created on first use, then shared.</summary>
    public IQuotaLimiter Get(string vendor, string apiKeyHash, int permitLimit, TimeSpan window)
        => _limiters.GetOrAdd(
            (vendor, apiKeyHash, permitLimit, window),
            static (k, time) => new SlidingLogQuotaLimiter(k.Limit, k.Window, time),
            _time);

    public static string HashKey(string apiKey)
        => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(apiKey)));

    /// <summary>A vendor's client-side budget per minute, as its options declare it; <see langword="null"/> for none.</summary>
    public static int? RequestsPerMinute(ExclusionClientOptions options)
        => options.ClientRequestsPerMinute is int value && value > 0 ? value : null;
}
