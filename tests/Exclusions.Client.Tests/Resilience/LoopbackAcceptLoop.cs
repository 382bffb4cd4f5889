using System.Net.Sockets;

namespace Exclusions.Client.Tests.Resilience;

/// <summary>The accept loop the raw loopback test servers share: each connection is served on its own task until the server stops.</summary>
internal static class LoopbackAcceptLoop
{
    public static async Task RunAsync(TcpListener listener, CancellationToken stop, Func<Socket, Task> serve)
    {
        while (!stop.IsCancellationRequested)
        {
            Socket socket;
            try
            {
                socket = await listener.AcceptSocketAsync(stop);
            }
            catch (Exception) when (stop.IsCancellationRequested)
            {
                return;
            }
            catch (SocketException)
            {
                return;
            }

            _ = Task.Run(() => serve(socket));
        }
    }
}
