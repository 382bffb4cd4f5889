using System.Globalization;
using System.Text.Json;
using Exclusions.Client.Testing;

namespace Exclusions.Client.Emulator;

/// <summary>The command line of <c>exclusions-emulator</c>, parsed and validated before anything starts.</summary>
internal sealed class HostArguments
{
    public const string Usage = """
        Usage: exclusions-emulator [options]
          --port N                 port on 127.0.0.1 (default 5080; 0 picks a free port)
          --topo-key KEY           Topo key with exclusions:read and exclusions:write (default: random)
          --topo-read-only-key KEY an extra Topo key with exclusions:read only (default: random)
          --amplemarket-key KEY    Amplemarket key (default: random)
          --seed FILE              initial exclusions, CSV (type,value[,reason]) or JSON ([{"type","value","reason"}]);
                                   type is email, domain or linkedin; emails and domains go to both vendors
          --fault-rate P           answer this share of requests (0..1) with a 503
          --latency MS             delay every request not answered by a fault by MS milliseconds
          --rate-limit N           requests per minute per key, both vendors (default: Amplemarket 500, Topo none)
          --lenient NAMES          relax strict choices the vendor docs leave open (comma-separated, or all):
                                   any-json-media-type, unknown-fields, unknown-query-parameters,
                                   case-sensitive-linkedin-urls, echo-bulk-keys-as-sent, non-uuid-id-is-not-found,
                                   any-topo-content-type, null-for-optional-fields, partial-timestamps
          --topo-timestamp-digits N fractional-second digits of Topo timestamps, 0..7 (default 6)
          --quiet                  do not print one line per request
        Admin: GET /_emulator/state (requests and stored state), POST /_emulator/reset (back to the seeded start).
        """;

    /// <summary>The names <c>--lenient</c> takes, each the <see cref="ExclusionsEmulatorOptions"/> switch it sets (docs/testing.md, Strict by default).</summary>
    internal static readonly IReadOnlyDictionary<string, Action<ExclusionsEmulatorOptions>> LenientSwitches = new Dictionary<string, Action<ExclusionsEmulatorOptions>>(StringComparer.OrdinalIgnoreCase)
    {
        ["any-json-media-type"] = o => o.AcceptAnyJsonMediaType = true,
        ["unknown-fields"] = o => o.IgnoreUnknownFields = true,
        ["unknown-query-parameters"] = o => o.IgnoreUnknownQueryParameters = true,
        ["case-sensitive-linkedin-urls"] = o => o.CaseSensitiveLinkedInUrls = true,
        ["echo-bulk-keys-as-sent"] = o => o.EchoBulkKeysAsSent = true,
        ["non-uuid-id-is-not-found"] = o => o.NonUuidIdIsNotFound = true,
        ["any-topo-content-type"] = o => o.AcceptAnyTopoContentType = true,
        ["null-for-optional-fields"] = o => o.AcceptNullForOptionalFields = true,
        ["partial-timestamps"] = o => o.AcceptPartialTimestamps = true,
    };

    public HostArguments() =>
        Options = new() { Port = 5080, EnableAdminEndpoints = true, ThrowOnDisposeIfFailed = false, OnStarted = Apply, OnReset = Apply };

    /// <summary>
    /// The emulator's options: keys, faults and seed are applied (<see cref="Apply"/>) before the emulator answers its
    /// first request, and again by <c>/_emulator/reset</c>, so no client ever lists a half-seeded store.
    /// </summary>
    public ExclusionsEmulatorOptions Options { get; }

    public string TopoReadOnlyKey { get; private set; } = "topo_readonly_" + Guid.NewGuid().ToString("N")[..12];

    public string? SeedFile { get; private set; }

    public double FaultRate { get; private set; }

    public TimeSpan Latency { get; private set; }

    public bool Quiet { get; private set; }

    public bool Help { get; private set; }

