using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Runtime.CompilerServices;

namespace Exclusions.Client.Benchmarks.HandWritten;

/// <summary>The baseline for streaming Amplemarket's list: follow <c>_links.next</c> with plain HttpClient + System.Text.Json.</summary>
public sealed class HandWrittenAmplemarketClient
{
    private readonly HttpClient _http;

    public HandWrittenAmplemarketClient(HttpClient http, string apiKey)
    {
        _http = http;
        _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
    }

    public async IAsyncEnumerable<HandExcludedEmail> ListExcludedEmailsAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        string? url = "/excluded-emails";
        while (url is not null)
        {
            using var response = await _http.GetAsync(url, cancellationToken).ConfigureAwait(false);
            response.EnsureSuccessStatusCode();
            var page = (await response.Content.ReadFromJsonAsync(HandJson.Default.HandEmailPage, cancellationToken).ConfigureAwait(false))!;
            foreach (var item in page.ExcludedEmails)
            {
                yield return item;
            }

            url = page.Links?.Next?.Href;
        }
    }
}
