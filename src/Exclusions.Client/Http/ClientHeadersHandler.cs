using System.Net.Http.Headers;
using System.Reflection;
using System.Runtime.InteropServices;

namespace Exclusions.Client.Http;

/// <summary>
/// The innermost handler: adds the bearer token and the SDK's <c>User-Agent</c> to every attempt.
/// The key is read at send time so that rotated keys (options reload) take effect.
/// </summary>
internal sealed class ClientHeadersHandler : DelegatingHandler
{
    private readonly Func<string> _apiKey;
    private readonly Action<HttpRequestMessage>? _customize;

    public ClientHeadersHandler(Func<string> apiKey, Action<HttpRequestMessage>? customize = null)
    {
        _apiKey = apiKey;
        _customize = customize;
    }

    public static string UserAgent { get; } = BuildUserAgent();

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _apiKey());
        request.Headers.UserAgent.Clear();
        request.Headers.TryAddWithoutValidation("User-Agent", UserAgent);
        _customize?.Invoke(request);
        return base.SendAsync(request, cancellationToken);
    }

    private static string BuildUserAgent()
    {
        var assembly = typeof(ClientHeadersHandler).Assembly;
        var version = assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
            ?? assembly.GetName().Version?.ToString() ?? "0.0.0";
        var plus = version.IndexOf('+', StringComparison.Ordinal);
        if (plus >= 0)
        {
            version = version[..plus];
        }

        // FrameworkDescription is ".NET 10.0.0"; keep it as the product comment.
        return $"Exclusions.Client/{version} ({RuntimeInformation.FrameworkDescription})";
    }
}
