namespace Exclusions.Client.Resilience;

/// <summary>
/// One API key's request budget, as a <see cref="SharedQuotaLimiter"/> receives it: which client, which
/// key (only as a hash), how many requests, and over which span.
/// </summary>
public sealed class QuotaScope
{
    /// <summary>Creates a scope.</summary>
    /// <param name="clientName">The vendor client's <see cref="HttpClient"/> name, e.g. <c>Exclusions.Client.Amplemarket</c>.</param>
    /// <param name="apiKeyHash">The API key's SHA-256 hash, as upper-case hex; never the key itself.</param>
    /// <param name="permitLimit">The most requests allowed in any <paramref name="window"/>; at least 1.</param>
    /// <param name="window">The span the limit applies to, e.g. one minute; positive.</param>
    public QuotaScope(string clientName, string apiKeyHash, int permitLimit, TimeSpan window)
    {
        ArgumentException.ThrowIfNullOrEmpty(clientName);
        ArgumentException.ThrowIfNullOrEmpty(apiKeyHash);
        ArgumentOutOfRangeException.ThrowIfLessThan(permitLimit, 1);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(window, TimeSpan.Zero);
        ClientName = clientName;
        ApiKeyHash = apiKeyHash;
        PermitLimit = permitLimit;
        Window = window;
    }

    /// <summary>The vendor client's <see cref="HttpClient"/> name, e.g. <c>Exclusions.Client.Amplemarket</c>.</summary>
    public string ClientName { get; }

    /// <summary>The API key's SHA-256 hash, as upper-case hex. Safe to use in storage keys and logs.</summary>
    public string ApiKeyHash { get; }

    /// <summary>The most requests allowed with this key in any span of <see cref="Window"/>.</summary>
    public int PermitLimit { get; }

    /// <summary>The span <see cref="PermitLimit"/> applies to (the vendors count per minute).</summary>
    public TimeSpan Window { get; }

    /// <summary>Describes the scope with a prefix of the key's hash only.</summary>
    /// <returns>A description safe to log.</returns>
    public override string ToString() => $"{ClientName} key#{ApiKeyHash[..Math.Min(8, ApiKeyHash.Length)]} {PermitLimit}/{Window}";
}
