using System.Globalization;
using System.Net;
using System.Runtime.ExceptionServices;
using Exclusions.Client.Errors;
using Exclusions.Client.Internal;
using Polly.Timeout;
using Refit;

namespace Exclusions.Client.Http;

/// <summary>
/// Turns a Refit <see cref="IApiResponse"/> into a value or a typed exception. Each vendor client owns
/// one, configured with its provider and error parser; all status mapping goes through
/// <see cref="ApiErrorMapper"/>. Transport failures (no response at all) are rethrown as the original
/// <see cref="HttpRequestException"/> / <see cref="OperationCanceledException"/>, as HttpClient would;
/// a resilience timeout (total, or the last attempt's) becomes a <see cref="TimeoutException"/>.
/// </summary>
internal sealed class ApiResponses
{
    private readonly ExclusionProvider _provider;
    private readonly IVendorErrorParser _parser;
    private readonly Func<string?> _apiKey;
    private readonly TimeProvider _time;

    public ApiResponses(ExclusionProvider provider, IVendorErrorParser parser, Func<string?> apiKey, TimeProvider time)
    {
        _provider = provider;
        _parser = parser;
        _apiKey = apiKey;
        _time = time;
    }

    public T Value<T>(IApiResponse<T> response)
    {
        if (response.IsSuccessful && response.Content is { } content)
        {
            return content;
        }

        throw ToException(response);
    }

    public void Success(IApiResponse response)
    {
        if (!response.IsSuccessful)
        {
            throw ToException(response);
        }
    }

    public Exception ToException(IApiResponse response)
    {
        if (response.HasRequestError(out var requestError))
        {
            // No response was received: surface what HttpClient threw, unchanged.
            if (requestError.InnerException is TimeoutRejectedException timeout)
            {
                // Polly's timeout type is an implementation detail; callers catch TimeoutException.
                return new TimeoutException(
                    string.Create(CultureInfo.InvariantCulture, $"{_provider} API call did not complete within {timeout.Timeout.TotalSeconds:0.###} s (Resilience.TotalTimeout, or AttemptTimeout on the last attempt)."),
                    timeout);
            }

            if (requestError.InnerException is { } transport)
            {
                ExceptionDispatchInfo.Capture(transport).Throw();
            }

            return requestError;
        }

        var status = response.StatusCode ?? 0;
        if (response.IsSuccessStatusCode)
        {
            // A 2xx whose body could not be read: the call may have succeeded, so say so plainly.
            return Unreadable(status, response.Error);
        }

        var body = response.HasResponseError(out var apiError) ? apiError.Content : null;
        return ApiErrorMapper.Create(_provider, status, response.Headers, body, _parser, _apiKey(), _time.GetUtcNow(), response.Error);
    }

    private ExclusionApiException Unreadable(HttpStatusCode status, Exception? inner)
    {
        var details = new ExclusionApiErrorDetails(_provider, status) { ErrorCode = "unreadable_response" };
        return new ExclusionApiException(
            $"{_provider} API returned {(int)status} but its body is empty or not the documented JSON.",
            details,
            inner is null ? null : new InvalidOperationException(SecretRedactor.Redact(inner.Message, _apiKey()), inner.InnerException));
    }
}
