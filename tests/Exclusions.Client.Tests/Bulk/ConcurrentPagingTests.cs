using System.Text.RegularExpressions;
using Exclusions.Client.Tests.Topo;
using Exclusions.Client.Topo;
using Microsoft.Extensions.DependencyInjection;

namespace Exclusions.Client.Tests.Bulk;

/// <summary>Topo lists fetch later pages concurrently, never more than ListConcurrency at once, and keep the order.</summary>
public sealed partial class ConcurrentPagingTests
{
    [Theory]
    [InlineData(8)]
    [InlineData(3)]
    [InlineData(1)]
    public async Task Pages_are_fetched_at_most_ListConcurrency_at_once_and_items_come_in_page_order(int parallelism)
    {
        const int Pages = 30;
        using var server = new LoopbackServer(async request =>
        {
            var page = int.Parse(PagePattern().Match(request.Target).Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);

            // Later pages answer sooner: order must come from the pager, not from arrival.
            await Task.Delay(5 + ((Pages - page) % 7));
            var items = Enumerable.Range(0, 2).Select(i => TopoJson.Contact(id: Guid.NewGuid().ToString(), email: $"p{page:D2}i{i}@acme.com"));
            return new LoopbackResponse(200, TopoJson.Page(items, Pages * 2, Pages, page < Pages));
        });
        var services = new ServiceCollection();
        services.AddTopoExclusions(o =>
        {
            o.ApiKey = TopoTestContext.ApiKey;
            o.BaseAddress = server.BaseAddress;
            o.ListConcurrency = parallelism;
        });
        using var provider = services.BuildServiceProvider();
        var client = provider.GetRequiredService<TopoExclusionsClient>();

        var emails = new List<string>();
        await foreach (var contact in client.ListContactExclusionsAsync())
        {
            emails.Add(contact.Email!);
        }

        Assert.Equal(Enumerable.Range(1, Pages).SelectMany(p => new[] { $"p{p:D2}i0@acme.com", $"p{p:D2}i1@acme.com" }), emails);
        Assert.Equal(Pages, server.Requests);
        Assert.InRange(server.PeakInFlight, 1, parallelism);
    }

    [GeneratedRegex("[?&]page=([0-9]+)")]
    private static partial Regex PagePattern();
}
