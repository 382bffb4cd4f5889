using System.Diagnostics;
using System.Text;
using CsCheck;
using Exclusions.Cli.Connection;
using Exclusions.Client;
using Exclusions.Client.Resilience;
using Exclusions.Client.Testing;
using Microsoft.Extensions.Time.Testing;

namespace Exclusions.Cli.Tests;

/// <summary>
/// Without EXCLUSIONS_REDIS, runs on one machine share each vendor budget through a locked state file in
/// the user's cache directory, so a second run waits before the vendor has to refuse it; a 429 without
/// Retry-After is waited out as the budget implies and said on stderr.
/// </summary>
public sealed class RateLimitSharingTests : IDisposable
{
    private static readonly TimeSpan Minute = TimeSpan.FromMinutes(1);
    private readonly string _directory = Path.Combine(Path.GetTempPath(), $"exclusions-quota-{Guid.NewGuid():N}");

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    [Fact]
    public void Reservations_never_put_more_than_the_limit_in_any_window()
    {
        // Oracle: sorted reservations, and any limit + 1 consecutive ones span at least a window.
        Gen.Select(Gen.Int[1, 8], Gen.Long[0, 3_000].Array[1, 60], Gen.Long[0, 2_000].Array[0, 5]).Sample((limit, gaps, refusals) =>
        {
            const long window = 1_000;
            var state = new FileQuotaLimiter.QuotaState();
            var all = new List<long>();
            var now = 0L;
            for (var i = 0; i < gaps.Length; i++)
            {
                now += gaps[i] % 700;
                if (i < refusals.Length && refusals[i] % 3 == 0)
                {
                    var wait = state.Refused(now, window);
                    if (wait <= 0 || wait > window)
                    {
                        return false;
                    }
                }

                var slot = state.Reserve(now, limit, window);
                if (slot < now || (all.Count > 0 && slot < all[^1]))
                {
                    return false;
                }

                all.Add(slot);
            }

            for (var i = limit; i < all.Count; i++)
            {
                if (all[i] - all[i - limit] < window)
                {
                    return false;
                }
            }

            return true;
        });
    }

