namespace Exclusions.Client.Testing;

/// <summary>What <see cref="ExclusionsEmulator.Inspect"/> returns: the request log, the stored state of both vendors and the emulator's failures.</summary>
public sealed record EmulatorSnapshot
{
    /// <summary>The requests received, oldest first, with their bodies (never the <c>Authorization</c> value).</summary>
    public required IReadOnlyList<RecordedRequest> Requests { get; init; }

    /// <summary>Topo's contact exclusions, in insertion order.</summary>
    public required IReadOnlyList<EmulatedTopoExclusion> TopoContactExclusions { get; init; }

    /// <summary>Topo's account exclusions, in insertion order.</summary>
    public required IReadOnlyList<EmulatedTopoExclusion> TopoAccountExclusions { get; init; }

    /// <summary>Amplemarket's excluded e-mails, in list order.</summary>
    public required IReadOnlyList<EmulatedAmplemarketExclusion> AmplemarketExcludedEmails { get; init; }

    /// <summary>Amplemarket's excluded domains, in list order.</summary>
    public required IReadOnlyList<EmulatedAmplemarketExclusion> AmplemarketExcludedDomains { get; init; }

    /// <summary>Exceptions the emulator threw while serving requests (see <see cref="ExclusionsEmulator.Failures"/>).</summary>
    public required IReadOnlyList<EmulatorFailure> Failures { get; init; }

    /// <summary>The requests sent to one vendor, oldest first.</summary>
    /// <param name="vendor">The vendor.</param>
    /// <returns>Those requests.</returns>
    public IReadOnlyList<RecordedRequest> RequestsTo(EmulatedVendor vendor) => Requests.Where(r => r.Vendor == vendor).ToArray();
}
