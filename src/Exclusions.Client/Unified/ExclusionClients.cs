using System.Collections;
using System.Runtime.CompilerServices;

namespace Exclusions.Client;

/// <summary>
/// Several vendors behind one object: fans each call out to every client and reports outcomes per
/// provider. Resolve it from DI (it holds every registered <see cref="IExclusionClient"/>) or build one.
/// </summary>
public class ExclusionClients : IEnumerable<IExclusionClient>
{
    private readonly IExclusionClient[] _clients;

    /// <summary>Creates a composite over the given clients (one per provider).</summary>
    /// <param name="clients">The clients.</param>
    /// <exception cref="ArgumentException">Two clients have the same provider.</exception>
    public ExclusionClients(IEnumerable<IExclusionClient> clients)
    {
        ArgumentNullException.ThrowIfNull(clients);
        _clients = clients.ToArray();
        var duplicate = _clients.GroupBy(c => c.Provider).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new ArgumentException($"More than one client for provider {duplicate.Key}.", nameof(clients));
        }
    }

    /// <summary>For mocking only.</summary>
    protected ExclusionClients()
    {
        _clients = [];
    }

    /// <summary>The providers, in registration order.</summary>
    public virtual IReadOnlyList<ExclusionProvider> Providers => _clients.Select(c => c.Provider).ToArray();

    /// <summary>The client for one provider.</summary>
    /// <param name="provider">The provider.</param>
    /// <returns>The client.</returns>
    /// <exception cref="KeyNotFoundException">No client for that provider.</exception>
    public virtual IExclusionClient this[ExclusionProvider provider]
        => _clients.FirstOrDefault(c => c.Provider == provider) ?? throw new KeyNotFoundException($"No exclusion client is registered for {provider}.");

    /// <summary>
    /// Adds the requests to every provider (concurrently), each with its own outcome per item. Every
    /// request is validated for every provider before anything is sent to any of them: bad input
    /// throws and no vendor has received a write. An item one vendor cannot keep (a LinkedIn URL or
    /// a future <see cref="ExclusionRequest.Until"/> on Amplemarket) is that vendor's
    /// <see cref="ItemOutcomeKind.Unsupported"/> outcome, not an exception.
    /// </summary>
    /// <param name="requests">What to exclude; validated for every provider before anything is sent to any provider.</param>
    /// <param name="cancellationToken">Cancels every provider's call between chunks/items.</param>
    /// <returns>Per provider, one outcome per request in input order.</returns>
    /// <exception cref="ArgumentException">A request is invalid for some provider (e.g. null, or an <see cref="ExclusionRequest.Until"/> not in the future); nothing was sent to any provider.</exception>
    public virtual async Task<IReadOnlyDictionary<ExclusionProvider, BulkResult<ExclusionRequest>>> AddAsync(IEnumerable<ExclusionRequest> requests, CancellationToken cancellationToken = default)
    {
        var items = Materialize(requests, nameof(requests));

        // ToArray: every vendor validates before the first one sends.
        var calls = _clients.Select(c => c is IBulkPreflight p ? p.PrepareAdd(items) : (progress, ct) => c.AddAsync(items, progress, ct)).ToArray();
        var results = await Task.WhenAll(calls.Select(call => call(null, cancellationToken))).ConfigureAwait(false);
        return Zip(results);
    }

    /// <summary>Removes the targets from every provider (concurrently), after validating them for every provider.</summary>
    /// <param name="targets">What to stop excluding.</param>
    /// <param name="cancellationToken">Cancels every provider's call between chunks/items.</param>
    /// <returns>Per provider, one outcome per target in input order.</returns>
    /// <exception cref="ArgumentException">A target is null; nothing was sent to any provider.</exception>
    public virtual async Task<IReadOnlyDictionary<ExclusionProvider, BulkResult<ExclusionTarget>>> RemoveAsync(IEnumerable<ExclusionTarget> targets, CancellationToken cancellationToken = default)
    {
        var items = Materialize(targets, nameof(targets));
        var calls = _clients.Select(c => c is IBulkPreflight p ? p.PrepareRemove(items) : (progress, ct) => c.RemoveAsync(items, progress, ct)).ToArray();
        var results = await Task.WhenAll(calls.Select(call => call(null, cancellationToken))).ConfigureAwait(false);
        return Zip(results);
    }

    /// <summary>Streams every provider's exclusions, one provider after the other.</summary>
    /// <param name="query">Filters; <see langword="null"/> for everything.</param>
    /// <param name="cancellationToken">Cancels the enumeration.</param>
    /// <returns>The exclusions, each with its <see cref="Exclusion.Provider"/>.</returns>
    public virtual async IAsyncEnumerable<Exclusion> ListAsync(ExclusionQuery? query = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        foreach (var client in _clients)
        {
            await foreach (var exclusion in client.ListAsync(query, cancellationToken).ConfigureAwait(false))
            {
                yield return exclusion;
            }
        }
    }

    /// <summary>Loads a snapshot of every provider's list, for fast local checks.</summary>
    /// <param name="cancellationToken">Cancels loading.</param>
    /// <returns>The snapshot.</returns>
    public virtual Task<ExclusionSnapshot> LoadSnapshotAsync(CancellationToken cancellationToken = default)
        => ExclusionSnapshot.LoadAsync(_clients, cancellationToken);

    /// <inheritdoc />
    public virtual IEnumerator<IExclusionClient> GetEnumerator() => ((IEnumerable<IExclusionClient>)_clients).GetEnumerator();

    /// <inheritdoc />
    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    private static T[] Materialize<T>(IEnumerable<T> items, string paramName)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(items, paramName);
        var array = items.ToArray();
        var nullAt = Array.FindIndex(array, i => i is null);
        if (nullAt >= 0)
        {
            throw new ArgumentException($"Item [{nullAt}] is null; nothing was sent.", paramName);
        }

        return array;
    }

    private IReadOnlyDictionary<ExclusionProvider, BulkResult<T>> Zip<T>(BulkResult<T>[] results)
    {
        var map = new Dictionary<ExclusionProvider, BulkResult<T>>();
        for (var i = 0; i < _clients.Length; i++)
        {
            map[_clients[i].Provider] = results[i];
        }

        return map;
    }
}
