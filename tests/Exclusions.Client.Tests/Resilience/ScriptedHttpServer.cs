using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Exclusions.Client.Tests.Resilience;

/// <summary>
/// A raw TCP HTTP/1.1 server for faults WireMock cannot produce: it reads the whole request, then
/// either answers with the scripted response or resets the connection, so the request reached the
/// server (and may have been applied) but no response ever comes back.
/// </summary>
public sealed class ScriptedHttpServer : IDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly Func<int, string, string?> _respond;
    private readonly CancellationTokenSource _stop = new();
    private int _count;

    /// <param name="respond">Given the 1-based request number and the request's first line, the raw response, or null to drop the connection.</param>
    public ScriptedHttpServer(Func<int, string, string?> respond)
    {
        _respond = respond;
        _listener.Start();
        _ = LoopbackAcceptLoop.RunAsync(_listener, _stop.Token, HandleAsync);
    }

    public Uri BaseAddress => new($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/v1");

    public ConcurrentQueue<string> RequestLines { get; } = new();

    public static string Respond(int status, string json)
        => $"HTTP/1.1 {status} Scripted\r\nContent-Type: application/json\r\nContent-Length: {Encoding.UTF8.GetByteCount(json)}\r\nConnection: close\r\n\r\n{json}";

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Stop();
        _stop.Dispose();
    }

    private async Task HandleAsync(Socket socket)
    {
        using (socket)
        {
            var received = new StringBuilder();
            var buffer = new byte[8192];
            int headerEnd;
            while ((headerEnd = received.ToString().IndexOf("\r\n\r\n", StringComparison.Ordinal)) < 0)
            {
                var n = await socket.ReceiveAsync(buffer, SocketFlags.None);
                if (n == 0)
                {
                    return;
                }

                received.Append(Encoding.UTF8.GetString(buffer, 0, n));
            }

            var head = received.ToString()[..headerEnd];
            var lengthLine = head.Split("\r\n").FirstOrDefault(l => l.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase));
            var length = lengthLine is null ? 0 : int.Parse(lengthLine["Content-Length:".Length..].Trim(), System.Globalization.CultureInfo.InvariantCulture);
            while (Encoding.UTF8.GetByteCount(received.ToString()) < headerEnd + 4 + length)
            {
                var n = await socket.ReceiveAsync(buffer, SocketFlags.None);
                if (n == 0)
                {
                    break;
                }

                received.Append(Encoding.UTF8.GetString(buffer, 0, n));
            }

            var requestLine = head.Split("\r\n")[0];
            RequestLines.Enqueue(requestLine);
            var response = _respond(Interlocked.Increment(ref _count), requestLine);
            if (response is null)
            {
                // Reset: the request was read (maybe applied), the response is lost.
                socket.LingerState = new LingerOption(true, 0);
                socket.Close();
                return;
            }

            await socket.SendAsync(Encoding.UTF8.GetBytes(response), SocketFlags.None);
            socket.Shutdown(SocketShutdown.Both);
        }
    }
}
