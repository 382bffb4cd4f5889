using Microsoft.Extensions.Options;

namespace Exclusions.Client.DependencyInjection;

/// <summary>
/// The names one vendor registration goes by: its <see cref="HttpClient"/> (and resilience pipeline), its
/// named options, and the vendor it belongs to. A keyed registration (<c>AddTopoExclusions("client-a", …)</c>)
/// has its own HttpClient and options, named <c>Exclusions.Client.Topo:client-a</c>; the unkeyed one keeps
/// the vendor's name and the default options.
/// </summary>
/// <param name="Vendor">The vendor's client name, e.g. <c>Exclusions.Client.Topo</c>: quota budgets are per vendor and key.</param>
/// <param name="ServiceKey">The service key, or <see langword="null"/> for the unkeyed registration.</param>
internal sealed record VendorClientName(string Vendor, string? ServiceKey)
{
    public string HttpClient => ServiceKey is null ? Vendor : Vendor + ":" + ServiceKey;

    public string Options => ServiceKey is null ? Microsoft.Extensions.Options.Options.DefaultName : HttpClient;
}
