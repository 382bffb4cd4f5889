using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Time.Testing;

namespace Exclusions.Client.Testing.Tests;

/// <summary>
/// Base for tests that talk to a fresh emulator over plain HTTP (never the SDK), so the emulator is held
/// to the vendor documents rather than to whatever the SDK happens to send or expect.
/// </summary>
public abstract class EmulatorTest : IAsyncLifetime
{
    public static readonly DateTimeOffset Start = new(2025, 6, 1, 12, 0, 0, TimeSpan.Zero);

    protected FakeTimeProvider Time { get; } = new(Start);

    protected ExclusionsEmulator Emulator { get; private set; } = null!;

    /// <summary>A client with its own connection pool, so each test starts on a fresh connection.</summary>
    protected HttpClient Http { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var options = new ExclusionsEmulatorOptions { TimeProvider = Time, RandomSeed = 1234 };
        Configure(options);
        Emulator = await ExclusionsEmulator.StartAsync(options);
        Http = CreateClient();
    }

    public async Task DisposeAsync()
    {
        Http.Dispose();
        await Emulator.DisposeAsync();
    }

    protected virtual void Configure(ExclusionsEmulatorOptions options)
    {
    }

    /// <summary>The client behind <see cref="Http"/>; the conformance suite validates every exchange through it.</summary>
    protected virtual HttpClient CreateClient() => NewClient();

    protected static HttpClient NewClient() => new(new SocketsHttpHandler()) { Timeout = TimeSpan.FromSeconds(10) };

    protected Task<HttpResponseMessage> TopoAsync(HttpMethod method, string relativePath, string? json = null, string? key = "default", string? contentType = "application/json") =>
        SendAsync(new Uri(Emulator.TopoBaseAddress, relativePath), method, json, contentType, key == "default" ? Emulator.TopoApiKey : key);

    protected Task<HttpResponseMessage> AmplemarketAsync(
        HttpMethod method, string relativePath, string? json = null, string? key = "default", string contentType = "application/vnd.amp+json") =>
        SendAsync(new Uri(Emulator.AmplemarketBaseAddress, relativePath), method, json, contentType, key == "default" ? Emulator.AmplemarketApiKey : key);

    protected Task<HttpResponseMessage> SendAsync(Uri uri, HttpMethod method, string? json, string? contentType, string? key, HttpClient? client = null)
    {
        var request = new HttpRequestMessage(method, uri);
        if (key is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }

        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8);
            request.Content.Headers.ContentType = contentType is null ? null : MediaTypeHeaderValue.Parse(contentType);
        }

        return (client ?? Http).SendAsync(request);
    }

    protected static async Task<JsonElement> JsonAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        using var document = JsonDocument.Parse(text);
        return document.RootElement.Clone();
    }

    protected static async Task<JsonElement> ExpectAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"Expected {(int)status}, got {(int)response.StatusCode}: {body}");
        using var document = JsonDocument.Parse(body);
        return document.RootElement.Clone();
    }

    /// <summary>The names of an object's members, sorted, to assert an exact shape.</summary>
    protected static string[] Names(JsonElement element) =>
        element.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal).ToArray();

    protected static string[] Sorted(params string[] names) => names.Order(StringComparer.Ordinal).ToArray();
}
