namespace Exclusions.Cli;

/// <summary>
/// Caps how much garbage a long streaming loop (a million rows of <c>check --file</c>, a list of 100,000) leaves
/// before the garbage collector looks at it. Every row is garbage once written, but the collector waits for its
/// youngest generation's budget to fill, and .NET sizes that budget from the processor's cache: on a cloud machine
/// that reports a 300 MiB L3 it is 85 MiB and more, all of it dead rows counted in the process's peak memory (on a
/// desktop with an 8 to 32 MiB cache it is a few MiB, and this never acts). The budget can only be set by an
/// environment variable (<c>DOTNET_GCgen0size</c>), not from the application, so the loop asks for a young-generation
/// collection itself once <see cref="Budget"/> has been allocated without one. Such a collection finds almost
/// nothing alive (the snapshot is old by then) and takes well under a millisecond; at most one per 16 MiB.
/// </summary>
internal struct YoungGarbageCap
{
    /// <summary>Allocation without a young collection after which the loop asks for one.</summary>
    public const long Budget = 16 << 20;

    /// <summary>Items between two looks at the allocation counter (a few MiB of rows at most).</summary>
    private const int CheckEvery = 1024;

    private long _allocatedAtLastCollection;
    private int _collections;
    private int _items;

    /// <summary>A cap counting from now.</summary>
    public static YoungGarbageCap Start() => new() { _allocatedAtLastCollection = GC.GetTotalAllocatedBytes(), _collections = GC.CollectionCount(0) };

    /// <summary>One more item of the loop; now and then, a young collection if the collector has let <see cref="Budget"/> pass.</summary>
    public void Step()
    {
        if (++_items % CheckEvery != 0)
        {
            return;
        }

        var allocated = GC.GetTotalAllocatedBytes();
        var collections = GC.CollectionCount(0);
        if (collections != _collections)
        {
            // The collector ran on its own: count from here (roughly: it ran somewhere since the last look).
            _collections = collections;
            _allocatedAtLastCollection = allocated;
        }
        else if (allocated - _allocatedAtLastCollection >= Budget)
        {
            GC.Collect(0, GCCollectionMode.Forced, blocking: true);
            _collections = GC.CollectionCount(0);
            _allocatedAtLastCollection = GC.GetTotalAllocatedBytes();
        }
    }
}
