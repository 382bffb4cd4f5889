using System.Net.Http.Headers;

namespace Exclusions.Client.Http;

/// <summary>Reads <c>Retry-After</c> in both of its forms: delta-seconds and HTTP-date.</summary>
internal static class RetryAfter
{
    public static TimeSpan? Parse(HttpResponseHeaders? headers, DateTimeOffset now)
    {
        var retryAfter = headers?.RetryAfter;
        if (retryAfter is null)
        {
            return null;
        }

        if (retryAfter.Delta is { } delta)
        {
            return delta < TimeSpan.Zero ? TimeSpan.Zero : delta;
        }

        if (retryAfter.Date is { } date)
        {
            var wait = date - now;
            return wait < TimeSpan.Zero ? TimeSpan.Zero : wait;
        }

        return null;
    }
}
