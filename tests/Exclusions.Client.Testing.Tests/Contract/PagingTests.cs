using Exclusions.Client.Amplemarket;
using Exclusions.Client.Topo;
using Microsoft.Extensions.DependencyInjection;

namespace Exclusions.Client.Testing.Tests.Contract;

/// <summary>
/// Concurrent and resumable paging against the emulator: the same items in the same order as a
/// one-page-at-a-time walk, none lost and none repeated, also when a tenth of the requests fail and are
/// retried; a walk that stopped after 80 of 100 pages resumes at page 81 from the token it kept.
/// </summary>
public sealed class PagingTests
{
    [Fact]
    public async Task Topo_pages_fetched_eight_at_a_time_under_injected_faults_give_every_item_once_in_server_order()
    {
        await using var env = await Start(o => o.ListConcurrency = 8);
        for (var i = 0; i < 2_550; i++)
        {
            env.Emulator.Topo.SeedContactExclusion($"c{i:D5}@acme.com");
        }

        var sequential = new List<string>();
        for (var number = 1; ; number++)
        {
            var page = await env.Topo.GetContactExclusionsPageAsync(new ContactExclusionQuery { PageSize = 100 }, number);
            sequential.AddRange(page.Items.Select(e => e.Email!));
            if (!page.HasMore)
            {
                break;
            }
        }

        foreach (var fault in new[] { FaultRule.ServerError(503), FaultRule.DropConnection(), FaultRule.RateLimit(TimeSpan.Zero) })
        {
            env.Emulator.Faults.Add(fault with { Vendor = EmulatedVendor.Topo, Probability = 0.04 });
        }

        var concurrent = await Collect(env.Topo.ListContactExclusionsAsync(), e => e.Email!);

        Assert.Equal(2_550, concurrent.Count);
        Assert.Equal(2_550, concurrent.Distinct().Count());
        Assert.Equal(sequential, concurrent);
        Assert.Contains(env.Emulator.Requests, r => r.Fault is not null);
    }

    [Fact]
    public async Task A_topo_sync_that_crashed_after_80_of_100_pages_resumes_at_page_81()
    {
        await using var env = await Start(o => o.ListConcurrency = 8);
        for (var i = 0; i < 1_000; i++)
        {
            env.Emulator.Topo.SeedAccountExclusion($"d{i:D4}.example.com");
        }

        var query = new AccountExclusionQuery { PageSize = 10 };
        var seen = new List<string>();
        string? token = null;
        var crash = await Assert.ThrowsAsync<InvalidOperationException>(async () =>
        {
            var pages = 0;
            await foreach (var page in env.Topo.ListAccountExclusionPagesAsync(query))
            {
                seen.AddRange(page.Items.Select(a => a.Domain!));
                token = page.ContinuationToken;
                if (++pages == 80)
                {
                    throw new InvalidOperationException("crash");
                }
            }
        });

        Assert.Equal("81", token);
        var resumedPages = new List<int>();
        await foreach (var page in env.Topo.ListAccountExclusionPagesAsync(query, token))
        {
            resumedPages.Add(page.PageNumber);
            seen.AddRange(page.Items.Select(a => a.Domain!));
        }

        Assert.Equal(Enumerable.Range(81, 20), resumedPages);
        Assert.Equal(1_000, seen.Count);
        Assert.Equal(1_000, seen.Distinct().Count());
    }

    [Fact]
    public async Task An_amplemarket_sync_that_crashed_after_80_of_100_pages_resumes_at_page_81_from_the_next_link()
    {
        await using var env = await Start();
        for (var i = 0; i < 1_000; i++)
        {
            env.Emulator.Amplemarket.SeedEmail($"a{i:D4}@acme.com");
        }

        var seen = new List<string>();
        string? token = null;
        var pages = 0;
        await Assert.ThrowsAsync<InvalidOperationException>(async () =>
        {
            await foreach (var page in env.Amplemarket.ListExcludedEmailPagesAsync(pageSize: 10))
            {
                seen.AddRange(page.Items.Select(e => e.Email!));
                token = page.ContinuationToken;
                if (++pages == 80)
                {
                    throw new InvalidOperationException("crash");
                }
            }
        });

        var resumed = 0;
        await foreach (var page in env.Amplemarket.ListExcludedEmailPagesAsync(token))
        {
            resumed++;
            seen.AddRange(page.Items.Select(e => e.Email!));
        }

        Assert.Equal(20, resumed);
        Assert.Equal(env.Emulator.Amplemarket.ExcludedEmails.Select(e => e.Value), seen);
    }

