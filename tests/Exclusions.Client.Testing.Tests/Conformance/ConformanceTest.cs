using Exclusions.Client.Testing.Tests.Conformance.OpenApi;

namespace Exclusions.Client.Testing.Tests.Conformance;

/// <summary>
/// Base of the conformance suite: raw HTTP against a fresh emulator (never the SDK), through an
/// <see cref="OpenApiValidatingHandler"/>, so every exchange of every test is checked against
/// docs/openapi/*.yaml without the test having to ask. Each test class checks one documented behaviour and
/// names its docs/vendor-behaviour.md anchor; each test quotes the sentence it checks.
/// </summary>
public abstract class ConformanceTest : EmulatorTest
{
    /// <summary>The handler that checked every exchange of this test.</summary>
    protected OpenApiValidatingHandler Validator { get; private set; } = null!;

    /// <summary>The latest checked exchange.</summary>
    protected OpenApiExchange LastExchange => Validator.Exchanges[^1];

    protected override HttpClient CreateClient()
    {
        Validator = new OpenApiValidatingHandler(new SocketsHttpHandler());
        return new HttpClient(Validator) { Timeout = TimeSpan.FromSeconds(10) };
    }

    /// <summary>The document forbids the latest request too (it and the emulator agree that it is wrong).</summary>
    protected void AssertDocumentForbidsLastRequest() =>
        Assert.False(LastExchange.RequestConforms, "docs/openapi allows a request the emulator refused: " + LastExchange);

    /// <summary>The document allows the latest request (a test that means to send a valid request really did).</summary>
    protected void AssertDocumentAllowsLastRequest() =>
        Assert.True(LastExchange.RequestConforms, "docs/openapi forbids the request: " + LastExchange);
}
