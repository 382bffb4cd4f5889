namespace Exclusions.Client.Testing.Hosting;

/// <summary>
/// Added by <c>AddExclusionsEmulator</c> innermost in each client's pipeline: a response marked with
/// <c>X-Emulator-Failure</c> becomes an <see cref="EmulatorFailureException"/> carrying the emulator's own
/// exception, so the test fails at the call (retries and 500-handling never see it).
/// </summary>
internal sealed class EmulatorFailureHandler(ExclusionsEmulator emulator) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (response.Headers.TryGetValues(FailureLog.HeaderName, out var values) && values.FirstOrDefault() is { } requestId)
        {
            var failures = emulator.FailuresFor(requestId);
            response.Dispose();
            throw failures.Count > 0
                ? new EmulatorFailureException(failures)
                : new EmulatorFailureException($"The emulator failed while serving {request.Method} {request.RequestUri?.AbsolutePath} ({requestId}).");
        }

        return response;
    }
}
