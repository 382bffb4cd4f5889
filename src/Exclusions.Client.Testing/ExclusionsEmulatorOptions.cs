namespace Exclusions.Client.Testing;

/// <summary>Settings for <see cref="ExclusionsEmulator.StartAsync"/>. The defaults suit most tests.</summary>
public sealed class ExclusionsEmulatorOptions
{
    /// <summary>The loopback port to listen on; 0 (the default) picks a free one.</summary>
    public int Port { get; set; }

    /// <summary>
    /// The clock for timestamps, <c>until</c> expiry and rate-limit windows. Pass a fake clock to test
    /// expiry and rate limits without waiting. Defaults to <see cref="TimeProvider.System"/>.
    /// </summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>
    /// Seeds the generator behind exclusion ids and fault probabilities, so a run is reproducible.
    /// <see langword="null"/> (the default) picks a random seed.
    /// </summary>
    public int? RandomSeed { get; set; }

    /// <summary>
    /// The Topo API key registered at start (and after <see cref="ExclusionsEmulator.Reset"/>), with both
    /// exclusion scopes. Defaults to a new random key per options instance: the SDK shares its client-side
    /// rate limit per API key across the process, so emulators in parallel tests must not share a key.
    /// </summary>
    public string TopoApiKey { get; set; } = "topo_emulator_" + Guid.NewGuid().ToString("N")[..12];

    /// <summary>The Amplemarket API key registered at start (and after <see cref="ExclusionsEmulator.Reset"/>); random per options instance, as <see cref="TopoApiKey"/>.</summary>
    public string AmplemarketApiKey { get; set; } = "amp_emulator_" + Guid.NewGuid().ToString("N")[..12];

    /// <summary>The Amplemarket list page size when a request gives no <c>page[size]</c>. Defaults to 100.</summary>
    public int AmplemarketPageSize { get; set; } = 100;

    /// <summary>
    /// Amplemarket's documented limit: requests per minute per API key, over a sliding 60-second window (see <see cref="RateLimitWindow"/>);
    /// excess requests get 429 (without <c>Retry-After</c>). Defaults to 500; <see langword="null"/> or 0 disables it.
    /// </summary>
    public int? AmplemarketRequestsPerMinute { get; set; } = 500;

    /// <summary>
    /// An optional Topo limit, requests per minute per API key (Topo documents none). Excess requests get 429
    /// with <c>Retry-After</c> in seconds. Defaults to <see langword="null"/> (off).
    /// </summary>
    public int? TopoRequestsPerMinute { get; set; }

    /// <summary>
    /// The span the rate limits above are counted over. Defaults to one minute, as the vendors count;
    /// shorten it (e.g. 40 requests per 2 s) to test rate limiting at a scaled-down bound without waiting
    /// minutes. Must be positive.
    /// </summary>
    public TimeSpan RateLimitWindow { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// Called after each request is recorded, on the request's thread (e.g. to print a request log).
    /// Must be thread-safe and must not throw.
    /// </summary>
    public Action<RecordedRequest>? OnRequest { get; set; }
}
