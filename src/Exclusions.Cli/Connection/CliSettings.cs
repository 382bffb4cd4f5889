namespace Exclusions.Cli.Connection;

/// <summary>What every command shares: the environment it reads and the global switches.</summary>
/// <param name="Environment">The process environment (injected, so tests run commands in-process).</param>
/// <param name="UseEmulator"><c>--emulator</c>: an embedded, empty emulator for every provider.</param>
/// <param name="Verbose"><c>--verbose</c>: log each HTTP request to stderr.</param>
internal sealed record CliSettings(IReadOnlyDictionary<string, string?> Environment, bool UseEmulator, bool Verbose)
{
    /// <summary><c>--concurrency</c>: the most Topo writes in flight at once (the adaptive window's ceiling); <see langword="null"/> for the SDK's default.</summary>
    public int? Concurrency { get; init; }

    /// <summary><c>--rate-limit-wait</c>: the longest a request waits in total for a vendor's per-minute budget after 429s; <see langword="null"/> for the SDK's default (2 minutes).</summary>
    public TimeSpan? RateLimitWait { get; init; }

    public string? Get(string name)
        => Environment.TryGetValue(name, out var value) && !string.IsNullOrWhiteSpace(value) ? value.Trim() : null;
}
