using System.Net;
using System.Text.RegularExpressions;

namespace Exclusions.Client;

/// <summary>Settings every vendor client shares: where to send requests and with which key.</summary>
public abstract class ExclusionClientOptions
{
    /// <summary>Creates options with the vendor's default base address.</summary>
    /// <param name="defaultBaseAddress">The vendor's production base address.</param>
    protected ExclusionClientOptions(Uri defaultBaseAddress)
    {
        BaseAddress = defaultBaseAddress;
    }

    /// <summary>
    /// The API key, sent only as <c>Authorization: Bearer</c>. Required. Never logged, never in an
    /// exception message, never in <see cref="ToString"/>.
    /// </summary>
    public string ApiKey { get; set; } = string.Empty;

    /// <summary>
    /// The API's base address. Must be <c>https</c>, except for a loopback host
    /// (<c>localhost</c>, <c>127.0.0.0/8</c>, <c>[::1]</c>) such as the emulator.
    /// </summary>
    public Uri BaseAddress { get; set; }

    /// <summary>
    /// Retries, timeouts and the circuit breaker of this client's HTTP pipeline. Bindable from
    /// configuration (e.g. <c>Exclusions:Topo:Resilience:MaxRetries</c>).
    /// </summary>
    public ExclusionResilienceOptions Resilience { get; set; } = new();

    /// <summary>Returns the problems with these options; empty when they are valid.</summary>
    /// <returns>One message per problem.</returns>
    public virtual IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(ApiKey))
        {
            errors.Add($"{GetType().Name}.{nameof(ApiKey)} is required.");
        }
        else if (ApiKey.Any(c => char.IsWhiteSpace(c) || char.IsControl(c)))
        {
            errors.Add($"{GetType().Name}.{nameof(ApiKey)} contains whitespace or control characters.");
        }

        if (BaseAddress is null || !BaseAddress.IsAbsoluteUri)
        {
            errors.Add($"{GetType().Name}.{nameof(BaseAddress)} must be an absolute URI.");
        }
        else if (BaseAddress.Scheme != Uri.UriSchemeHttps && !(BaseAddress.Scheme == Uri.UriSchemeHttp && IsLoopback(BaseAddress)))
        {
            errors.Add($"{GetType().Name}.{nameof(BaseAddress)} must use https (plain http is allowed only for a loopback host); got '{BaseAddress.GetLeftPart(UriPartial.Authority)}'.");
        }

        if (Resilience is null)
        {
            errors.Add($"{GetType().Name}.{nameof(Resilience)} must not be null.");
        }
        else
        {
            errors.AddRange(Resilience.Validate($"{GetType().Name}.{nameof(Resilience)}"));
        }

        return errors;
    }

    /// <summary>
    /// Returns the problems with these options, each naming the setting the way the user set it, e.g.
    /// <c>Exclusions:Topo:ApiKey is required.</c> for options bound from configuration, or
    /// <c>TOPO_API_KEY is required.</c> for a tool that reads environment variables, instead of
    /// <c>TopoOptions.ApiKey is required.</c>.
    /// </summary>
    /// <param name="settingName">
    /// Maps a setting's path relative to these options, with <c>:</c> between levels (<c>ApiKey</c>,
    /// <c>Resilience:MaxRetries</c>), to the name to show.
    /// </param>
    /// <returns>One message per problem; empty when these options are valid.</returns>
    public IReadOnlyList<string> Validate(Func<string, string> settingName)
    {
        ArgumentNullException.ThrowIfNull(settingName);
        var pattern = new Regex($@"\b{Regex.Escape(GetType().Name)}((?:\.[A-Za-z_][A-Za-z0-9_]*)+)", RegexOptions.CultureInvariant);
        return Validate()
            .Select(message => pattern.Replace(message, match => settingName(match.Groups[1].Value[1..].Replace('.', ':'))))
            .ToArray();
    }

    /// <summary>Describes these options without the API key.</summary>
    /// <returns>A description safe to log.</returns>
    public override string ToString()
        => $"{GetType().Name} {{ BaseAddress = {BaseAddress}, ApiKey = {(string.IsNullOrEmpty(ApiKey) ? "(none)" : "***")} }}";

    /// <summary>The vendor's client-side request budget per minute (each vendor's options say where it comes from).</summary>
    internal virtual int? ClientRequestsPerMinute => null;

    internal static bool IsLoopback(Uri uri)
    {
        if (uri.IsLoopback)
        {
            return true;
        }

        return IPAddress.TryParse(uri.DnsSafeHost, out var address) && IPAddress.IsLoopback(address);
    }

    internal void ThrowIfInvalid()
    {
        var errors = Validate();
        if (errors.Count > 0)
        {
            throw new ArgumentException(string.Join(" ", errors));
        }
    }
}
