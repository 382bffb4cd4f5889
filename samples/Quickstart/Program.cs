// Quickstart: register both vendors through DI, add a few exclusions to both, list them, check a
// handful of prospects, then remove exactly what it added. See QuickstartRun.cs for the steps.
//
//   dotnet run --project samples/Quickstart               # the embedded emulator; no key, nothing real is touched
//   dotnet run --project samples/Quickstart -- --live     # the real API of every key set (TOPO_API_KEY, AMPLEMARKET_API_KEY)
using Quickstart;

using var cancellation = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) => { e.Cancel = true; cancellation.Cancel(); };   // Ctrl+C still cleans up
return await QuickstartRun.RunAsync(args, Environment.GetEnvironmentVariable, Console.Out, Console.Error, cancellation.Token);
