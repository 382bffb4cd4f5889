#if NET10_0_OR_GREATER // CsCheck 5 ships net10.0 only: its property tests run on net10.0
using CsCheck;
#endif
using Exclusions.Client.Amplemarket;
using Exclusions.Client.Topo;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Exclusions.Client.Tests;

/// <summary>
/// Validation messages name what the user set: the configuration key for options bound from a section
/// (Exclusions:Topo:ApiKey), the property for options set in code (TopoOptions.ApiKey), and whatever a
/// tool maps them to (TOPO_API_KEY) through <see cref="ExclusionClientOptions.Validate(Func{string, string})"/>.
/// </summary>
public sealed class OptionsValidationMessageTests
{
    [Fact]
    public void Topo_bound_from_a_section_names_the_configuration_keys()
    {
        var message = ValidationMessage(services => services.AddTopoExclusions(Section(
            "Exclusions:Topo",
            ("BaseAddress", "http://example.com/v1"),
            ("Resilience:MaxRetries", "-1"))));

        Assert.Contains("Exclusions:Topo:ApiKey is required.", message, StringComparison.Ordinal);
        Assert.Contains("Exclusions:Topo:BaseAddress must use https", message, StringComparison.Ordinal);
        Assert.Contains("Exclusions:Topo:Resilience:MaxRetries", message, StringComparison.Ordinal);
        Assert.DoesNotContain("TopoOptions", message, StringComparison.Ordinal);
    }

    [Fact]
    public void Amplemarket_bound_from_a_section_names_the_configuration_keys()
    {
        var message = ValidationMessage(services => services.AddAmplemarketExclusions(Section(
            "Exclusions:Amplemarket",
            ("BulkChunkSize", "0"))));

        Assert.Contains("Exclusions:Amplemarket:ApiKey is required.", message, StringComparison.Ordinal);
        Assert.Contains("Exclusions:Amplemarket:BulkChunkSize must be between 1 and", message, StringComparison.Ordinal);
        Assert.DoesNotContain("AmplemarketOptions", message, StringComparison.Ordinal);
    }

    [Fact]
    public void Options_set_in_code_name_the_property()
    {
        var message = ValidationMessage(services => services.AddTopoExclusions(o => o.ApiKey = " "));

        Assert.Contains("TopoOptions.ApiKey is required.", message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_tool_maps_settings_to_its_own_names_and_the_key_never_appears()
    {
        var options = new TopoOptions { ApiKey = "topo secret with spaces", RequestsPerMinute = 0 };

        var errors = options.Validate(setting => setting switch
        {
            "ApiKey" => "TOPO_API_KEY",
            "RequestsPerMinute" => "TOPO_RATE_LIMIT",
            _ => setting,
        });

        Assert.Equal(
            ["TOPO_API_KEY contains whitespace or control characters.", "TOPO_RATE_LIMIT must be positive when set; got 0."],
            errors);
        Assert.DoesNotContain(errors, e => e.Contains("secret", StringComparison.Ordinal));
    }

#if NET10_0_OR_GREATER
    /// <summary>
    /// For any options, mapping every setting back to "TypeName.Path" gives exactly <see cref="ExclusionClientOptions.Validate()"/>:
    /// the renaming touches setting names only, never drops, adds or reorders a message.
    /// </summary>
    [Fact]
    public void Renaming_back_to_the_property_path_is_the_plain_validation()
    {
        var topo = Gen.Select(Gen.OneOf("", " ", "k y", "key"), Gen.Int[-2, 300], Gen.Int[-1, 12], Gen.OneOf("https://a.test/v1", "http://a.test/v1", "http://127.0.0.1:1/v1"))
            .Select(t => (ExclusionClientOptions)new TopoOptions
            {
                ApiKey = t.Item1,
                BulkConcurrency = t.Item2,
                Resilience = { MaxRetries = t.Item3 },
                BaseAddress = new Uri(t.Item4),
            });
        var amplemarket = Gen.Select(Gen.OneOf("", "key"), Gen.Int[-1, 1200], Gen.Int[-1, 2100])
            .Select(t => (ExclusionClientOptions)new AmplemarketOptions { ApiKey = t.Item1, BulkChunkSize = t.Item2, ListPageSize = t.Item3 });

        Gen.OneOf(topo, amplemarket).Sample(options =>
        {
            var typeName = options.GetType().Name;
            var renamed = options.Validate(path => $"{typeName}.{path.Replace(':', '.')}");
            Assert.Equal(options.Validate(), renamed);
            Assert.All(options.Validate(path => $"<{path}>"), m => Assert.DoesNotContain(typeName + ".", m, StringComparison.Ordinal));
        });
    }
#endif

    private static IConfigurationSection Section(string path, params (string Key, string Value)[] values)
        => new ConfigurationBuilder()
            .AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>($"{path}:{v.Key}", v.Value)))
            .Build()
            .GetSection(path);

    private static string ValidationMessage(Action<IServiceCollection> register)
    {
        var services = new ServiceCollection();
        register(services);
        using var provider = services.BuildServiceProvider();
        var exception = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());
        return exception.Message;
    }
}