    [Fact]
    public async Task Two_limiters_on_one_directory_share_the_budget_and_a_refusal_pauses_both()
    {
        var time = new FakeTimeProvider();
        var scope = new QuotaScope("Exclusions.Client.Amplemarket", "ABCDEF0123456789ABCDEF", 3, Minute);
        var waits = new List<RateLimitWait>();
        var first = new FileQuotaLimiter(_directory, time, TimeSpan.FromMinutes(2), waits.Add, _ => { });
        var second = new FileQuotaLimiter(_directory, time, TimeSpan.FromMinutes(2), waits.Add, _ => { });

        Assert.Equal(TimeSpan.Zero, await first.TryAcquireAsync(scope, CancellationToken.None));
        time.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal(TimeSpan.Zero, await second.TryAcquireAsync(scope, CancellationToken.None));
        Assert.Equal(TimeSpan.Zero, await first.TryAcquireAsync(scope, CancellationToken.None));

        // The fourth request, from the second "run", waits until the first one (t = 0) leaves the window.
        var fourth = second.TryAcquireAsync(scope, CancellationToken.None).AsTask();
        Assert.Equal(TimeSpan.FromSeconds(50), Assert.Single(waits).Delay);
        Assert.False(fourth.IsCompleted);
        time.Advance(TimeSpan.FromSeconds(50));
        Assert.Equal(TimeSpan.FromSeconds(50), await fourth.WaitAsync(TimeSpan.FromSeconds(5)));
        Assert.Single(Directory.GetFiles(_directory));
        Assert.DoesNotContain("ABCDEF0123456789ABCDEF", Path.GetFileName(Directory.GetFiles(_directory)[0]), StringComparison.Ordinal);

        // The vendor refuses anyway (someone else uses the key): both runs pause until the oldest request
        // they know of in the window (t = 10 s) leaves it, at t = 70 s.
        time.Advance(TimeSpan.FromSeconds(5));
        Assert.Equal(TimeSpan.FromSeconds(5), await first.ReportRefusalAsync(scope, CancellationToken.None));
        var paused = second.TryAcquireAsync(scope, CancellationToken.None).AsTask();
        Assert.False(paused.IsCompleted);
        time.Advance(TimeSpan.FromSeconds(5));
        await paused.WaitAsync(TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task A_cancelled_wait_gives_its_turn_back()
    {
        var time = new FakeTimeProvider();
        var scope = new QuotaScope("Exclusions.Client.Amplemarket", "0123456789ABCDEF01", 1, Minute);
        var limiter = new FileQuotaLimiter(_directory, time, TimeSpan.FromMinutes(2), null, _ => { });
        await limiter.TryAcquireAsync(scope, CancellationToken.None);
        using var cancel = new CancellationTokenSource();

        var waiting = limiter.TryAcquireAsync(scope, cancel.Token).AsTask();
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);
        time.Advance(Minute);
        Assert.Equal(TimeSpan.Zero, await limiter.TryAcquireAsync(scope, CancellationToken.None));
    }

    [Fact]
    public async Task An_unusable_directory_falls_back_to_the_run_s_own_limit_with_one_warning()
    {
        File.WriteAllText(_directory, "not a directory");
        try
        {
            var warnings = new List<string>();
            var scope = new QuotaScope("Exclusions.Client.Amplemarket", "0123456789ABCDEF01", 1, Minute);
            var limiter = new FileQuotaLimiter(_directory, new FakeTimeProvider(), TimeSpan.FromMinutes(2), null, warnings.Add);

            Assert.Null(await limiter.TryAcquireAsync(scope, CancellationToken.None));
            Assert.Null(await limiter.TryAcquireAsync(scope, CancellationToken.None));
            Assert.Null(await limiter.ReportRefusalAsync(scope, CancellationToken.None));
            Assert.Contains("this run keeps its own limit", Assert.Single(warnings), StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(_directory);
        }
    }

    [Fact]
    public void The_state_lives_in_the_user_s_cache_directory()
    {
        static CliSettings With(params (string Name, string Value)[] variables)
            => new(variables.ToDictionary(v => v.Name, v => (string?)v.Value), UseEmulator: false, Verbose: false);

        Assert.Equal(Path.Combine("/c", "exclusions"), FileQuotaLimiter.DefaultDirectory(With(("XDG_CACHE_HOME", "/c"), ("HOME", "/h"))));
        Assert.Equal(Path.Combine("/h", ".cache", "exclusions"), FileQuotaLimiter.DefaultDirectory(With(("HOME", "/h"))));
        Assert.Null(FileQuotaLimiter.DefaultDirectory(With()));
    }

    [Fact]
    public async Task A_second_run_waits_for_the_budget_the_first_used_instead_of_meeting_a_429()
    {
        await using var cli = await CliHarness.StartAsync(new ExclusionsEmulatorOptions { AmplemarketRequestsPerMinute = 3 });
        cli.Environment["AMPLEMARKET_RATE_LIMIT"] = "3";

        // A list reads emails and domains: two requests; the second run's second one has no room for a minute.
        var first = await cli.RunAsync("list", "--provider", "amplemarket", "--format", "json");
        var second = await cli.RunAsync(TimeSpan.FromSeconds(3), "list", "--provider", "amplemarket", "--format", "json");

        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.Contains("Amplemarket: rate limit reached", second.Stderr, StringComparison.Ordinal);
        Assert.Contains("Cancelled.", second.Stderr, StringComparison.Ordinal);
        Assert.Equal(3, cli.Emulator.Requests.Count(r => r.Vendor == EmulatedVendor.Amplemarket));
        Assert.DoesNotContain(cli.Emulator.Requests, r => r.StatusCode == 429);
        Assert.Single(Directory.GetFiles(Path.Combine(cli.CacheDirectory, "exclusions"), "*.quota"));
    }

    [Fact]
    public async Task A_429_without_Retry_After_is_waited_out_and_said_on_stderr()
    {
        // The vendor's budget is smaller than the CLI believes (another app uses the key).
        await using var cli = await CliHarness.StartAsync(new ExclusionsEmulatorOptions { AmplemarketRequestsPerMinute = 1 });

        var run = await cli.RunAsync(TimeSpan.FromSeconds(3), "list", "--provider", "amplemarket", "--format", "json");

        Assert.Contains("Amplemarket: rate limit reached", run.Stderr, StringComparison.Ordinal);
        Assert.Single(cli.Emulator.Requests, r => r.StatusCode == 429);
        Assert.DoesNotContain("answered 429", run.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("-1")]
    [InlineData("3601")]
    public async Task Rate_limit_wait_out_of_range_exits_2(string value)
    {
        await using var cli = await CliHarness.StartAsync();

        var run = await cli.RunAsync("list", "--provider", "amplemarket", "--rate-limit-wait", value);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("--rate-limit-wait must be between 0 and 3600", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Two_concurrent_processes_share_one_budget_and_the_vendor_refuses_neither()
    {
        await using var emulator = await ExclusionsEmulator.StartAsync(new ExclusionsEmulatorOptions { AmplemarketRequestsPerMinute = 3 });
        var environment = new Dictionary<string, string>
        {
            ["AMPLEMARKET_API_KEY"] = emulator.AmplemarketApiKey,
            ["AMPLEMARKET_BASE_URL"] = emulator.AmplemarketBaseAddress.ToString(),
            ["AMPLEMARKET_RATE_LIMIT"] = "3",
            ["XDG_CACHE_HOME"] = _directory,
        };

        // Two lists of two requests each against a budget of three: one of the four must wait ~a minute.
        using var a = StartProcess(environment, "list", "--provider", "amplemarket", "--format", "json");
        using var b = StartProcess(environment, "list", "--provider", "amplemarket", "--format", "json");
        var stderrA = CollectErrors(a);
        var stderrB = CollectErrors(b);
        _ = a.StandardOutput.ReadToEndAsync();
        _ = b.StandardOutput.ReadToEndAsync();

        var deadline = Stopwatch.StartNew();
        while (emulator.Requests.Count(r => r.Vendor == EmulatedVendor.Amplemarket) < 3 && deadline.Elapsed < TimeSpan.FromSeconds(30))
        {
            await Task.Delay(50);
        }

        // Whichever process got the fourth turn is waiting; the other finished; neither was refused.
        await Task.WhenAny(a.WaitForExitAsync(), b.WaitForExitAsync()).WaitAsync(TimeSpan.FromSeconds(30));
        var finished = a.HasExited ? a : b;
        var waiting = finished == a ? b : a;

        // The waiting process says so on stderr before it sleeps; on a busy machine that can take a while after
        // the third request (it still has to read the shared state), so wait for the line, not a fixed 200 ms.
        var waitingErrors = waiting == a ? stderrA : stderrB;
        var said = Stopwatch.StartNew();
        while (!Text(waitingErrors).Contains("Amplemarket: rate limit reached", StringComparison.Ordinal) && said.Elapsed < TimeSpan.FromSeconds(30) && !waiting.HasExited)
        {
            await Task.Delay(50);
        }

        Assert.False(waiting.HasExited, Text(waitingErrors));
        waiting.Kill();
        await waiting.WaitForExitAsync();
        var stderr = Text(waitingErrors);

        Assert.Equal(0, finished.ExitCode);
        Assert.Equal(3, emulator.Requests.Count(r => r.Vendor == EmulatedVendor.Amplemarket));
        Assert.DoesNotContain(emulator.Requests, r => r.StatusCode == 429);
        Assert.Contains("Amplemarket: rate limit reached", stderr, StringComparison.Ordinal);
    }

    private static StringBuilder CollectErrors(Process process)
    {
        var errors = new StringBuilder();
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                lock (errors)
                {
                    errors.AppendLine(e.Data);
                }
            }
        };
        process.BeginErrorReadLine();
        return errors;
    }

    private static string Text(StringBuilder errors)
    {
        lock (errors)
        {
            return errors.ToString();
        }
    }

    private static Process StartProcess(Dictionary<string, string> environment, params string[] args)
    {
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        var cliDirectory = AppContext.BaseDirectory.Replace(
            Path.Combine("tests", "Exclusions.Cli.Tests"), Path.Combine("src", "Exclusions.Cli"), StringComparison.Ordinal);
        start.ArgumentList.Add(Path.Combine(cliDirectory, "Exclusions.Cli.dll"));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var name in new[] { "TOPO_API_KEY", "TOPO_BASE_URL", "TOPO_RATE_LIMIT", "EXCLUSIONS_REDIS" })
        {
            start.Environment.Remove(name);
        }

        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        return Process.Start(start)!;
    }
}
