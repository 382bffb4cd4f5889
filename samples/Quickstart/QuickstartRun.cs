using Exclusions.Client;
using Exclusions.Client.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Quickstart;

/// <summary>The Quickstart's steps, runnable in-process (the samples' tests call it).</summary>
public static class QuickstartRun
{
    /// <summary>Runs the Quickstart; returns the process exit code (0 ok, 1 failed, 2 usage, 3 key refused).</summary>
    /// <param name="args"><c>--live</c> to use the real APIs of the keys set; nothing else.</param>
    /// <param name="getEnvironment">Reads an environment variable.</param>
    /// <param name="stdout">Where the steps are written.</param>
    /// <param name="stderr">Where an error is written (one line).</param>
    /// <param name="cancellationToken">Stops the steps (the clean-up still runs).</param>
    public static async Task<int> RunAsync(string[] args, Func<string, string?> getEnvironment, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(getEnvironment);
        ArgumentNullException.ThrowIfNull(stdout);
        ArgumentNullException.ThrowIfNull(stderr);
        var live = args.Contains("--live", StringComparer.Ordinal);
        if (args.FirstOrDefault(a => a != "--live") is { } unknown)
        {
            await stderr.WriteLineAsync($"error: unknown argument '{unknown}'. Usage: dotnet run --project samples/Quickstart [-- --live]");
            return 2;
        }

        var topoKey = NullIfEmpty(getEnvironment("TOPO_API_KEY"));
        var amplemarketKey = NullIfEmpty(getEnvironment("AMPLEMARKET_API_KEY"));
        if (live && topoKey is null && amplemarketKey is null)
        {
            await stderr.WriteLineAsync("error: --live needs TOPO_API_KEY and/or AMPLEMARKET_API_KEY; without --live the Quickstart uses the embedded emulator.");
            return 2;
        }

        // The emulator unless --live: a key that happens to be set in the shell never makes a demo write to a real account.
        await using var emulator = live ? null : await ExclusionsEmulator.StartAsync(cancellationToken: cancellationToken);
        var services = new ServiceCollection();
        if (emulator is not null)
        {
            stdout.WriteLine($"Target: the embedded emulator on {emulator.TopoBaseAddress.GetLeftPart(UriPartial.Authority)} (no API keys needed).");
            stdout.WriteLine(topoKey is null && amplemarketKey is null
                ? "        Add --live (with TOPO_API_KEY and/or AMPLEMARKET_API_KEY set) to run against the real APIs."
                : "        An API key is set but not used: add --live to run against the real API(s).");
            services.AddExclusionsEmulator(emulator);
        }
        else
        {
            if (topoKey is not null)
            {
                var baseUrl = NullIfEmpty(getEnvironment("TOPO_BASE_URL"));
                stdout.WriteLine($"Target: the REAL Topo API at {baseUrl ?? "https://api.topo.io/v1"} (TOPO_API_KEY, --live).");
                services.AddTopoExclusions(o => { o.ApiKey = topoKey; if (baseUrl is not null) { o.BaseAddress = new Uri(baseUrl); } });
            }

            if (amplemarketKey is not null)
            {
                var baseUrl = NullIfEmpty(getEnvironment("AMPLEMARKET_BASE_URL"));
                stdout.WriteLine($"Target: the REAL Amplemarket API at {baseUrl ?? "https://api.amplemarket.com"} (AMPLEMARKET_API_KEY, --live).");
                services.AddAmplemarketExclusions(o => { o.ApiKey = amplemarketKey; if (baseUrl is not null) { o.BaseAddress = new Uri(baseUrl); } });
            }
        }

        await using var provider = services.BuildServiceProvider();
        var added = new Dictionary<ExclusionProvider, List<ExclusionTarget>>();
        try
        {
            var clients = provider.GetRequiredService<ExclusionClients>();
            stdout.WriteLine($"Providers: {string.Join(", ", clients.Providers)}");
            await RunStepsAsync(clients, added, stdout, cancellationToken);
            return 0;
        }
        catch (Exception ex) when (Describe(ex) is { } message)
        {
            await stderr.WriteLineAsync(message.Text);
            return message.ExitCode;
        }
        finally
        {
            // Whatever happened, remove exactly what this run added (and nothing that was there before).
            await CleanUpAsync(provider, added, emulator, stdout, stderr);
        }
    }

    private static async Task RunStepsAsync(ExclusionClients clients, Dictionary<ExclusionProvider, List<ExclusionTarget>> added, TextWriter stdout, CancellationToken ct)
    {
        // 1. Add a few exclusions to every provider.
        var requests = new[]
        {
            new ExclusionRequest(ExclusionTarget.Email("jane.doe@acme-demo.com"), ExclusionReason.Unsubscribed, "Unsubscribed via footer link"),
            new ExclusionRequest(ExclusionTarget.Domain("https://rival-demo.com/about"), ExclusionReason.Competitor, "Direct competitor"),
            new ExclusionRequest(ExclusionTarget.LinkedInUrl("https://www.linkedin.com/in/john-demo/"), ExclusionReason.ContactRefused),
            new ExclusionRequest(ExclusionTarget.Email("ooo@globex-demo.com"), ExclusionReason.OutOfOffice, until: DateTimeOffset.UtcNow.AddDays(14)),
        };
        Section(stdout, "1. Add 4 exclusions to every provider");
        var results = await clients.AddAsync(requests, ct);
        foreach (var (vendor, result) in results)
        {
            added[vendor] = [.. result.Items.Where(i => i.Outcome.Kind == ItemOutcomeKind.Added).Select(i => i.Input.Target)];
        }

        foreach (var (vendor, result) in results)
        {
            foreach (var item in result.Items)
            {
                // A refused key fails every item: say it once, as an error, rather than per item.
                if (item.Outcome.Exception is ExclusionAuthenticationException or ExclusionPermissionException)
                {
                    throw item.Outcome.Exception;
                }

                stdout.WriteLine($"  {vendor,-12} {item.Input.Target,-50} {item.Outcome}");
            }

            stdout.WriteLine($"  {vendor,-12} => {result}");
        }

        // 2. List what each provider holds (a real account may hold many: the first 20 are shown).
        Section(stdout, "2. List the exclusions (all pages)");
        var count = 0;
        await foreach (var exclusion in clients.ListAsync(cancellationToken: ct))
        {
            if (++count <= 20)
            {
                var until = exclusion.Until is { } u ? $"until {u:yyyy-MM-dd}" : "permanent";
                stdout.WriteLine($"  {exclusion.Provider,-12} {exclusion.Target,-50} {exclusion.Reason?.ToString() ?? "-",-16} {until}");
            }
        }

        if (count > 20)
        {
            stdout.WriteLine($"  … and {count - 20} more");
        }

        // 3. Check prospects locally against a snapshot of both lists.
        Section(stdout, "3. Check prospects before a send");
        var snapshot = await clients.LoadSnapshotAsync(ct);
        string[] prospects = ["jane.doe@acme-demo.com", "CEO@Rival-Demo.com", "sales@eu.rival-demo.com", "ooo@globex-demo.com", "new.lead@initech-demo.com"];
        foreach (var email in prospects)
        {
            var match = snapshot.Match(email, DateTimeOffset.UtcNow);
            stdout.WriteLine($"  {email,-28} {(match.IsExcluded ? "EXCLUDED by " + match + $" ({match.Kind})" : "ok to contact")}");
        }
    }

    // 4. Remove what step 1 added, vendor by vendor; items that were already there stay.
    private static async Task CleanUpAsync(ServiceProvider provider, Dictionary<ExclusionProvider, List<ExclusionTarget>> added, ExclusionsEmulator? emulator, TextWriter stdout, TextWriter stderr)
    {
        if (added.Values.All(t => t.Count == 0))
        {
            return;
        }

        Section(stdout, "4. Clean up: remove what step 1 added");
        var clients = provider.GetRequiredService<ExclusionClients>();
        foreach (var (vendor, targets) in added.Where(a => a.Value.Count > 0))
        {
            try
            {
                var result = await clients[vendor].RemoveAsync(targets, cancellationToken: CancellationToken.None);
                foreach (var item in result.Items)
                {
                    stdout.WriteLine($"  {vendor,-12} {item.Input,-50} {item.Outcome}");
                }

                if (!result.AllSucceeded)
                {
                    await stderr.WriteLineAsync($"warning: {vendor}: {result.Items.Count(i => !i.Outcome.IsSuccess)} item(s) added by the Quickstart could not be removed; remove them by hand.");
                }
            }
            catch (Exception ex) when (Describe(ex) is { } message)
            {
                await stderr.WriteLineAsync($"warning: clean-up failed, the Quickstart's items are still in {vendor}: {message.Text}");
            }
        }

        if (emulator is not null)
        {
            var left = emulator.Topo.ContactExclusions.Count + emulator.Topo.AccountExclusions.Count
                + emulator.Amplemarket.ExcludedEmails.Count + emulator.Amplemarket.ExcludedDomains.Count;
            stdout.WriteLine();
            stdout.WriteLine($"The emulator served {emulator.Requests.Count} requests and holds {left} exclusions. Done.");
        }
    }

    /// <summary>One line and an exit code for the failures a user can act on; null for a bug (let it crash).</summary>
    private static (string Text, int ExitCode)? Describe(Exception ex) => ex switch
    {
        ExclusionAuthenticationException a => ($"error: {a.Provider} rejected the API key in {KeyVariable(a.Provider)} (401 Unauthorized). Check the key; nothing was changed.", 3),
        ExclusionPermissionException p => ($"error: {p.Provider} refused the request (403 Forbidden{(p.MissingScope is null ? "" : $", missing scope {p.MissingScope}")}): the key in {KeyVariable(p.Provider)} lacks a permission.", 3),
        ExclusionApiException api => ($"error: {api.Message}", 1),
        OptionsValidationException options => ($"error: {options.Message}", 2),
        OperationCanceledException => ("cancelled.", 130),
        _ => null,
    };

    private static string KeyVariable(ExclusionProvider provider)
        => provider == ExclusionProvider.Topo ? "TOPO_API_KEY" : "AMPLEMARKET_API_KEY";

    private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;

    private static void Section(TextWriter stdout, string title)
    {
        stdout.WriteLine();
        stdout.WriteLine(title);
    }
}
