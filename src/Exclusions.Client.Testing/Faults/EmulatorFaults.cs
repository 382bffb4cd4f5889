using Exclusions.Client.Testing.Hosting;

namespace Exclusions.Client.Testing;

/// <summary>
/// The fault rules of an emulator (<see cref="ExclusionsEmulator.Faults"/>). Thread-safe: rules can be
/// added while requests are in flight, and a rule limited by <see cref="FaultRule.Times"/> fires exactly
/// that many times however many requests race for it.
/// </summary>
/// <remarks>
/// Rules are tried in the order they were added; the first one that matches a request (and wins its
/// <see cref="FaultRule.Probability"/> draw) is applied, and at most one fault is applied per request.
/// </remarks>
public sealed class EmulatorFaults
{
    private readonly object _gate = new();
    private readonly List<ActiveRule> _rules = [];
    private readonly EmulatorRandom _random;

    internal EmulatorFaults(EmulatorRandom random) => _random = random;

    /// <summary>The number of rules that can still fire.</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _rules.Count;
            }
        }
    }

    /// <summary>Adds a rule after the existing ones.</summary>
    /// <param name="rule">The fault to inject.</param>
    public void Add(FaultRule rule)
    {
        ArgumentNullException.ThrowIfNull(rule);
        if (rule.Times is < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(rule), rule.Times, "FaultRule.Times must be at least 1 (or null for always).");
        }

        if (rule.Probability is < 0 or > 1 || double.IsNaN(rule.Probability))
        {
            throw new ArgumentOutOfRangeException(nameof(rule), rule.Probability, "FaultRule.Probability must be between 0 and 1.");
        }

        if ((rule.Kind == FaultKind.RateLimit && rule.StatusCode != 429)
            || (rule.Kind == FaultKind.ServerError && rule.StatusCode is < 500 or > 599))
        {
            throw new ArgumentOutOfRangeException(nameof(rule), rule.StatusCode, "A rate-limit fault answers 429 and a server-error fault 5xx.");
        }

        lock (_gate)
        {
            _rules.Add(new ActiveRule(rule, rule.Times));
        }
    }

    /// <summary>Removes every rule.</summary>
    public void Clear()
    {
        lock (_gate)
        {
            _rules.Clear();
        }
    }

    /// <summary>Picks the fault for a request, if any, consuming one use of its rule.</summary>
    internal FaultRule? Next(EmulatedVendor vendor, string method, string path)
    {
        lock (_gate)
        {
            for (var i = 0; i < _rules.Count; i++)
            {
                var active = _rules[i];
                if (!active.Rule.Matches(vendor, method, path))
                {
                    continue;
                }

                if (active.Rule.Probability < 1 && _random.NextDouble() >= active.Rule.Probability)
                {
                    continue;
                }

                if (active.Remaining is { } remaining)
                {
                    if (remaining <= 1)
                    {
                        _rules.RemoveAt(i);
                    }
                    else
                    {
                        active.Remaining = remaining - 1;
                    }
                }

                return active.Rule;
            }

            return null;
        }
    }

    private sealed class ActiveRule(FaultRule rule, int? remaining)
    {
        public FaultRule Rule { get; } = rule;

        public int? Remaining { get; set; } = remaining;
    }
}
