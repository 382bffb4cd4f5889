using System.Diagnostics;
using Exclusions.Client.Benchmarks.HandWritten;
using Exclusions.Client.Benchmarks.Infrastructure;
using Exclusions.Client.Http;
using Exclusions.Client.Topo;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace Exclusions.Client.Benchmarks.Measurements;

/// <summary>
/// Benchmark 1, split by layer and made robust to a shared machine: the SDK is built up one layer at
/// a time over the in-memory handler, and every variant runs in short interleaved batches (the order
/// rotating each round), so a burst of load from another process hits all variants alike. Each
/// round's time is divided by the hand-written batch of the same round; the median of those ratios is
/// reported. Allocations are exact (<see cref="GC.GetTotalAllocatedBytes(bool)"/>).
/// </summary>
internal static class PerCallLayersMeasurement
{
    private const int Rounds = 31;

    /// <summary>Over the in-memory handler, then over loopback Kestrel (where the SDK keeps its own socket handler).</summary>
    public static async Task<IReadOnlyList<LayerResult>> RunAsync()
    {
        var results = new List<LayerResult>(await RunAsync("in-memory handler", new Uri("https://topo.benchmark.invalid/v1"), () => new CannedTopoHandler(), sdkKeepsItsSocketHandler: false).ConfigureAwait(false));
        await using var server = await LoopbackServer.StartAsync().ConfigureAwait(false);
        results.AddRange(await RunAsync("loopback Kestrel", new Uri(server.Address, "/v1"), () => new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) }, sdkKeepsItsSocketHandler: true).ConfigureAwait(false));
        return results;
    }

    private static async Task<IReadOnlyList<LayerResult>> RunAsync(string transportName, Uri baseAddress, Func<HttpMessageHandler> transport, bool sdkKeepsItsSocketHandler)
    {
        var providers = new List<ServiceProvider>();
        TopoExclusionsClient Di(bool defaultPipeline, bool factoryLogging)
        {
            var services = new ServiceCollection();
            var builder = services.AddTopoExclusions(o =>
            {
                o.ApiKey = SdkClients.ApiKey;
                o.BaseAddress = baseAddress;
                o.Resilience.UseDefaultPipeline = defaultPipeline;
            });
            if (!sdkKeepsItsSocketHandler)
            {
                builder.ConfigurePrimaryHttpMessageHandler(transport);
            }

            if (!factoryLogging)
            {
                builder.RemoveAllLoggers();
            }

            var provider = services.BuildServiceProvider();
            providers.Add(provider);
            return provider.GetRequiredService<TopoExclusionsClient>();
        }

        // The SDK's two per-attempt handlers, without IHttpClientFactory or Polly.
        var sdkHandlers = new AttemptLoggingHandler("Exclusions.Client.Topo", NullLogger.Instance, TimeProvider.System)
        {
            InnerHandler = new ClientHeadersHandler(() => SdkClients.ApiKey) { InnerHandler = transport() },
        };
        var withHandlers = new TopoExclusionsClient(new HttpClient(sdkHandlers) { BaseAddress = baseAddress }, new TopoOptions { ApiKey = SdkClients.ApiKey, BaseAddress = baseAddress }, null, null);

        var hand = new HandWrittenTopoClient(new HttpClient(transport()) { BaseAddress = new Uri(baseAddress.AbsoluteUri + "/") }, SdkClients.ApiKey);
        var layers = new (string Name, string Adds, TopoExclusionsClient? Sdk)[]
        {
            ("HandWritten", "baseline: HttpClient + System.Text.Json", null),
            ("SdkBare", "Refit, validation, DTO → model mapping", SdkClients.TopoBare(baseAddress, transport())),
            ("+ SDK handlers", "per-attempt logging/activity/metrics handler + auth/User-Agent handler", withHandlers),
            ("+ IHttpClientFactory, quota strategy", "DI, `UseDefaultPipeline = false`, factory logging removed (`RemoveAllLoggers()`)", Di(defaultPipeline: false, factoryLogging: false)),
            ("+ factory logging", "IHttpClientFactory's default logging handlers", Di(defaultPipeline: false, factoryLogging: true)),
            ("Sdk (as registered)", "+ total/attempt timeouts, retry, circuit breaker", Di(defaultPipeline: true, factoryLogging: true)),
            ("Sdk without factory logging", "as registered, then `.RemoveAllLoggers()` on the returned builder", Di(defaultPipeline: true, factoryLogging: false)),
        };

        var create = new CreateContactExclusionRequest { Email = "jane.doe@acme.com", Reason = ExclusionReason.Unsubscribed, Message = "Asked to stop on the phone" };
        var handCreate = new HandCreateContactExclusion { Email = "jane.doe@acme.com", Reason = "UNSUBSCRIBED", Message = "Asked to stop on the phone" };
        var pageQuery = new ContactExclusionQuery { PageSize = TopoCannedResponses.ListPageSize };
        var id = TopoCannedResponses.ExclusionId;

        var operations = new (string Name, int BatchSize, Func<TopoExclusionsClient?, Task> Call)[]
        {
            ("Get", sdkKeepsItsSocketHandler ? 60 : 400, sdk => sdk is null ? hand.GetContactExclusionAsync(id) : sdk.GetContactExclusionAsync(id)),
            ("ListPage", sdkKeepsItsSocketHandler ? 10 : 20, sdk => sdk is null ? hand.GetContactExclusionsPageAsync(1, TopoCannedResponses.ListPageSize) : sdk.GetContactExclusionsPageAsync(pageQuery)),
            ("Create", sdkKeepsItsSocketHandler ? 60 : 400, sdk => sdk is null ? hand.CreateContactExclusionAsync(handCreate) : sdk.CreateContactExclusionAsync(create)),
        };

        var results = new List<LayerResult>();
        try
        {
            foreach (var operation in operations)
            {
                var times = layers.Select(_ => new List<double>()).ToArray();
                var ratios = layers.Select(_ => new List<double>()).ToArray();
                var allocated = new long[layers.Length];
                for (var round = -3; round < Rounds; round++)
                {
                    var roundTimes = new double[layers.Length];
                    for (var k = 0; k < layers.Length; k++)
                    {
                        var i = (k + Math.Max(round, 0)) % layers.Length;
                        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
                        var watch = Stopwatch.StartNew();
                        for (var n = 0; n < operation.BatchSize; n++)
                        {
                            await operation.Call(layers[i].Sdk).ConfigureAwait(false);
                        }

                        watch.Stop();
                        if (round >= 0)
                        {
                            allocated[i] += GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
                        }

                        roundTimes[i] = watch.Elapsed.TotalNanoseconds / operation.BatchSize;
                    }

                    if (round < 0)
                    {
                        continue; // warm-up rounds: JIT, tiering, pools
                    }

                    for (var i = 0; i < layers.Length; i++)
                    {
                        times[i].Add(roundTimes[i]);
                        ratios[i].Add(roundTimes[i] / roundTimes[0]);
                    }
                }

                for (var i = 0; i < layers.Length; i++)
                {
                    var bytesPerCall = (double)allocated[i] / (Rounds * operation.BatchSize);
                    var baselineBytes = (double)allocated[0] / (Rounds * operation.BatchSize);
                    results.Add(new LayerResult(transportName, operation.Name, layers[i].Name, layers[i].Adds, Median(times[i]), Median(ratios[i]), bytesPerCall, bytesPerCall / baselineBytes));
                }
            }
        }
        finally
        {
            foreach (var provider in providers)
            {
                await provider.DisposeAsync().ConfigureAwait(false);
            }
        }

        return results;
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }
}

internal sealed record LayerResult(string Transport, string Operation, string Layer, string Adds, double MedianNs, double MedianRatio, double AllocatedBytes, double AllocRatio);
