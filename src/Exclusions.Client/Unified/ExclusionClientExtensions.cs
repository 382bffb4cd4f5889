using Exclusions.Client.Amplemarket;
using Exclusions.Client.Topo;

namespace Exclusions.Client;

/// <summary>Conveniences over <see cref="IExclusionClient"/> and adapters from the typed vendor clients.</summary>
public static class ExclusionClientExtensions
{
    /// <summary>Views a typed Topo client as an <see cref="IExclusionClient"/>.</summary>
    /// <param name="client">The typed client.</param>
    /// <param name="options">Bulk concurrency (ceiling, adaptive or fixed) and default reason; <see cref="TopoOptions"/> defaults when <see langword="null"/>.</param>
    /// <returns>The vendor-neutral client.</returns>
    public static IExclusionClient AsExclusionClient(this TopoExclusionsClient client, TopoOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        options ??= new TopoOptions();
        return new TopoFacadeAdapter(client, options.BulkConcurrency, options.AdaptiveBulkConcurrency, options.DefaultReason, client.Time);
    }

    /// <summary>Views a typed Amplemarket client as an <see cref="IExclusionClient"/>.</summary>
    /// <param name="client">The typed client.</param>
    /// <returns>The vendor-neutral client.</returns>
    public static IExclusionClient AsExclusionClient(this AmplemarketExclusionsClient client)
    {
        ArgumentNullException.ThrowIfNull(client);
        return new AmplemarketFacadeAdapter(client, client.Time);
    }

    /// <summary>Excludes one target.</summary>
    /// <param name="client">The client.</param>
    /// <param name="request">What to exclude.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The item's outcome.</returns>
    public static async Task<ItemOutcome> AddAsync(this IExclusionClient client, ExclusionRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(request);
        var result = await client.AddAsync([request], null, cancellationToken).ConfigureAwait(false);
        return result.Items[0].Outcome;
    }

    /// <summary>Removes the exclusion of one target.</summary>
    /// <param name="client">The client.</param>
    /// <param name="target">What to stop excluding.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The item's outcome.</returns>
    public static async Task<ItemOutcome> RemoveAsync(this IExclusionClient client, ExclusionTarget target, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(target);
        var result = await client.RemoveAsync([target], null, cancellationToken).ConfigureAwait(false);
        return result.Items[0].Outcome;
    }

    /// <summary>
    /// Whether an active exclusion covers <paramref name="email"/> now: the address, its domain or a
    /// parent domain (one lookup each). For many addresses, load an <see cref="ExclusionSnapshot"/> instead.
    /// </summary>
    /// <param name="client">The client.</param>
    /// <param name="email">The prospect's address.</param>
    /// <param name="cancellationToken">Cancels the calls.</param>
    /// <returns>The matching exclusion, or <see langword="null"/>.</returns>
    public static async Task<Exclusion?> FindCoveringAsync(this IExclusionClient client, string email, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        var target = ExclusionTarget.Email(email);
        var now = ((client as IClockedExclusionClient)?.Time ?? TimeProvider.System).GetUtcNow();
        if (await client.FindAsync(target, cancellationToken).ConfigureAwait(false) is { } direct && direct.IsActive(now))
        {
            return direct;
        }

        if (!client.Capabilities.Supports(ExclusionTargetType.Domain))
        {
            return null;
        }

        var domain = target.Value[(target.Value.LastIndexOf('@') + 1)..];
        while (true)
        {
            if (await client.FindAsync(ExclusionTarget.Domain(domain), cancellationToken).ConfigureAwait(false) is { } byDomain && byDomain.IsActive(now))
            {
                return byDomain;
            }

            var dot = domain.IndexOf('.', StringComparison.Ordinal);
            if (dot < 0 || domain.IndexOf('.', dot + 1) < 0)
            {
                return null;
            }

            domain = domain[(dot + 1)..];
        }
    }
}
