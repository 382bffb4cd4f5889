using System.Diagnostics;
using System.Globalization;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using Exclusions.Client.Benchmarks;
using Exclusions.Client.Benchmarks.Measurements;
using Exclusions.Client.Benchmarks.Reporting;
using Perfolizer.Horology;

// Figures are written for readers anywhere: one culture for every number.
CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;

// dotnet run -c Release -- --summary <file.md>   every benchmark (short job) + the custom measurements → markdown
// dotnet run -c Release -- --measure             only the custom measurements (streaming memory, rate-limited bulk)
// dotnet run -c Release -- --measure snapshot    ExclusionSnapshot vs one HashSet lookup, interleaved (issue 17)
// dotnet run -c Release -- --measure topo-bulk-loopback [8]   bulk add 10k, loopback 50 ms, no limit / 429 above 8 in flight
// dotnet run -c Release -- --measure amplemarket-bulk         section 3 alone (rate-limited Amplemarket bulk add)
// dotnet run -c Release -- <BenchmarkDotNet args> e.g. --filter '*Snapshot*' --job short
if (args is ["--measure", "snapshot"])
{
    Console.WriteLine(SnapshotRatioMeasurement.Run());
    return 0;
}

if (args is ["--measure", "topo-bulk"])
{
    Console.WriteLine(await TopoThroughputMeasurement.BulkAsync().ConfigureAwait(false));
    return 0;
}

if (args is ["--measure", "topo-bulk-loopback", .. var limitArgs])
{
    // (a) no server limit, then (b) 429 above 8 in flight; "--measure topo-bulk-loopback 8" runs (b) only.
    int?[] limits = limitArgs is [var only] ? [int.Parse(only, CultureInfo.InvariantCulture)] : [null, 8];
    foreach (var limit in limits)
    {
        Console.WriteLine(await TopoBulkLimitMeasurement.RunAsync(limit).ConfigureAwait(false));
    }

    return 0;
}

if (args is ["--measure", "amplemarket-bulk"])
{
    // Section 3 alone: the rate-limited Amplemarket bulk add on a clock 60x faster than real time (about 20 s).
    Console.WriteLine(await RateLimitedBulkMeasurement.RunAsync().ConfigureAwait(false));
    return 0;
}

if (args is ["--measure", "topo-snapshot"])
{
    Console.WriteLine(await TopoThroughputMeasurement.SnapshotAsync().ConfigureAwait(false));
    return 0;
}

if (args is ["--measure", ..])
{
    foreach (var layer in await PerCallLayersMeasurement.RunAsync().ConfigureAwait(false))
    {
        Console.WriteLine(layer);
    }

    if (args is [_, "layers"])
    {
        return 0;
    }

    foreach (var result in await StreamingMemoryMeasurement.RunAsync().ConfigureAwait(false))
    {
        Console.WriteLine(result);
    }

    Console.WriteLine(await RateLimitedBulkMeasurement.RunAsync().ConfigureAwait(false));
    return 0;
}

if (args is ["--summary", var output, .. var rest])
{
    var machine = MachineInfo.Current();
    var watch = Stopwatch.StartNew();
    var artifacts = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(output))!, "BenchmarkDotNet.Artifacts");

    // A short job: a run of every benchmark fits in about ten minutes on two cores. Ratios come from
    // benchmarks measured side by side in the same run, so they are steadier than the absolute times.
    var job = Job.Default
        .WithLaunchCount(1)
        .WithWarmupCount(3)
        .WithIterationCount(10)
        .WithIterationTime(TimeInterval.FromMilliseconds(250))
        .WithId("Short");
    var config = DefaultConfig.Instance.AddJob(job).WithArtifactsPath(artifacts);
    var types = rest is ["--only", var only]
        ? [Type.GetType("Exclusions.Client.Benchmarks." + only, throwOnError: true)!]
        : new[] { typeof(PerCallInMemory), typeof(PerCallLoopback), typeof(StreamingBenchmarks), typeof(SnapshotBenchmarks) };
    var summaries = BenchmarkRunner.Run(types, config);

    Console.WriteLine("Measuring per-call overhead layer by layer (interleaved) …");
    var layers = await PerCallLayersMeasurement.RunAsync().ConfigureAwait(false);
    Console.WriteLine("Measuring peak memory while streaming …");
    var streaming = await StreamingMemoryMeasurement.RunAsync().ConfigureAwait(false);
    Console.WriteLine("Measuring the rate-limited bulk add (about 20 s) …");
    var bulk = await RateLimitedBulkMeasurement.RunAsync().ConfigureAwait(false);
    watch.Stop();

    var markdown = new SummaryWriter(summaries).Write(
        machine,
        MachineInfo.LoadAverageNow(),
        watch.Elapsed,
        "1 launch, 3 warm-up + 10 measured iterations of ≥ 250 ms, MemoryDiagnoser",
        layers,
        streaming,
        bulk);
    await File.WriteAllTextAsync(output, markdown).ConfigureAwait(false);
    Console.WriteLine(markdown);
    Console.WriteLine($"Wrote {output}");
    return summaries.All(s => !s.HasCriticalValidationErrors && s.Reports.All(r => r.Success)) ? 0 : 1;
}

BenchmarkSwitcher.FromAssembly(typeof(PerCallOverheadBenchmarks).Assembly).Run(args);
return 0;
