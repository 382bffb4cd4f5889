using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Exclusions.Client.Diagnostics;

/// <summary>
/// The SDK's <see cref="ActivitySource"/> and <see cref="Meter"/>, both named <c>Exclusions.Client</c>.
/// Tags carry the vendor (HTTP client name), method, route template and status: never a key, an
/// e-mail or a query string.
/// </summary>
internal static class ExclusionsTelemetry
{
    public const string Name = "Exclusions.Client";

    public static readonly ActivitySource ActivitySource = new(Name, Version);

    public static readonly Meter Meter = new(Name, Version);

    /// <summary>Duration of each HTTP attempt, in seconds.</summary>
    public static readonly Histogram<double> RequestDuration = Meter.CreateHistogram<double>(
        "exclusions.client.request.duration", unit: "s", description: "Duration of each HTTP attempt to a vendor API.");

    /// <summary>Retries, tagged with the reason (status code or error kind).</summary>
    public static readonly Counter<long> Retries = Meter.CreateCounter<long>(
        "exclusions.client.retries", unit: "{retry}", description: "Attempts repeated after a transient failure.");

    /// <summary>Requests that had to wait for a client-side rate-limit permit.</summary>
    public static readonly Counter<long> ThrottledWaits = Meter.CreateCounter<long>(
        "exclusions.client.throttled_waits", unit: "{request}", description: "Requests delayed by the client-side quota limiter.");

    /// <summary>Bulk items by final outcome, tagged with provider, operation (add/remove) and outcome.</summary>
    public static readonly Counter<long> BulkItems = Meter.CreateCounter<long>(
        "exclusions.client.bulk.items", unit: "{item}", description: "Items of bulk calls, by final outcome.");

    /// <summary>Counts each item of a bulk result once, under its outcome.</summary>
    public static void RecordOutcomes<T>(ExclusionProvider provider, string operation, BulkResult<T> result)
    {
        if (!BulkItems.Enabled)
        {
            return;
        }

        foreach (var kind in Enum.GetValues<ItemOutcomeKind>())
        {
            RecordOutcome(provider, operation, kind, result.Count(kind));
        }
    }

    /// <summary>Counts <paramref name="count"/> bulk items with one outcome.</summary>
    public static void RecordOutcome(ExclusionProvider provider, string operation, ItemOutcomeKind kind, int count)
    {
        if (count > 0 && BulkItems.Enabled)
        {
            BulkItems.Add(
                count,
                new KeyValuePair<string, object?>("provider", provider.Name),
                new KeyValuePair<string, object?>("operation", operation),
                new KeyValuePair<string, object?>("outcome", kind.ToString()));
        }
    }

    private static string Version => typeof(ExclusionsTelemetry).Assembly.GetName().Version?.ToString() ?? "0.0.0";
}
