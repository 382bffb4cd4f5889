using Exclusions.Client.Testing.Topo;

namespace Exclusions.Client.Testing;

/// <summary>
/// The emulated Topo API's state (<see cref="ExclusionsEmulator.Topo"/>): API keys, seeding and inspection.
/// Everything here is thread-safe and takes effect for the next request.
/// </summary>
public sealed class TopoEmulator
{
    /// <summary>The scope read endpoints require.</summary>
    public const string ReadScope = TopoApiKeys.ReadScope;

    /// <summary>The scope create, update and delete endpoints require.</summary>
    public const string WriteScope = TopoApiKeys.WriteScope;

    private readonly TopoApi _api;
    private readonly TimeProvider _time;

    internal TopoEmulator(TopoApi api, TimeProvider time)
    {
        _api = api;
        _time = time;
    }

    /// <summary>A snapshot of the contact exclusions, in insertion order.</summary>
    public IReadOnlyList<EmulatedTopoExclusion> ContactExclusions => _api.Store.Snapshot(TopoExclusionKind.Contact);

    /// <summary>A snapshot of the account exclusions, in insertion order.</summary>
    public IReadOnlyList<EmulatedTopoExclusion> AccountExclusions => _api.Store.Snapshot(TopoExclusionKind.Account);

    /// <summary>
    /// Registers (or replaces) an API key. Requests with a key lacking a scope get 403; keys never
    /// registered get 401. Pass no scopes for a key that can only call <c>/v1/me</c>.
    /// </summary>
    /// <param name="key">The bearer token, conventionally starting with <c>topo_</c>.</param>
    /// <param name="name">The key's display name, reported by <c>/v1/me</c>.</param>
    /// <param name="scopes">The key's scopes, e.g. <see cref="ReadScope"/> and <see cref="WriteScope"/>.</param>
    public void AddApiKey(string key, string name, params string[] scopes)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(scopes);
        _api.Keys.Add(key, name, scopes);
    }

    /// <summary>Revokes an API key; later requests with it get 401.</summary>
    /// <param name="key">The bearer token.</param>
    /// <returns>Whether the key existed.</returns>
    public bool RemoveApiKey(string key) => _api.Keys.Remove(key);

    /// <summary>
    /// Adds a contact exclusion directly, bypassing validation and the duplicate check, so any state can
    /// be built, including reason codes the API would reject today (to test forward compatibility).
    /// </summary>
    /// <param name="email">The excluded email, or <see langword="null"/>.</param>
    /// <param name="linkedInUrl">The excluded LinkedIn URL, or <see langword="null"/>.</param>
    /// <param name="reason">The reason code.</param>
    /// <param name="message">The operator note.</param>
    /// <param name="until">The expiry; <see langword="null"/> for permanent. May be in the past.</param>
    /// <param name="createdAt">The creation (and update) time; defaults to now by the emulator's clock.</param>
    /// <param name="crmSynced">Whether the exclusion comes from a CRM, which makes DELETE answer 422.</param>
    /// <returns>The stored exclusion, with its generated id.</returns>
    public EmulatedTopoExclusion SeedContactExclusion(
        string? email,
        string? linkedInUrl = null,
        string reason = "UNSUBSCRIBED",
        string? message = null,
        DateTimeOffset? until = null,
        DateTimeOffset? createdAt = null,
        bool crmSynced = false)
    {
        if (email is null && linkedInUrl is null)
        {
            throw new ArgumentException("A contact exclusion needs an email or a LinkedIn URL.", nameof(email));
        }

        return Seed(TopoExclusionKind.Contact, email, linkedInUrl, null, reason, message, until, createdAt, crmSynced);
    }

    /// <summary>Adds an account exclusion directly, bypassing validation and the duplicate check.</summary>
    /// <param name="domain">The excluded domain.</param>
    /// <param name="reason">The reason code.</param>
    /// <param name="message">The operator note.</param>
    /// <param name="until">The expiry; <see langword="null"/> for permanent. May be in the past.</param>
    /// <param name="createdAt">The creation (and update) time; defaults to now by the emulator's clock.</param>
    /// <param name="crmSynced">Whether the exclusion comes from a CRM, which makes DELETE answer 422.</param>
    /// <returns>The stored exclusion, with its generated id.</returns>
    public EmulatedTopoExclusion SeedAccountExclusion(
        string domain,
        string reason = "COMPETITOR",
        string? message = null,
        DateTimeOffset? until = null,
        DateTimeOffset? createdAt = null,
        bool crmSynced = false)
    {
        ArgumentException.ThrowIfNullOrEmpty(domain);
        return Seed(TopoExclusionKind.Account, null, null, domain, reason, message, until, createdAt, crmSynced);
    }

    private EmulatedTopoExclusion Seed(
        TopoExclusionKind kind, string? email, string? linkedInUrl, string? domain, string reason,
        string? message, DateTimeOffset? until, DateTimeOffset? createdAt, bool crmSynced)
    {
        ArgumentException.ThrowIfNullOrEmpty(reason);
        var created = (createdAt ?? _time.GetUtcNow()).ToUniversalTime();
        return _api.Store.Seed(kind, new EmulatedTopoExclusion
        {
            Id = Guid.Empty,
            Email = email,
            LinkedInUrl = linkedInUrl,
            Domain = domain,
            Reason = reason,
            Message = message,
            Until = until?.ToUniversalTime(),
            CreatedAt = created,
            UpdatedAt = created,
            CrmSynced = crmSynced,
        });
    }
}
