using Exclusions.Client.Testing.Hosting;

namespace Exclusions.Client.Testing.Topo;

/// <summary>Topo API keys known to the emulator, with the metadata <c>GET /v1/me</c> reports.</summary>
internal sealed class TopoApiKeys
{
    public const string ReadScope = "exclusions:read";
    public const string WriteScope = "exclusions:write";

    private readonly object _gate = new();
    private readonly Dictionary<string, TopoKey> _keys = new(StringComparer.Ordinal);
    private readonly TimeProvider _time;
    private readonly EmulatorRandom _random;

    public TopoApiKeys(TimeProvider time, EmulatorRandom random)
    {
        _time = time;
        _random = random;
        OrganizationId = random.NextGuid();
    }

    public Guid OrganizationId { get; }

    public void Add(string key, string name, IReadOnlyList<string> scopes)
    {
        var entry = new TopoKey(_random.NextGuid(), name, [.. scopes], _time.GetUtcNow());
        lock (_gate)
        {
            _keys[key] = entry;
        }
    }

    public bool Remove(string key)
    {
        lock (_gate)
        {
            return _keys.Remove(key);
        }
    }

    public void Clear()
    {
        lock (_gate)
        {
            _keys.Clear();
        }
    }

    /// <summary>Looks a key up and, when it exists, marks it used now (so <c>/me</c> reports this request).</summary>
    public TopoKey? Use(string key)
    {
        lock (_gate)
        {
            if (!_keys.TryGetValue(key, out var entry))
            {
                return null;
            }

            entry = entry with { LastUsedAt = _time.GetUtcNow() };
            _keys[key] = entry;
            return entry;
        }
    }

}

internal sealed record TopoKey(Guid Id, string Name, IReadOnlyList<string> Scopes, DateTimeOffset CreatedAt)
{
    public DateTimeOffset? LastUsedAt { get; init; }
}
