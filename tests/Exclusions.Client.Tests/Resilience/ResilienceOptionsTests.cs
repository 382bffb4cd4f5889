using Exclusions.Client.Resilience;
using Exclusions.Client.Topo;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Polly;

namespace Exclusions.Client.Tests.Resilience;

/// <summary>Resilience settings: defaults, configuration binding, validation and the delay formula.</summary>
public sealed class ResilienceOptionsTests
{
    [Fact]
    public void Defaults_follow_the_documented_values()
    {
        var o = new TopoOptions().Resilience;

        Assert.True(o.UseDefaultPipeline);
        Assert.Equal(3, o.MaxRetries);
        Assert.Equal(TimeSpan.FromSeconds(0.8), o.BaseDelay);
        Assert.Equal(TimeSpan.FromSeconds(30), o.MaxDelay);
        Assert.Equal(TimeSpan.FromSeconds(60), o.MaxRetryAfter);
        Assert.Equal(TimeSpan.FromSeconds(30), o.AttemptTimeout);
        Assert.Equal(TimeSpan.FromMinutes(3), o.TotalTimeout);
        Assert.Empty(o.Validate());
    }

    [Fact]
    public void Settings_bind_from_configuration()
    {
        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Exclusions:Topo:ApiKey"] = "topo_bound",
            ["Exclusions:Topo:RequestsPerMinute"] = "120",
            ["Exclusions:Topo:Resilience:MaxRetries"] = "5",
            ["Exclusions:Topo:Resilience:AttemptTimeout"] = "00:00:12",
        }).Build();
        var services = new ServiceCollection();
        services.AddTopoExclusions(config.GetSection("Exclusions:Topo"));

        var options = services.BuildServiceProvider().GetRequiredService<IOptions<TopoOptions>>().Value;

        Assert.Equal(5, options.Resilience.MaxRetries);
        Assert.Equal(TimeSpan.FromSeconds(12), options.Resilience.AttemptTimeout);
        Assert.Equal(120, options.RequestsPerMinute);
    }

    [Fact]
    public void Invalid_settings_are_reported_at_start_up()
    {
        var services = new ServiceCollection();
        services.AddTopoExclusions(o =>
        {
            o.ApiKey = "topo_x";
            o.RequestsPerMinute = 0;
            o.Resilience.MaxRetries = -1;
            o.Resilience.AttemptTimeout = TimeSpan.FromMinutes(10);
            o.Resilience.CircuitBreakerFailureRatio = 2;
        });

        var ex = Assert.Throws<OptionsValidationException>(() => services.BuildServiceProvider().GetRequiredService<IOptions<TopoOptions>>().Value);

        Assert.Contains(ex.Failures, f => f.Contains("MaxRetries", StringComparison.Ordinal));
        Assert.Contains(ex.Failures, f => f.Contains("AttemptTimeout", StringComparison.Ordinal));
        Assert.Contains(ex.Failures, f => f.Contains("CircuitBreakerFailureRatio", StringComparison.Ordinal));
        Assert.Contains(ex.Failures, f => f.Contains("RequestsPerMinute", StringComparison.Ordinal));
    }

    [Fact]
    public void A_standalone_client_takes_its_resilience_settings_along()
    {
        var options = new TopoOptions { ApiKey = "topo_standalone", Resilience = { MaxRetries = 7, TotalTimeout = TimeSpan.FromSeconds(42) } };
        using var client = new TopoExclusionsClient(options);

        var registered = client.Core!.Options;
        Assert.Equal(7, registered.Resilience.MaxRetries);
        Assert.Equal(TimeSpan.FromSeconds(42), registered.Resilience.TotalTimeout);
    }

    [Theory]
    [InlineData(0, 0.0, 640)]
    [InlineData(0, 1.0, 960)]
    [InlineData(1, 0.5, 1600)]
    [InlineData(2, 0.5, 3200)]
    [InlineData(10, 1.0, 30000)]
    public void Back_off_doubles_with_jitter_and_stops_at_the_maximum(int attempt, double random, double expectedMs)
    {
        var delay = ExclusionsPipeline.RetryDelay(Outcome.FromException<HttpResponseMessage>(new HttpRequestException()), attempt, new ExclusionResilienceOptions(), TimeProvider.System, () => random);

        Assert.Equal(expectedMs, delay.TotalMilliseconds, precision: 3);
    }
}
