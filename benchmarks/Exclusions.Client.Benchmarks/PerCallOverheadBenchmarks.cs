using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using Exclusions.Client.Benchmarks.HandWritten;
using Exclusions.Client.Benchmarks.Infrastructure;
using Exclusions.Client.Topo;
using Microsoft.Extensions.DependencyInjection;

namespace Exclusions.Client.Benchmarks;

/// <summary>
/// Benchmark 1: what one SDK call costs over the same request written by hand with HttpClient +
/// System.Text.Json, per operation (get by id, one page of 100, create). The hand-written call is the
/// baseline of each operation, so BenchmarkDotNet prints Ratio and Alloc Ratio side by side. The SDK is
/// measured as users get it (<c>Sdk</c>), without the default resilience strategies
/// (<c>SdkNoDefaultPipeline</c>) and as the bare typed client without any handler (<c>SdkBare</c>), which
/// splits its overhead into client code + Refit, the handler chain, and the Polly strategies.
/// </summary>
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public abstract class PerCallOverheadBenchmarks
{
    private readonly CreateContactExclusionRequest _create = new()
    {
        Email = "jane.doe@acme.com",
        Reason = ExclusionReason.Unsubscribed,
        Message = "Asked to stop on the phone",
    };

    private readonly HandCreateContactExclusion _handCreate = new()
    {
        Email = "jane.doe@acme.com",
        Reason = "UNSUBSCRIBED",
        Message = "Asked to stop on the phone",
    };

    private readonly ContactExclusionQuery _pageQuery = new() { PageSize = TopoCannedResponses.ListPageSize };
    private readonly List<IAsyncDisposable> _disposables = [];
    private HandWrittenTopoClient _handWritten = null!;
    private TopoExclusionsClient _sdk = null!;
    private TopoExclusionsClient _sdkNoDefaultPipeline = null!;
    private TopoExclusionsClient _sdkBare = null!;

    [GlobalSetup]
    public async Task SetupAsync()
    {
        var (baseAddress, transport) = await StartTransportAsync().ConfigureAwait(false);
        _handWritten = new HandWrittenTopoClient(new HttpClient(transport(), disposeHandler: true) { BaseAddress = new Uri(baseAddress.AbsoluteUri.TrimEnd('/') + "/") }, SdkClients.ApiKey);
        var sdkTransport = SdkKeepsItsOwnSocketHandler ? null : transport;
        ServiceProvider provider;
        (_sdk, provider) = SdkClients.TopoViaDependencyInjection(baseAddress, sdkTransport, useDefaultPipeline: true);
        _disposables.Add(provider);
        (_sdkNoDefaultPipeline, provider) = SdkClients.TopoViaDependencyInjection(baseAddress, sdkTransport, useDefaultPipeline: false);
        _disposables.Add(provider);
        _sdkBare = SdkClients.TopoBare(baseAddress, transport());
    }

    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        foreach (var disposable in _disposables)
        {
            await disposable.DisposeAsync().ConfigureAwait(false);
        }

        await StopTransportAsync().ConfigureAwait(false);
    }

    [Benchmark(Baseline = true), BenchmarkCategory("Get")]
    public Task<HandContactExclusion> Get_HandWritten() => _handWritten.GetContactExclusionAsync(TopoCannedResponses.ExclusionId);

    [Benchmark, BenchmarkCategory("Get")]
    public Task<ContactExclusion> Get_Sdk() => _sdk.GetContactExclusionAsync(TopoCannedResponses.ExclusionId);

    [Benchmark, BenchmarkCategory("Get")]
    public Task<ContactExclusion> Get_SdkNoDefaultPipeline() => _sdkNoDefaultPipeline.GetContactExclusionAsync(TopoCannedResponses.ExclusionId);

    [Benchmark, BenchmarkCategory("Get")]
    public Task<ContactExclusion> Get_SdkBare() => _sdkBare.GetContactExclusionAsync(TopoCannedResponses.ExclusionId);

    [Benchmark(Baseline = true), BenchmarkCategory("ListPage")]
    public Task<HandContactPage> ListPage_HandWritten() => _handWritten.GetContactExclusionsPageAsync(1, TopoCannedResponses.ListPageSize);

    [Benchmark, BenchmarkCategory("ListPage")]
    public Task<TopoPage<ContactExclusion>> ListPage_Sdk() => _sdk.GetContactExclusionsPageAsync(_pageQuery);

    [Benchmark, BenchmarkCategory("ListPage")]
    public Task<TopoPage<ContactExclusion>> ListPage_SdkNoDefaultPipeline() => _sdkNoDefaultPipeline.GetContactExclusionsPageAsync(_pageQuery);

    [Benchmark, BenchmarkCategory("ListPage")]
    public Task<TopoPage<ContactExclusion>> ListPage_SdkBare() => _sdkBare.GetContactExclusionsPageAsync(_pageQuery);

    [Benchmark(Baseline = true), BenchmarkCategory("Create")]
    public Task<HandContactExclusion> Create_HandWritten() => _handWritten.CreateContactExclusionAsync(_handCreate);

    [Benchmark, BenchmarkCategory("Create")]
    public Task<ContactExclusion> Create_Sdk() => _sdk.CreateContactExclusionAsync(_create);

    [Benchmark, BenchmarkCategory("Create")]
    public Task<ContactExclusion> Create_SdkNoDefaultPipeline() => _sdkNoDefaultPipeline.CreateContactExclusionAsync(_create);

    [Benchmark, BenchmarkCategory("Create")]
    public Task<ContactExclusion> Create_SdkBare() => _sdkBare.CreateContactExclusionAsync(_create);

    /// <summary>Starts the transport; returns the base address and a factory of handlers that reach it.</summary>
    protected abstract Task<(Uri BaseAddress, Func<HttpMessageHandler> Transport)> StartTransportAsync();

    protected virtual Task StopTransportAsync() => Task.CompletedTask;

    /// <summary>Whether the DI-registered SDK clients keep the SDK's own <c>SocketsHttpHandler</c> (a real socket) instead of the transport.</summary>
    protected virtual bool SdkKeepsItsOwnSocketHandler => false;
}

/// <summary>Per-call overhead over an in-memory handler answering canned bytes: the SDK's cost at its most visible.</summary>
public class PerCallInMemory : PerCallOverheadBenchmarks
{
    protected override Task<(Uri BaseAddress, Func<HttpMessageHandler> Transport)> StartTransportAsync()
        => Task.FromResult<(Uri, Func<HttpMessageHandler>)>((new Uri("https://topo.benchmark.invalid/v1"), () => new CannedTopoHandler()));
}

/// <summary>Per-call overhead over a real socket to a minimal Kestrel on 127.0.0.1 answering the same bytes.</summary>
public class PerCallLoopback : PerCallOverheadBenchmarks
{
    private LoopbackServer? _server;

    protected override bool SdkKeepsItsOwnSocketHandler => true;

    protected override async Task<(Uri BaseAddress, Func<HttpMessageHandler> Transport)> StartTransportAsync()
    {
        _server = await LoopbackServer.StartAsync().ConfigureAwait(false);

        // The hand-written side and the bare client get the socket handler a careful developer would configure.
        return (new Uri(_server.Address, "/v1"), () => new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) });
    }

    protected override async Task StopTransportAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync().ConfigureAwait(false);
        }
    }
}
