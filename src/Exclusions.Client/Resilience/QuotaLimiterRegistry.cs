using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;

namespace Exclusions.Client.Resilience;

/// <summary>
/// The process-wide quota limiters, one per (vendor, API key): every client instance, DI container and
/// scope that uses a key shares its budget, because the vendor counts requests per key, not per client.
/// Keys are held only as SHA-256 hashes.
/// </summary>
internal static class QuotaLimiterRegistry
{
    /// <summary>Vendors count per minute (Amplemarket: "500 requests per minute"); the default window.</summary>
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(1);

    private static readonly ConcurrentDictionary<string, IQuotaLimiter> Limiters = new(StringComparer.Ordinal);

    /// <summary>
    /// The limiter for this vendor and key. The first caller's limit and clock create it; later
    /// callers with the same key share it (two different budgets for one key cannot both hold).
    /// </summary>
    public static IQuotaLimiter GetOrCreate(string vendor, string apiKey, int requestsPerMinute, TimeProvider timeProvider, TimeSpan? window = null)
        => GetOrCreateByHash(vendor, HashKey(apiKey), requestsPerMinute, timeProvider, window ?? Window);

    /// <summary>As <see cref="GetOrCreate"/>, for a key already hashed with <see cref="HashKey"/>.</summary>
    public static IQuotaLimiter GetOrCreateByHash(string vendor, string apiKeyHash, int permitLimit, TimeProvider timeProvider, TimeSpan window)
        => Limiters.GetOrAdd(
            vendor + "|" + apiKeyHash,
            static (_, state) => new SlidingLogQuotaLimiter(state.permitLimit, state.window, state.timeProvider),
            (permitLimit, window, timeProvider));

    public static string HashKey(string apiKey)
        => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(apiKey)));

    /// <summary>A vendor's client-side budget per minute, as its options declare it; <see langword="null"/> for none.</summary>
    public static int? RequestsPerMinute(ExclusionClientOptions options)
        => options.ClientRequestsPerMinute is int value && value > 0 ? value : null;
}
