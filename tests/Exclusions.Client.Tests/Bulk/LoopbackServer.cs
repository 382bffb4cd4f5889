using System.Net;
using System.Net.Sockets;
using System.Text;
using Exclusions.Client.Tests.Resilience;

namespace Exclusions.Client.Tests.Bulk;

/// <summary>
/// A small keep-alive HTTP/1.1 server on loopback whose answer to each request is computed by the test
/// (WireMock cannot count requests in flight). <see cref="InFlight"/> counts requests received and not yet answered.
/// </summary>
public sealed class LoopbackServer : IDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly Func<LoopbackRequest, Task<LoopbackResponse>> _respond;
    private readonly CancellationTokenSource _stop = new();
    private int _inFlight;
    private int _peakInFlight;
    private int _requests;

    public LoopbackServer(Func<LoopbackRequest, Task<LoopbackResponse>> respond)
    {
        _respond = respond;
        _listener.Start();
        _ = LoopbackAcceptLoop.RunAsync(_listener, _stop.Token, ServeAsync);
    }

    public Uri BaseAddress => new($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/v1");

    public int InFlight => Volatile.Read(ref _inFlight);

    public int PeakInFlight => Volatile.Read(ref _peakInFlight);

    public int Requests => Volatile.Read(ref _requests);

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Stop();
        _stop.Dispose();
    }

    private async Task ServeAsync(Socket socket)
    {
        using var _ = socket;
        using var stream = new NetworkStream(socket);
        var buffer = new List<byte>(4096);
        var chunk = new byte[8192];
        try
        {
            while (true)
            {
                int headerEnd;
                while ((headerEnd = IndexOfHeaderEnd(buffer)) < 0)
                {
                    var n = await stream.ReadAsync(chunk, _stop.Token);
                    if (n == 0)
                    {
                        return;
                    }

                    buffer.AddRange(chunk.AsSpan(0, n));
                }

                var head = Encoding.ASCII.GetString(buffer.GetRange(0, headerEnd).ToArray());
                var lines = head.Split("\r\n");
                var lengthLine = lines.FirstOrDefault(l => l.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase));
                var length = lengthLine is null ? 0 : int.Parse(lengthLine["Content-Length:".Length..].Trim(), System.Globalization.CultureInfo.InvariantCulture);
                while (buffer.Count < headerEnd + 4 + length)
                {
                    var n = await stream.ReadAsync(chunk, _stop.Token);
                    if (n == 0)
                    {
                        return;
                    }

                    buffer.AddRange(chunk.AsSpan(0, n));
                }

                var body = Encoding.UTF8.GetString(buffer.GetRange(headerEnd + 4, length).ToArray());
                buffer.RemoveRange(0, headerEnd + 4 + length);
                if (lines.Any(l => l.StartsWith("Transfer-Encoding:", StringComparison.OrdinalIgnoreCase) && l.Contains("chunked", StringComparison.OrdinalIgnoreCase)))
                {
                    var text = new StringBuilder();
                    while (true)
                    {
                        int lineEnd;
                        while ((lineEnd = IndexOfLineEnd(buffer)) < 0)
                        {
                            var n = await stream.ReadAsync(chunk, _stop.Token);
                            if (n == 0)
                            {
                                return;
                            }

                            buffer.AddRange(chunk.AsSpan(0, n));
                        }

                        var size = Convert.ToInt32(Encoding.ASCII.GetString(buffer.GetRange(0, lineEnd).ToArray()).Split(';')[0].Trim(), 16);
                        while (buffer.Count < lineEnd + 2 + size + 2)
                        {
                            var n = await stream.ReadAsync(chunk, _stop.Token);
                            if (n == 0)
                            {
                                return;
                            }

                            buffer.AddRange(chunk.AsSpan(0, n));
                        }

                        text.Append(Encoding.UTF8.GetString(buffer.GetRange(lineEnd + 2, size).ToArray()));
                        buffer.RemoveRange(0, lineEnd + 2 + size + 2);
                        if (size == 0)
                        {
                            break;
                        }
                    }

                    body = text.ToString();
                }
                var parts = lines[0].Split(' ');
                Interlocked.Increment(ref _requests);
                var now = Interlocked.Increment(ref _inFlight);
                int peak;
                while (now > (peak = Volatile.Read(ref _peakInFlight)) && Interlocked.CompareExchange(ref _peakInFlight, now, peak) != peak)
                {
                }

                LoopbackResponse response;
                try
                {
                    response = await _respond(new LoopbackRequest(parts[0], parts[1], body, now));
                }
                finally
                {
                    Interlocked.Decrement(ref _inFlight);
                }

                var extra = response.RetryAfterSeconds is { } s ? $"Retry-After: {s}\r\n" : string.Empty;
                var bytes = Encoding.UTF8.GetBytes(
                    $"HTTP/1.1 {response.Status} X\r\nContent-Type: application/json\r\n{extra}Content-Length: {Encoding.UTF8.GetByteCount(response.Body)}\r\n\r\n{response.Body}");
                await stream.WriteAsync(bytes, _stop.Token);
            }
        }
        catch (Exception) when (_stop.IsCancellationRequested)
        {
        }
        catch (IOException)
        {
        }
    }

    private static int IndexOfLineEnd(List<byte> buffer)
    {
        for (var i = 1; i < buffer.Count; i++)
        {
            if (buffer[i - 1] == '\r' && buffer[i] == '\n')
            {
                return i - 1;
            }
        }

        return -1;
    }

    private static int IndexOfHeaderEnd(List<byte> buffer)
    {
        for (var i = 3; i < buffer.Count; i++)
        {
            if (buffer[i - 3] == '\r' && buffer[i - 2] == '\n' && buffer[i - 1] == '\r' && buffer[i] == '\n')
            {
                return i - 3;
            }
        }

        return -1;
    }
}

/// <param name="InFlight">Requests in flight at the server including this one.</param>
public sealed record LoopbackRequest(string Method, string Target, string Body, int InFlight);

public sealed record LoopbackResponse(int Status, string Body, int? RetryAfterSeconds = null);
