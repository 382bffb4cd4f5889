using Microsoft.AspNetCore.Http;

namespace Exclusions.Client.Testing.Hosting;

/// <summary>What the emulator's middleware learned about a request, for the endpoints that handle it.</summary>
internal sealed class EmulatorRequestContext
{
    public required EmulatedVendor Vendor { get; init; }

    public required string RequestId { get; init; }

    /// <summary>The body as text, read once by the middleware (it is also logged).</summary>
    public string? Body { get; init; }

    /// <summary>The authenticated API key (never logged).</summary>
    public string? ApiKey { get; set; }

    public static EmulatorRequestContext Of(HttpContext context) =>
        context.Features.Get<EmulatorRequestContext>()
        ?? throw new InvalidOperationException("The emulator middleware did not run for this request.");
}
