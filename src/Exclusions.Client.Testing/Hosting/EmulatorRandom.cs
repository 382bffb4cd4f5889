namespace Exclusions.Client.Testing.Hosting;

/// <summary>
/// The emulator's single source of randomness (ids, fault probabilities), seeded so that a run is
/// reproducible. Thread-safe: <see cref="Random"/> itself is not.
/// </summary>
internal sealed class EmulatorRandom
{
    private readonly object _gate = new();
    private readonly Random _random;

    public EmulatorRandom(int seed) => _random = new Random(seed);

    public double NextDouble()
    {
        lock (_gate)
        {
            return _random.NextDouble();
        }
    }

    /// <summary>A version-4 (random) UUID drawn from the seeded generator.</summary>
    public Guid NextGuid()
    {
        Span<byte> bytes = stackalloc byte[16];
        lock (_gate)
        {
            _random.NextBytes(bytes);
        }

        // RFC 9562 layout in Guid's little-endian byte order: version nibble in byte 7, variant in byte 8.
        bytes[7] = (byte)((bytes[7] & 0x0F) | 0x40);
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        return new Guid(bytes);
    }
}
