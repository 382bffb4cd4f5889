using Refit;

namespace Exclusions.Client.Http;

/// <summary>
/// Marks requests that the retry pipeline sent again after an attempt whose effect is unknown
/// (the connection dropped or timed out after the request may have reached the server, or a 5xx).
/// Clients read the mark to reconcile outcomes: a Topo 409 or an Amplemarket <c>duplicated</c> /
/// <c>not_found</c> on such a replay may be the echo of this very call's own first attempt.
/// </summary>
internal static class RequestReplay
{
    public static readonly HttpRequestOptionsKey<bool> PossiblyApplied = new("Exclusions.Client.PossiblyApplied");

    public static void Mark(HttpRequestMessage request) => request.Options.Set(PossiblyApplied, true);

    public static bool WasReplayed(HttpRequestMessage? request)
        => request is not null && request.Options.TryGetValue(PossiblyApplied, out var replayed) && replayed;

    public static bool WasReplayed(IApiResponse response) => WasReplayed(response.RequestMessage);
}

/// <summary>
/// How many attempts the pipeline sent for a request, kept on the <see cref="HttpRequestMessage"/> Refit returns
/// (as the replay mark is), so that a failure can say it.
/// </summary>
internal static class AttemptCount
{
    private static readonly HttpRequestOptionsKey<int> Key = new("Exclusions.Client.Attempts");

    public static void Set(HttpRequestMessage request, int attempt) => request.Options.Set(Key, attempt);

    public static int Of(HttpRequestMessage? request)
        => request is not null && request.Options.TryGetValue(Key, out var attempts) ? attempts : 0;

    /// <summary>The method and route template, never the query; <see langword="null"/> without a request.</summary>
    public static string? Operation(HttpRequestMessage? request)
        => request is null ? null : request.Method.Method + " " + RequestDescription.Path(request);
}
