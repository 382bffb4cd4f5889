using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;
using Exclusions.Cli.Connection;
using Exclusions.Client;

namespace Exclusions.Cli.Tests;

/// <summary>
/// Failures end a command in one place: one clear line on stderr (with the vendor's request id when there
/// is one), the rest only with --verbose, and the exit code from one table (CliExitCode.For).
/// </summary>
public sealed class FailureOutputTests
{
    private static readonly Dictionary<string, string?> NoEnvironment = [];

    public static TheoryData<Exception, int> Failures => new()
    {
        { new ExclusionTransportException("Topo GET /contact-exclusions failed after 4 attempts: no response (connection refused or lost)", Details(0), new HttpRequestException(HttpRequestError.ConnectionError, "Connection refused")), 1 },
        { new ExclusionTimeoutException("Topo GET /contact-exclusions failed after 1 attempt: no response within 180 s", Details(0), new TimeoutException()), 1 },
        { new ExclusionCircuitOpenException("Topo GET /me failed after 0 attempts: the circuit breaker is open", Details(0)), 1 },
        { new ExclusionServerException("Topo API returned 503 (ServiceUnavailable)", Details(503, "req_503")), 1 },
        { new ExclusionRateLimitedException("Amplemarket API returned 429 (TooManyRequests)", Details(429, "req_429")), 1 },
        { new ExclusionAuthenticationException("Topo API returned 401 (Unauthorized)", Details(401, "req_401")), 3 },
        { new ExclusionPermissionException("Topo API returned 403 (Forbidden)", Details(403)), 3 },
        { new ArgumentException("The e-mail is invalid."), 2 },
        { new CliException(CliFailure.InvalidInput, "--value: not an e-mail"), 2 },
        { new CliException(CliFailure.MissingCredentials, "TOPO_API_KEY is not set"), 3 },
        { new CliException(CliFailure.NotDone, "Topo has no contact exclusion with id x"), 1 },
        { new InvalidOperationException("a bug\nover two lines", new IOException("inner cause")), 1 },
    };

