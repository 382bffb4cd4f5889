using System.Net;
using System.Runtime.ExceptionServices;
using Exclusions.Client.Errors;
using Exclusions.Client.Internal;
using Refit;

namespace Exclusions.Client.Http;

/// <summary>
/// Turns a Refit <see cref="IApiResponse"/> into a value or a typed exception. Each vendor client owns
/// one, configured with its provider and error parser; all status mapping goes through
/// <see cref="ApiErrorMapper"/>. A call without a response (no connection, a timeout, an open circuit)
/// is an <see cref="ExclusionApiException"/> subtype too; only cancellation surfaces unchanged.
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

    public T Value<T>(IApiResponse<T> response) => Value(response, out _);

    /// <summary>The content of a successful response, and the response itself (recorded in any <see cref="ExclusionResponseCapture"/>).</summary>
    public T Value<T>(IApiResponse<T> response, out ExclusionResponse raw)
    {
        if (response.IsSuccessful && response.Content is { } content)
        {
            raw = Record(response);
            return content;
        }

        throw ToException(response);
    }

    public ExclusionResponse Success(IApiResponse response)
    {
        if (!response.IsSuccessful)
        {
            throw ToException(response);
        }

        return Record(response);
    }

    /// <summary>
    /// The one place, for both vendors, where a response the SDK read becomes an <see cref="ExclusionResponse"/>:
    /// status, request id, operation and attempts, recorded in the current <see cref="ExclusionResponseCapture"/>.
    /// </summary>
    private ExclusionResponse Record(IApiResponse response)
    {
        var request = response.RequestMessage;
        var raw = new ExclusionResponse(
            _provider,
            response.StatusCode ?? 0,
            RequestDescription.RequestId(response.Headers),
            AttemptCount.Operation(request),
            Math.Max(1, AttemptCount.Of(request)));
        ExclusionResponseCapture.Record(raw);
        return raw;
    }

    public Exception ToException(IApiResponse response)
    {
        if (response.HasRequestError(out var requestError))
        {
            var failure = requestError.InnerException ?? requestError;
            if (failure is OperationCanceledException or ObjectDisposedException)
            {
                // Cancellation (the caller's token) is not a failure, and a call on a disposed client is a bug
                // in the caller: both surface unchanged, as HttpClient's would.
                ExceptionDispatchInfo.Capture(failure).Throw();
            }

            return ApiErrorMapper.CreateWithoutResponse(_provider, requestError.RequestMessage ?? response.RequestMessage, failure, _apiKey());
        }

        var status = response.StatusCode ?? 0;
        Record(response);
        if (response.IsSuccessStatusCode)
        {
            // A 2xx whose body could not be read: the call may have succeeded, so say so plainly.
            return Unreadable(status, response.Error, response.RequestMessage);
        }

        var body = response.HasResponseError(out var apiError) ? apiError.Content : null;
        return ApiErrorMapper.Create(_provider, status, response.Headers, body, _parser, _apiKey(), _time.GetUtcNow(), response.Error, response.RequestMessage);
    }

    private ExclusionApiException Unreadable(HttpStatusCode status, Exception? inner, HttpRequestMessage? request)
    {
        var details = new ExclusionApiErrorDetails(_provider, status) { ErrorCode = "unreadable_response", Operation = AttemptCount.Operation(request), Attempts = AttemptCount.Of(request) };
        return new ExclusionApiException(
            $"{_provider} API returned {(int)status} but its body is empty or not the documented JSON.",
            details,
            inner is null ? null : new InvalidOperationException(SecretRedactor.Redact(inner.Message, _apiKey()), inner.InnerException));
    }
}
