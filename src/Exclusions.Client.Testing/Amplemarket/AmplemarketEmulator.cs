using Exclusions.Client.Testing.Amplemarket;

namespace Exclusions.Client.Testing;

/// <summary>
/// The emulated Amplemarket API's state (<see cref="ExclusionsEmulator.Amplemarket"/>): API keys, seeding
/// and inspection. Everything here is thread-safe and takes effect for the next request.
/// </summary>
public sealed class AmplemarketEmulator
{
    /// <summary>The source of entries added through the API or by hand; only these can be removed through the API.</summary>
    public const string AmplemarketSource = "amplemarket";

    private readonly AmplemarketApi _api;
    private readonly TimeProvider _time;

    internal AmplemarketEmulator(AmplemarketApi api, TimeProvider time)
    {
        _api = api;
        _time = time;
    }

    /// <summary>A snapshot of the excluded emails, in list order.</summary>
    public IReadOnlyList<EmulatedAmplemarketExclusion> ExcludedEmails => _api.Store.Snapshot(AmplemarketList.Emails);

    /// <summary>A snapshot of the excluded domains, in list order.</summary>
    public IReadOnlyList<EmulatedAmplemarketExclusion> ExcludedDomains => _api.Store.Snapshot(AmplemarketList.Domains);

    /// <summary>Registers (or replaces) an API key.</summary>
    /// <param name="key">The bearer token.</param>
    /// <param name="hasAccess"><see langword="false"/> for a key that authenticates but is refused with 403.</param>
    public void AddApiKey(string key, bool hasAccess = true)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        _api.AddApiKey(key, hasAccess);
    }

    /// <summary>Revokes an API key; later requests with it get 401.</summary>
    /// <param name="key">The bearer token.</param>
    /// <returns>Whether the key existed.</returns>
    public bool RemoveApiKey(string key) => _api.RemoveApiKey(key);

    /// <summary>Adds an email to the list directly (no validation). Use a CRM <paramref name="source"/> for an entry the API cannot remove.</summary>
    /// <param name="email">The email; stored lower-cased.</param>
    /// <param name="source">Where it comes from, e.g. <c>amplemarket</c> (default), <c>salesforce</c> or <c>hubspot</c>.</param>
    /// <param name="excludedReason">Why, e.g. <c>manual</c> (default) or <c>api</c>.</param>
    /// <param name="dateAdded">When; defaults to now by the emulator's clock.</param>
    /// <returns>The stored entry.</returns>
    /// <exception cref="InvalidOperationException">The email is already listed.</exception>
    public EmulatedAmplemarketExclusion SeedEmail(string email, string source = AmplemarketSource, string excludedReason = "manual", DateTimeOffset? dateAdded = null) =>
        Seed(AmplemarketList.Emails, email, source, excludedReason, dateAdded);

    /// <summary>Adds a domain to the list directly (no validation). Use a CRM <paramref name="source"/> for an entry the API cannot remove.</summary>
    /// <param name="domain">The domain; stored lower-cased.</param>
    /// <param name="source">Where it comes from, e.g. <c>amplemarket</c> (default), <c>salesforce</c> or <c>hubspot</c>.</param>
    /// <param name="excludedReason">Why, e.g. <c>manual</c> (default) or <c>api</c>.</param>
    /// <param name="dateAdded">When; defaults to now by the emulator's clock.</param>
    /// <returns>The stored entry.</returns>
    /// <exception cref="InvalidOperationException">The domain is already listed.</exception>
    public EmulatedAmplemarketExclusion SeedDomain(string domain, string source = AmplemarketSource, string excludedReason = "manual", DateTimeOffset? dateAdded = null) =>
        Seed(AmplemarketList.Domains, domain, source, excludedReason, dateAdded);

    private EmulatedAmplemarketExclusion Seed(AmplemarketList list, string value, string source, string excludedReason, DateTimeOffset? dateAdded)
    {
        ArgumentException.ThrowIfNullOrEmpty(value);
        ArgumentException.ThrowIfNullOrEmpty(source);
        ArgumentException.ThrowIfNullOrEmpty(excludedReason);
        return _api.Store.Seed(list, new EmulatedAmplemarketExclusion
        {
            Value = AmplemarketStore.Normalize(value),
            Source = source,
            ExcludedReason = excludedReason,
            DateAdded = (dateAdded ?? _time.GetUtcNow()).ToUniversalTime(),
        });
    }
}