    /// <summary>Parses; <paramref name="error"/> is set (and the result null) on the first bad argument.</summary>
    public static HostArguments? Parse(IReadOnlyList<string> args, out string? error)
    {
        var result = new HostArguments();
        error = null;
        for (var i = 0; i < args.Count; i++)
        {
            var name = args[i];
            string? Value()
            {
                if (i + 1 >= args.Count)
                {
                    return null;
                }

                return args[++i];
            }

            switch (name)
            {
                case "--help" or "-h":
                    result.Help = true;
                    break;
                case "--quiet":
                    result.Quiet = true;
                    break;
                case "--port":
                    if (!int.TryParse(Value(), NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port > 65535)
                    {
                        error = "--port needs a number from 0 to 65535.";
                        return null;
                    }

                    result.Options.Port = port;
                    break;
                case "--topo-key" or "--amplemarket-key" or "--topo-read-only-key":
                    var key = Value();
                    if (string.IsNullOrWhiteSpace(key) || key.Any(char.IsWhiteSpace))
                    {
                        error = $"{name} needs a key without spaces.";
                        return null;
                    }

                    if (name == "--topo-key")
                    {
                        result.Options.TopoApiKey = key;
                    }
                    else if (name == "--amplemarket-key")
                    {
                        result.Options.AmplemarketApiKey = key;
                    }
                    else
                    {
                        result.TopoReadOnlyKey = key;
                    }

                    break;
                case "--seed":
                    result.SeedFile = Value();
                    if (string.IsNullOrWhiteSpace(result.SeedFile))
                    {
                        error = "--seed needs a file (.csv or .json).";
                        return null;
                    }

                    break;
                case "--fault-rate":
                    if (!double.TryParse(Value(), NumberStyles.Float, CultureInfo.InvariantCulture, out var rate) || rate is < 0 or > 1)
                    {
                        error = "--fault-rate needs a number from 0 to 1 (e.g. 0.1).";
                        return null;
                    }

                    result.FaultRate = rate;
                    break;
                case "--latency":
                    if (!int.TryParse(Value(), NumberStyles.None, CultureInfo.InvariantCulture, out var ms))
                    {
                        error = "--latency needs a whole number of milliseconds.";
                        return null;
                    }

                    result.Latency = TimeSpan.FromMilliseconds(ms);
                    break;
                case "--rate-limit":
                    if (!int.TryParse(Value(), NumberStyles.None, CultureInfo.InvariantCulture, out var perMinute) || perMinute < 1)
                    {
                        error = "--rate-limit needs a positive number of requests per minute.";
                        return null;
                    }

                    result.Options.AmplemarketRequestsPerMinute = perMinute;
                    result.Options.TopoRequestsPerMinute = perMinute;
                    break;
                case "--lenient":
                    var names = Value();
                    if (string.IsNullOrWhiteSpace(names))
                    {
                        error = $"--lenient needs names (comma-separated) or all: {string.Join(", ", LenientSwitches.Keys)}.";
                        return null;
                    }

                    foreach (var lenient in names.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
                    {
                        if (string.Equals(lenient, "all", StringComparison.OrdinalIgnoreCase))
                        {
                            foreach (var set in LenientSwitches.Values)
                            {
                                set(result.Options);
                            }
                        }
                        else if (LenientSwitches.TryGetValue(lenient, out var set))
                        {
                            set(result.Options);
                        }
                        else
                        {
                            error = $"--lenient: unknown name {Shorten(lenient)}; the names are {string.Join(", ", LenientSwitches.Keys)} (or all).";
                            return null;
                        }
                    }

                    break;
                case "--topo-timestamp-digits":
                    if (!int.TryParse(Value(), NumberStyles.None, CultureInfo.InvariantCulture, out var digits) || digits > 7)
                    {
                        error = "--topo-timestamp-digits needs a number from 0 to 7.";
                        return null;
                    }

                    result.Options.TopoTimestampFractionalDigits = digits;
                    break;
                default:
                    error = $"Unknown argument: {Shorten(name)} (try --help)";
                    return null;
            }
        }

        return result;
    }

    /// <summary>
    /// Starts the emulator on <see cref="Options"/>: it answers its first request only once keys, faults and seed
    /// are in place (<see cref="ExclusionsEmulatorOptions.OnStarted"/>).
    /// </summary>
    /// <exception cref="SeedFileException">The seed file cannot be read; the server is stopped again.</exception>
    public Task<ExclusionsEmulator> StartAsync() => ExclusionsEmulator.StartAsync(Options);

    /// <summary>Registers the read-only key, the fault rules and the seed on a started emulator.</summary>
    public void Apply(ExclusionsEmulator emulator)
    {
        emulator.Topo.AddApiKey(TopoReadOnlyKey, "Read-only key", TopoEmulator.ReadScope);
        // One fault per request: a request answered 503 is not also delayed.
        if (FaultRate > 0)
        {
            emulator.Faults.Add(FaultRule.ServerError(503) with { Probability = FaultRate });
        }

        if (Latency > TimeSpan.Zero)
        {
            emulator.Faults.Add(FaultRule.Delay(Latency));
        }

        if (SeedFile is not null)
        {
            foreach (var row in SeedRows.Read(SeedFile))
            {
                row.ApplyTo(emulator);
            }
        }
    }

    internal static string Shorten(string value)
    {
        var escaped = string.Concat(value.Select(c => char.IsControl(c) ? $"\\u{(int)c:x4}" : c.ToString()));
        return escaped.Length <= 80 ? escaped : escaped[..77] + "...";
    }
}

/// <summary>One exclusion of a seed file.</summary>
internal sealed record SeedRow(string Type, string Value, string? Reason)
{
    public void ApplyTo(ExclusionsEmulator emulator)
    {
        switch (Type)
        {
            case "email":
                emulator.Topo.SeedContactExclusion(Value, reason: Reason ?? "UNSUBSCRIBED");
                emulator.Amplemarket.SeedEmail(Value);
                break;
            case "domain":
                emulator.Topo.SeedAccountExclusion(Value, reason: Reason ?? "OTHER");
                emulator.Amplemarket.SeedDomain(Value);
                break;
            default:
                emulator.Topo.SeedContactExclusion(null, Value, reason: Reason ?? "UNSUBSCRIBED");
                break;
        }
    }
}

/// <summary>Reads a seed file: CSV with a header <c>type,value[,reason]</c>, or a JSON array of objects with those members.</summary>
internal static class SeedRows
{
    public static IReadOnlyList<SeedRow> Read(string path)
    {
        if (!File.Exists(path))
        {
            throw new SeedFileException($"{Shorten(path)}: file not found.");
        }

        var text = File.ReadAllText(path);
        return path.EndsWith(".json", StringComparison.OrdinalIgnoreCase) ? FromJson(path, text) : FromCsv(path, text);
    }

    public static IReadOnlyList<SeedRow> FromCsv(string path, string text)
    {
        var rows = new List<SeedRow>();
        var lines = text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        var header = lines[0].Trim().TrimStart('\uFEFF').Split(',').Select(h => h.Trim().ToLowerInvariant()).ToArray();
        if (header.Length < 2 || header[0] != "type" || header[1] != "value" || (header.Length > 2 && header[2] != "reason") || header.Length > 3)
        {
            throw new SeedFileException($"{Shorten(path)}: line 1: the header must be type,value or type,value,reason.");
        }

        for (var i = 1; i < lines.Length; i++)
        {
            if (string.IsNullOrWhiteSpace(lines[i]))
            {
                continue;
            }

            var cells = lines[i].Split(',').Select(c => c.Trim().Trim('"')).ToArray();
            if (cells.Length < 2 || cells.Length > header.Length)
            {
                throw new SeedFileException($"{Shorten(path)}: line {i + 1}: expected {header.Length} columns, got {cells.Length}: '{Shorten(lines[i])}'.");
            }

            rows.Add(Row(path, i + 1, cells[0], cells[1], cells.Length > 2 && cells[2].Length > 0 ? cells[2] : null));
        }

        return rows;
    }

    public static IReadOnlyList<SeedRow> FromJson(string path, string text)
    {
        List<Dictionary<string, string?>>? items;
        try
        {
            items = JsonSerializer.Deserialize<List<Dictionary<string, string?>>>(text);
        }
        catch (JsonException ex)
        {
            throw new SeedFileException($"{Shorten(path)}: line {(ex.LineNumber ?? 0) + 1}: not a JSON array of {{\"type\",\"value\",\"reason\"}} objects.");
        }

        return (items ?? []).Select((item, index) => Row(
            path, index + 1,
            item.GetValueOrDefault("type") ?? "",
            item.GetValueOrDefault("value") ?? "",
            item.GetValueOrDefault("reason"),
            json: true)).ToArray();
    }

    private static SeedRow Row(string path, int number, string type, string value, string? reason, bool json = false)
    {
        var where = json ? $"item {number}" : $"line {number}";
        type = type.ToLowerInvariant();
        if (type is not ("email" or "domain" or "linkedin"))
        {
            throw new SeedFileException($"{Shorten(path)}: {where}: type must be email, domain or linkedin, not '{Shorten(type)}'.");
        }

        if (value.Length == 0)
        {
            throw new SeedFileException($"{Shorten(path)}: {where}: the value is empty.");
        }

        return new SeedRow(type, value, reason);
    }

    private static string Shorten(string value) => HostArguments.Shorten(value);
}

/// <summary>A seed file that cannot be read; the message says where.</summary>
internal sealed class SeedFileException(string message) : Exception(message);
