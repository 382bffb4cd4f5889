using Microsoft.AspNetCore.Builder;

namespace Exclusions.Client.Benchmarks.Infrastructure;

/// <summary>
/// A minimal Kestrel on 127.0.0.1 answering the same canned Topo bytes as <see cref="CannedTopoHandler"/>:
/// the per-call comparison over a real socket, where the SDK's work is a smaller share of the call.
/// </summary>
internal sealed class LoopbackServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private LoopbackServer(WebApplication app, Uri address)
    {
        _app = app;
        Address = address;
    }

    public Uri Address { get; }

    public static async Task<LoopbackServer> StartAsync()
    {
        var (app, address) = await LoopbackKestrel.StartAsync(async context =>
        {
            await context.Request.Body.CopyToAsync(Stream.Null, context.RequestAborted).ConfigureAwait(false);
            var (status, body) = TopoCannedResponses.Route(context.Request.Method, context.Request.Path.Value ?? "/");
            await LoopbackKestrel.WriteJsonAsync(context, (int)status, body).ConfigureAwait(false);
        }).ConfigureAwait(false);
        return new LoopbackServer(app, address);
    }

    public ValueTask DisposeAsync() => LoopbackKestrel.StopAsync(_app);
}
