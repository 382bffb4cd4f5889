using System.Globalization;
using System.Runtime.InteropServices;
using Exclusions.Client.Testing;

// Runs the Topo + Amplemarket emulator as a standalone server until Ctrl+C:
//   dotnet run --project src/Exclusions.Client.Emulator -- --port 5080 [--quiet]
var options = new ExclusionsEmulatorOptions { Port = 5080 };
var quiet = false;
for (var i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--port" when i + 1 < args.Length && int.TryParse(args[i + 1], NumberStyles.None, CultureInfo.InvariantCulture, out var port):
            options.Port = port;
            i++;
            break;
        case "--quiet":
            quiet = true;
            break;
        case "--help" or "-h":
            Console.WriteLine("Usage: Exclusions.Client.Emulator [--port <port>] [--quiet]");
            Console.WriteLine("  --port   port to listen on, on 127.0.0.1 (default 5080; 0 picks a free port)");
            Console.WriteLine("  --quiet  do not print one line per request");
            return 0;
        default:
            Console.Error.WriteLine($"Unknown argument: {args[i]} (try --help)");
            return 2;
    }
}

if (!quiet)
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

await using var emulator = await ExclusionsEmulator.StartAsync(options);
Console.WriteLine("Exclusions emulator running. Press Ctrl+C to stop.");
Console.WriteLine($"  Topo base address:        {emulator.TopoBaseAddress}");
Console.WriteLine($"  Topo API key:             {emulator.TopoApiKey}");
Console.WriteLine($"  Amplemarket base address: {emulator.AmplemarketBaseAddress}");
Console.WriteLine($"  Amplemarket API key:      {emulator.AmplemarketApiKey}");

try
{
    await Task.Delay(Timeout.Infinite, stop.Token);
}
catch (OperationCanceledException)
{
    // Ctrl+C
}

Console.WriteLine("Stopping.");
return 0;
