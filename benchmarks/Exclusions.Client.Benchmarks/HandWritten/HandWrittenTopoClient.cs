using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Runtime.CompilerServices;

namespace Exclusions.Client.Benchmarks.HandWritten;

/// <summary>
/// The baseline: plain <see cref="HttpClient"/> + System.Text.Json doing the same requests as the SDK,
/// with the error check a careful developer would write (<c>EnsureSuccessStatusCode</c>) and nothing more.
/// </summary>
public sealed class HandWrittenTopoClient
{
    private readonly HttpClient _http;

    /// <param name="http">A client whose base address ends in <c>/v1/</c>.</param>
    /// <param name="apiKey">Sent as a bearer token on every request.</param>
    public HandWrittenTopoClient(HttpClient http, string apiKey)
    {
        _http = http;
        _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
    }

    public async Task<HandContactExclusion> GetContactExclusionAsync(Guid id, CancellationToken cancellationToken = default)
    {
        using var response = await _http.GetAsync("contact-exclusions/" + id.ToString(), cancellationToken).ConfigureAwait(false);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync(HandJson.Default.HandContactExclusion, cancellationToken).ConfigureAwait(false))!;
    }

    public async Task<HandContactPage> GetContactExclusionsPageAsync(int page, int size, CancellationToken cancellationToken = default)
    {
        var url = string.Create(CultureInfo.InvariantCulture, $"contact-exclusions?page={page}&size={size}");
        using var response = await _http.GetAsync(url, cancellationToken).ConfigureAwait(false);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync(HandJson.Default.HandContactPage, cancellationToken).ConfigureAwait(false))!;
    }

    public async Task<HandContactExclusion> CreateContactExclusionAsync(HandCreateContactExclusion body, CancellationToken cancellationToken = default)
    {
        using var response = await _http.PostAsJsonAsync("contact-exclusions", body, HandJson.Default.HandCreateContactExclusion, cancellationToken).ConfigureAwait(false);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync(HandJson.Default.HandContactExclusion, cancellationToken).ConfigureAwait(false))!;
    }

    /// <summary>Every contact exclusion, page by page (the hand-written auto-paging loop).</summary>
    public async IAsyncEnumerable<HandContactExclusion> ListContactExclusionsAsync(int size, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        for (var page = 1; ; page++)
        {
            var result = await GetContactExclusionsPageAsync(page, size, cancellationToken).ConfigureAwait(false);
            foreach (var item in result.Items)
            {
                yield return item;
            }

            if (!result.HasMore || result.Items.Count == 0)
            {
                yield break;
            }
        }
    }
}
