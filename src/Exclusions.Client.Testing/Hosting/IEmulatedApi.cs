using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Exclusions.Client.Testing.Hosting;

/// <summary>One vendor's API as the shared middleware sees it: its routes, its gate and its error shape.</summary>
internal interface IEmulatedApi
{
    EmulatedVendor Vendor { get; }

    /// <summary>Whether a request path belongs to this API.</summary>
    bool Owns(PathString path);

    void MapEndpoints(IEndpointRouteBuilder endpoints);

    /// <summary>Headers every response of this API carries, set before anything else runs.</summary>
    void AddResponseHeaders(HttpContext context, EmulatorRequestContext request);

    /// <summary>Authentication, rate limit and authorization. Writes the rejection and returns <see langword="false"/> when refused.</summary>
    Task<bool> AdmitAsync(HttpContext context, EmulatorRequestContext request);

    /// <summary>Writes an error in this vendor's documented shape (used for injected faults and unexpected failures).</summary>
    Task WriteErrorAsync(HttpContext context, EmulatorRequestContext request, int statusCode, string message);

    /// <summary>Forgets state: exclusions, rate-limit windows; API keys go back to the defaults.</summary>
    void Reset();
}