    [Fact]
    public async Task Amplemarket_lists_ask_for_pages_of_2000_by_default_and_follow_next_links_under_faults()
    {
        await using var env = await Start();
        for (var i = 0; i < 5_000; i++)
        {
            env.Emulator.Amplemarket.SeedDomain($"d{i:D4}.example.com");
        }

        env.Emulator.Faults.Add(FaultRule.ServerError(503) with { Vendor = EmulatedVendor.Amplemarket, Times = 2 });

        var all = await Collect(env.Amplemarket.ListExcludedDomainsAsync(), d => d.Domain!);

        Assert.Equal(env.Emulator.Amplemarket.ExcludedDomains.Select(d => d.Value), all);
        var lists = env.Emulator.Requests.Where(r => r.Fault is null && r.Method == "GET").ToList();
        Assert.Equal(3, lists.Count);
        Assert.Contains("size=2000", lists[0].Query, StringComparison.Ordinal);
    }

    [Fact]
    public void Bad_tokens_and_sizes_are_refused_before_any_request()
    {
        var topo = new TopoExclusionsClient(new TopoOptions { ApiKey = "topo_x", BaseAddress = new Uri("http://127.0.0.1:9/v1") });
        var amplemarket = new AmplemarketExclusionsClient(new AmplemarketOptions { ApiKey = "k", BaseAddress = new Uri("http://127.0.0.1:9") });

        Assert.Throws<ArgumentException>(() => topo.ListContactExclusionPagesAsync(null, "zero"));
        Assert.Throws<ArgumentException>(() => topo.ListContactExclusionPagesAsync(null, "0"));
        Assert.Throws<ArgumentException>(() => amplemarket.ListExcludedEmailPagesAsync("https://elsewhere.example/excluded-emails"));
        Assert.Throws<ArgumentException>(() => amplemarket.ListExcludedEmailPagesAsync("/excluded-domains?page[after]=x"));
        Assert.Throws<ArgumentOutOfRangeException>(() => amplemarket.ListExcludedEmailPagesAsync(null, 2001));
    }

    private static async Task<List<string>> Collect<T>(IAsyncEnumerable<T> items, Func<T, string> key)
    {
        var list = new List<string>();
        await foreach (var item in items)
        {
            list.Add(key(item));
        }

        return list;
    }

    private static Task<EmulatorClients> Start(Action<TopoOptions>? topo = null) => EmulatorClients.StartAsync(
        new ExclusionsEmulatorOptions { RandomSeed = 17, AmplemarketRequestsPerMinute = null },
        services =>
        {
            services.Configure<TopoOptions>(o =>
            {
                Fast(o.Resilience);
                topo?.Invoke(o);
            });
            services.Configure<AmplemarketOptions>(o =>
            {
                Fast(o.Resilience);
                o.RequestsPerMinute = 100_000;
            });
        });

    private static void Fast(ExclusionResilienceOptions resilience)
    {
        resilience.MaxRetries = 10;
        resilience.BaseDelay = TimeSpan.FromMilliseconds(1);
        resilience.MaxDelay = TimeSpan.FromMilliseconds(20);
        resilience.MaxRetryAfter = TimeSpan.FromMilliseconds(20);

        // A 429 without Retry-After waits as the per-minute budget implies (up to a window): scale the window down too.
        resilience.RateLimitWindow = TimeSpan.FromMilliseconds(20);
    }
}
