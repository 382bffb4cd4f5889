namespace Exclusions.Client.Testing.Hosting;

/// <summary>
/// The client side of an in-memory emulator: TestServer's handler, whose failures look as they do over a
/// socket. When the emulator drops a connection (<c>FaultRule.DropConnection</c>, <c>ApplyThenDropResponse</c>)
/// TestServer fails the call with an <see cref="OperationCanceledException"/> ("The application aborted the
/// request"), which a client takes for its own cancellation or a timeout; <c>SocketsHttpHandler</c> throws an
/// <see cref="HttpRequestException"/>, which is what the SDK's retry (and code under test) expects.
/// </summary>
internal sealed class InMemoryHandler(HttpMessageHandler server) : DelegatingHandler(server)
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        try
        {
            return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not HttpRequestException && !(ex is OperationCanceledException && cancellationToken.IsCancellationRequested))
        {
            throw new HttpRequestException(HttpRequestError.ResponseEnded, "The emulator ended the connection without a complete response.", ex);
        }
    }
}
