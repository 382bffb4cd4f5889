using System.Diagnostics.CodeAnalysis;
using Exclusions.Client.Errors;
using Exclusions.Client.Resilience;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Exclusions.Client.Amplemarket;
using Exclusions.Client.Topo;
using Microsoft.Extensions.Options;

namespace Exclusions.Client.Http;

/// <summary>
/// What every vendor client is built from, written once for both vendors: the <see cref="HttpClient"/>
/// with the SDK's pipeline, the validated options, the clock, the logger, the response → exception
/// mapping and, for a standalone client, the private service provider it owns and disposes.
/// </summary>
internal sealed class VendorClientCore : IDisposable, IAsyncDisposable
{
    private ServiceProvider? _owned;

    public VendorClientCore(ExclusionProvider provider, IVendorErrorParser parser, HttpClient http, ExclusionClientOptions options, ILoggerFactory? loggerFactory, TimeProvider? time, Type loggerCategory)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(options);
        options.ThrowIfInvalid();
        var apiKey = options.ApiKey;
        Http = http;
        Options = options;
        Time = time ?? TimeProvider.System;
        Logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger(loggerCategory);
        Responses = new ApiResponses(provider, parser, () => apiKey, Time);
    }

    public HttpClient Http { get; }

    public ExclusionClientOptions Options { get; }

    public TimeProvider Time { get; }

    public ILogger Logger { get; }

    public ApiResponses Responses { get; }

    /// <summary>
    /// Builds a private service provider holding one registration of the vendor (the very registration
    /// <c>AddTopoExclusions</c>/<c>AddAmplemarketExclusions</c> makes, with the caller's configuration applied
    /// to the registered options, so no setting can be left behind), and returns the core of the client it
    /// creates, owning that provider. Standalone clients share one quota limiter per key
    /// (<see cref="QuotaLimiters.Standalone"/>).
    /// </summary>
    /// <param name="configure">Configures the registered options; or <see langword="null"/> with <paramref name="options"/>.</param>
    /// <param name="options">The caller's options instance, used as is (not copied); or <see langword="null"/>.</param>
    /// <exception cref="ArgumentException">The options are invalid.</exception>
    public static VendorClientCore Standalone<TClient, [DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicParameterlessConstructor)] TOptions>(Action<TOptions>? configure, TOptions? options)
        where TClient : ExclusionsClientBase
        where TOptions : ExclusionClientOptions
    {
        var services = new ServiceCollection();
        services.AddSingleton(QuotaLimiters.Standalone);
        var apply = configure ?? (static _ => { });
        _ = apply switch
        {
            Action<TopoOptions> topo => services.AddTopoExclusions(topo),
            Action<AmplemarketOptions> amplemarket => services.AddAmplemarketExclusions(amplemarket),
            _ => throw new NotSupportedException(typeof(TOptions).Name),
        };
        if (options is not null)
        {
            options.ThrowIfInvalid();
            services.AddSingleton<IOptionsFactory<TOptions>>(new InstanceOptionsFactory<TOptions>(options));
        }

        var provider = services.BuildServiceProvider();
        try
        {
            var core = provider.GetRequiredService<TClient>().Core!;
            core._owned = provider;
            return core;
        }
        catch (OptionsValidationException e)
        {
            provider.Dispose();
            throw new ArgumentException(e.Message, e);
        }
        catch
        {
            provider.Dispose();
            throw;
        }
    }

    /// <summary>A standalone client's: its HttpClient, then the provider with the handler chain. Nothing for a client from DI.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _owned, null) is { } owned)
        {
            Http.Dispose();
            owned.Dispose();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _owned, null) is { } owned)
        {
            Http.Dispose();
            await owned.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Hands out the caller's own options instance: a standalone client sees exactly what it was given.</summary>
    private sealed class InstanceOptionsFactory<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicParameterlessConstructor)] TOptions>(TOptions options) : IOptionsFactory<TOptions>
        where TOptions : class
    {
        public TOptions Create(string name) => options;
    }
}