    [Theory]
    [MemberData(nameof(Failures))]
    public void Every_failure_is_one_line_on_stderr_and_its_exit_code_comes_from_the_one_table(Exception failure, int exitCode)
    {
        var (code, stderr) = Fail(failure, verbose: false);

        Assert.Equal(exitCode, code);
        Assert.Equal(exitCode, CliExitCode.For(failure));
        var line = Assert.Single(Lines(stderr));
        Assert.DoesNotContain("   at ", stderr, StringComparison.Ordinal);
        if (failure is ExclusionApiException { RequestId: { } requestId })
        {
            Assert.Contains(requestId, line, StringComparison.Ordinal);
        }

        if (failure is ExclusionApiException api && api.StatusCode == 0)
        {
            Assert.Contains("Topo", line, StringComparison.Ordinal);
            Assert.DoesNotContain("answered 0", line, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Verbose_shows_the_rest_the_exception_types_inner_exceptions_and_stack()
    {
        Exception thrown;
        try
        {
            throw new ExclusionTransportException("Topo GET /me failed after 1 attempt: no response", Details(0), new HttpRequestException(HttpRequestError.ConnectionError, "Connection refused (127.0.0.1:9)"));
        }
        catch (ExclusionTransportException ex)
        {
            thrown = ex;
        }

        var (quietCode, quiet) = Fail(thrown, verbose: false);
        var (verboseCode, verbose) = Fail(thrown, verbose: true);

        Assert.Equal(quietCode, verboseCode);
        Assert.Single(Lines(quiet));
        Assert.StartsWith(Lines(quiet)[0], verbose, StringComparison.Ordinal);
        Assert.Contains(nameof(HttpRequestException), verbose, StringComparison.Ordinal);
        Assert.Contains("Connection refused (127.0.0.1:9)", verbose, StringComparison.Ordinal);
        Assert.Contains("   at ", verbose, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_vendor_error_ends_the_command_with_one_line_naming_the_request_id_and_verbose_adds_the_details()
    {
        using var server = new FixedResponseServer(400, """{"status_code":400,"type":"ValidationIssue","message":"bad filter","data":null,"request_id":"req_cli_400"}""");
        var environment = new Dictionary<string, string?>
        {
            ["TOPO_API_KEY"] = "topo_cli_failure_test_key",
            ["TOPO_BASE_URL"] = server.BaseAddress,
        };

        var quiet = await RunAsync(environment, "list", "--provider", "topo", "--quiet");
        var verbose = await RunAsync(environment, "list", "--provider", "topo", "--quiet", "--verbose");

        Assert.Equal(1, quiet.ExitCode);
        var line = Assert.Single(Lines(quiet.Stderr));
        Assert.StartsWith("error: Topo", line, StringComparison.Ordinal);
        Assert.Contains("400", line, StringComparison.Ordinal);
        Assert.Contains("req_cli_400", line, StringComparison.Ordinal);
        Assert.Equal(1, verbose.ExitCode);
        Assert.Contains(nameof(ExclusionValidationException), verbose.Stderr, StringComparison.Ordinal);
        Assert.Contains("   at ", verbose.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("topo_cli_failure_test_key", quiet.Stderr + verbose.Stderr, StringComparison.Ordinal);
    }

    /// <summary>Exit codes are decided in one place: no other CLI source file names a failure exit code.</summary>
    [Fact]
    public void Only_CliExitCode_decides_failure_exit_codes()
    {
        var cli = Path.Combine(FindRoot(), "src", "Exclusions.Cli");
        var offenders = Directory.EnumerateFiles(cli, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && Path.GetFileName(f) != "CliExitCode.cs")
            .Where(f => Regex.IsMatch(File.ReadAllText(f), @"CliExitCode\.(ItemFailed|InvalidInput|AuthenticationFailed)\b|return\s+[123]\s*;"))
            .Select(f => Path.GetRelativePath(cli, f))
            .ToList();

        Assert.Empty(offenders);
    }

    private static (int Code, string Stderr) Fail(Exception failure, bool verbose)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var console = new CliConsole(stdout, stderr, outputIsTerminal: false, errorIsTerminal: false);
        var code = CliRunner.Fail(console, failure, new CliSettings(NoEnvironment, UseEmulator: false, Verbose: verbose));
        return (code, stderr.ToString());
    }

    private static async Task<CliRun> RunAsync(Dictionary<string, string?> environment, params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var code = await CliApp.RunAsync(args, stdout, stderr, environment, timeout.Token);
        return new CliRun(code, stdout.ToString(), stderr.ToString());
    }

    private static string[] Lines(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r')).ToArray();

    private static ExclusionApiErrorDetails Details(int status, string? requestId = null)
        => new(ExclusionProvider.Topo, (HttpStatusCode)status) { RequestId = requestId };

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Exclusions.Client.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Exclusions.Client.sln not found above " + AppContext.BaseDirectory);
    }

    /// <summary>A loopback HTTP server answering every request with one fixed JSON response.</summary>
    private sealed class FixedResponseServer : IDisposable
    {
        private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
        private readonly CancellationTokenSource _stop = new();

        public FixedResponseServer(int status, string json)
        {
            _listener.Start();
            var response = Encoding.UTF8.GetBytes($"HTTP/1.1 {status} Fixed\r\nContent-Type: application/json\r\nContent-Length: {Encoding.UTF8.GetByteCount(json)}\r\nConnection: close\r\n\r\n{json}");
            _ = Task.Run(async () =>
            {
                while (!_stop.IsCancellationRequested)
                {
                    try
                    {
                        using var socket = await _listener.AcceptSocketAsync(_stop.Token);
                        var buffer = new byte[16384];
                        var received = new StringBuilder();
                        while (!received.ToString().Contains("\r\n\r\n", StringComparison.Ordinal))
                        {
                            var n = await socket.ReceiveAsync(buffer, SocketFlags.None, _stop.Token);
                            if (n == 0)
                            {
                                break;
                            }

                            received.Append(Encoding.ASCII.GetString(buffer, 0, n));
                        }

                        await socket.SendAsync(response, SocketFlags.None, _stop.Token);
                        socket.Shutdown(SocketShutdown.Both);
                    }
                    catch (Exception) when (_stop.IsCancellationRequested)
                    {
                        return;
                    }
                    catch (SocketException)
                    {
                    }
                }
            });
        }

        public string BaseAddress => $"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/v1";

        public void Dispose()
        {
            _stop.Cancel();
            _listener.Stop();
            _stop.Dispose();
        }
    }

    /// <summary>
    /// A list that fails before its first row (here a refused key) writes nothing to stdout in any format: a redirected
    /// file or a pipe must not hold "[]" or a bare header, which a script ignoring the exit code would read as "no
    /// opt-outs". Before, each format's opening was written first.
    /// </summary>
    [Theory]
    [InlineData("table")]
    [InlineData("csv")]
    [InlineData("json")]
    public async Task A_list_that_fails_before_any_row_leaves_stdout_empty(string format)
    {
        await using var cli = await CliHarness.StartAsync();
        cli.Emulator.Topo.SeedContactExclusion("jane@acme.com");
        cli.Environment["TOPO_API_KEY"] = "topo_wrong_key_0000";

        var run = await cli.RunAsync("list", "--provider", "topo", "--format", format, "--quiet");

        Assert.True(run.ExitCode == 3, run.ToString());
        Assert.Equal(string.Empty, run.Stdout);
        Assert.NotEmpty(run.Stderr);
    }
}
