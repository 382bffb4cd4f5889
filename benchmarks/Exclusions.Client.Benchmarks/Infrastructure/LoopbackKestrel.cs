using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Exclusions.Client.Benchmarks.Infrastructure;

/// <summary>The minimal Kestrel the benchmarks' loopback servers run on: 127.0.0.1, a free port, one request delegate.</summary>
internal static class LoopbackKestrel
{
    /// <summary>Starts a server answering every request with <paramref name="serve"/>; returns it and the address it listens on.</summary>
    public static async Task<(WebApplication App, Uri Address)> StartAsync(RequestDelegate serve)
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().ConfigureKestrel(o => o.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        app.Run(serve);
        await app.StartAsync().ConfigureAwait(false);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return (app, new Uri(address));
    }

    /// <summary>Writes a JSON answer as Topo does (status, <c>application/json</c>, a request id).</summary>
    public static async Task WriteJsonAsync(HttpContext context, int status, ReadOnlyMemory<byte> body)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json; charset=utf-8";
        context.Response.ContentLength = body.Length;
        context.Response.Headers["X-Request-Id"] = "req_benchmark";
        await context.Response.Body.WriteAsync(body, context.RequestAborted).ConfigureAwait(false);
    }

    /// <summary>Stops and disposes a server started by <see cref="StartAsync"/>.</summary>
    public static async ValueTask StopAsync(WebApplication app)
    {
        await app.StopAsync().ConfigureAwait(false);
        await app.DisposeAsync().ConfigureAwait(false);
    }
}
