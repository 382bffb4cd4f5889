using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using Exclusions.Client.Amplemarket;
using Exclusions.Client.Benchmarks.HandWritten;
using Exclusions.Client.Benchmarks.Infrastructure;
using Exclusions.Client.Topo;
using Microsoft.Extensions.DependencyInjection;

namespace Exclusions.Client.Benchmarks;

/// <summary>
/// Benchmark 2 (time and allocations): streaming 100,000 exclusions through the SDK's auto-paging
/// enumerators (Amplemarket following <c>_links.next</c>, Topo numbered pages of 100) against a
/// hand-written paging loop over the same generated pages. Peak memory growth during the stream is
/// measured separately (<see cref="Measurements.StreamingMemoryMeasurement"/>): BenchmarkDotNet reports
/// allocated bytes, not the heap's high-water mark.
/// </summary>
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class StreamingBenchmarks
{
    public const int Items = 100_000;
    public const int PageSize = 100;

    private ServiceProvider? _amplemarketProvider;
    private ServiceProvider? _topoProvider;
    private AmplemarketExclusionsClient _amplemarket = null!;
    private HandWrittenAmplemarketClient _handAmplemarket = null!;
    private TopoExclusionsClient _topo = null!;
    private HandWrittenTopoClient _handTopo = null!;

    [GlobalSetup]
    public void Setup()
    {
        var amplemarketBase = new Uri("https://amplemarket.benchmark.invalid");
        (_amplemarket, _amplemarketProvider) = SdkClients.AmplemarketViaDependencyInjection(amplemarketBase, () => new GeneratedAmplemarketEmailsHandler(Items, PageSize));
        _handAmplemarket = new HandWrittenAmplemarketClient(new HttpClient(new GeneratedAmplemarketEmailsHandler(Items, PageSize)) { BaseAddress = amplemarketBase }, "amp_benchmark");

        var topoBase = new Uri("https://topo.benchmark.invalid/v1");
        (_topo, _topoProvider) = SdkClients.TopoViaDependencyInjection(topoBase, () => new GeneratedTopoContactsHandler(Items, PageSize), useDefaultPipeline: true);
        _handTopo = new HandWrittenTopoClient(new HttpClient(new GeneratedTopoContactsHandler(Items, PageSize)) { BaseAddress = new Uri("https://topo.benchmark.invalid/v1/") }, SdkClients.ApiKey);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _amplemarketProvider?.Dispose();
        _topoProvider?.Dispose();
    }

    [Benchmark(Baseline = true), BenchmarkCategory("Amplemarket")]
    public async Task<int> Amplemarket_HandWritten()
    {
        var count = 0;
        await foreach (var item in _handAmplemarket.ListExcludedEmailsAsync().ConfigureAwait(false))
        {
            count += item.Email!.Length > 0 ? 1 : 0;
        }

        return Expect(count);
    }

    [Benchmark, BenchmarkCategory("Amplemarket")]
    public async Task<int> Amplemarket_Sdk()
    {
        var count = 0;
        await foreach (var item in _amplemarket.ListExcludedEmailsAsync().ConfigureAwait(false))
        {
            count += item.Email!.Length > 0 ? 1 : 0;
        }

        return Expect(count);
    }

    [Benchmark(Baseline = true), BenchmarkCategory("Topo")]
    public async Task<int> Topo_HandWritten()
    {
        var count = 0;
        await foreach (var item in _handTopo.ListContactExclusionsAsync(PageSize).ConfigureAwait(false))
        {
            count += item.Email!.Length > 0 ? 1 : 0;
        }

        return Expect(count);
    }

    [Benchmark, BenchmarkCategory("Topo")]
    public async Task<int> Topo_Sdk()
    {
        var count = 0;
        await foreach (var item in _topo.ListContactExclusionsAsync().ConfigureAwait(false))
        {
            count += item.Email!.Length > 0 ? 1 : 0;
        }

        return Expect(count);
    }

    internal IAsyncEnumerable<ExcludedEmail> AmplemarketStream() => _amplemarket.ListExcludedEmailsAsync();

    internal IAsyncEnumerable<ContactExclusion> TopoStream() => _topo.ListContactExclusionsAsync();

    private static int Expect(int count)
        => count == Items ? count : throw new InvalidOperationException($"Streamed {count} items, expected {Items}.");
}
