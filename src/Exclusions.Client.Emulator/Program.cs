using System.Globalization;
using System.Runtime.InteropServices;
using Exclusions.Client.Emulator;
using Exclusions.Client.Testing;

// Runs the Topo + Amplemarket emulator as a standalone server until Ctrl+C:
//   exclusions-emulator --seed seed.csv   (or: dotnet run --project src/Exclusions.Client.Emulator -- --seed seed.csv)
var parsed = HostArguments.Parse(args, out var error);
if (parsed is null)
{
    Console.Error.WriteLine(error);
    return 2;
}

if (parsed.Help)
{
    Console.WriteLine(HostArguments.Usage);
    return 0;
}

var options = parsed.Options;
if (!parsed.Quiet)
{
    options.OnRequest = request => Console.WriteLine(
        $"{request.Timestamp:HH:mm:ss.fff} {request.Vendor,-11} {request.Method,-6} {request.Path}{request.Query} -> "
        + (request.StatusCode?.ToString(CultureInfo.InvariantCulture) ?? "dropped")
        + (request.Fault is { } fault ? $" (fault: {fault})" : ""));
}

// Ctrl+C (SIGINT) and SIGTERM (e.g. `docker stop`) both stop the emulator gracefully.
using var stop = new CancellationTokenSource();
void OnSignal(PosixSignalContext context)
{
    context.Cancel = true;
    stop.Cancel();
}

using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal);
using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal);

// The seed is applied by options.OnStarted, before the first request is answered: a client polling the port
// must not list a store that is still being seeded (100,000 rows take a while).
ExclusionsEmulator started;
try
{
    started = await parsed.StartAsync();
}
catch (SeedFileException ex)
{
    Console.Error.WriteLine(ex.Message);
    return 2;
}

await using var emulator = started;

Console.WriteLine("Exclusions emulator running. Press Ctrl+C to stop.");
Console.WriteLine($"  Topo base address:        {emulator.TopoBaseAddress}");
Console.WriteLine($"  Topo API key:             {emulator.TopoApiKey}");
Console.WriteLine($"  Topo read-only key:       {parsed.TopoReadOnlyKey}");
Console.WriteLine($"  Amplemarket base address: {emulator.AmplemarketBaseAddress}");
Console.WriteLine($"  Amplemarket API key:      {emulator.AmplemarketApiKey}");
Console.WriteLine($"  OpenAPI documents:        {emulator.AmplemarketBaseAddress}openapi/topo.json, {emulator.AmplemarketBaseAddress}openapi/amplemarket.json");
Console.WriteLine($"  Admin:                    GET {emulator.AmplemarketBaseAddress}_emulator/state, POST {emulator.AmplemarketBaseAddress}_emulator/reset");

try
{
    await Task.Delay(Timeout.Infinite, stop.Token);
}
catch (OperationCanceledException)
{
    // Ctrl+C
}

foreach (var failure in emulator.Failures)
{
    Console.Error.WriteLine($"emulator failure: {failure}");
}

Console.WriteLine("Stopping.");
return 0;
