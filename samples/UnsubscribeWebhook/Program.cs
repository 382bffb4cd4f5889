// A CRM's unsubscribe/opt-out webhook → every configured vendor's blocklist, through the SDK.
//
// POST /webhooks/unsubscribe   body {"email":"…","reason":"…"}   header X-Signature: sha256=<hex HMAC-SHA256 of the body>
// GET  /health
//
// Configuration (appsettings.json or environment, e.g. Exclusions__Topo__ApiKey, Webhook__Secret):
// a vendor is used when its ApiKey is set. With no key at all and Exclusions:UseEmulatorWhenNoKeys
// (the default here), the embedded emulator stands in for both vendors so the sample runs as is.
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Exclusions.Client;
using Exclusions.Client.Testing;

var builder = WebApplication.CreateBuilder(args);
var exclusions = builder.Configuration.GetSection("Exclusions");
var topoConfigured = !string.IsNullOrWhiteSpace(exclusions["Topo:ApiKey"]);
var amplemarketConfigured = !string.IsNullOrWhiteSpace(exclusions["Amplemarket:ApiKey"]);

ExclusionsEmulator? emulator = null;
if (!topoConfigured && !amplemarketConfigured && exclusions.GetValue("UseEmulatorWhenNoKeys", false))
{
    emulator = await ExclusionsEmulator.StartAsync();
    builder.Services.AddExclusionsEmulator(emulator);
    builder.Services.AddSingleton(emulator);
}
else
{
    if (topoConfigured)
    {
        builder.Services.AddTopoExclusions(exclusions.GetSection("Topo"));
    }

    if (amplemarketConfigured)
    {
        builder.Services.AddAmplemarketExclusions(exclusions.GetSection("Amplemarket"));
    }
}

builder.Services.AddOptions<WebhookOptions>().Bind(builder.Configuration.GetSection("Webhook"))
    .Validate(o => !string.IsNullOrWhiteSpace(o.Secret), "Webhook:Secret is required.")
    .ValidateOnStart();
var health = builder.Services.AddHealthChecks();
if (emulator is not null || topoConfigured)
{
    health.AddTopoExclusions();
}

if (emulator is not null || amplemarketConfigured)
{
    health.AddAmplemarketExclusions();
}

var app = builder.Build();
if (emulator is not null)
{
    app.Logger.LogWarning("No vendor API key configured: using the embedded emulator at {Address}.", emulator.TopoBaseAddress.GetLeftPart(UriPartial.Authority));
    app.Lifetime.ApplicationStopped.Register(() => emulator.DisposeAsync().AsTask().GetAwaiter().GetResult());
}

app.MapHealthChecks("/health");
app.MapPost("/webhooks/unsubscribe", UnsubscribeWebhook.HandleAsync);
app.Run();

/// <summary>Webhook settings.</summary>
internal sealed class WebhookOptions
{
    /// <summary>The shared secret the CRM signs each body with (HMAC-SHA256).</summary>
    public string Secret { get; set; } = string.Empty;
}

/// <summary>The webhook endpoint.</summary>
internal static partial class UnsubscribeWebhook
{
    public const string SignatureHeader = "X-Signature";

    public static async Task<IResult> HandleAsync(
        HttpRequest request,
        Microsoft.Extensions.Options.IOptions<WebhookOptions> options,
        ExclusionClients clients,
        ILogger<WebhookOptions> logger,
        CancellationToken cancellationToken)
    {
        // Read the raw body once: the signature covers the exact bytes the CRM sent.
        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer, cancellationToken);
        var body = buffer.ToArray();

        if (!IsSignatureValid(body, request.Headers[SignatureHeader].ToString(), options.Value.Secret))
        {
            Log.RejectedSignature(logger);
            return Results.Unauthorized();
        }

        UnsubscribeEvent? payload;
        try
        {
            payload = JsonSerializer.Deserialize<UnsubscribeEvent>(body, JsonSerializerOptions.Web);
        }
        catch (JsonException)
        {
            return Results.Problem("The body is not JSON.", statusCode: StatusCodes.Status400BadRequest);
        }

        if (!ExclusionTarget.TryCreate(ExclusionTargetType.Email, payload?.Email, out var target, out var error))
        {
            return Results.Problem(error, statusCode: StatusCodes.Status400BadRequest);
        }

        ExclusionReason reason = string.IsNullOrWhiteSpace(payload!.Reason) ? ExclusionReason.Unsubscribed : new ExclusionReason(payload.Reason.Trim().ToUpperInvariant());
        var results = await clients.AddAsync([new ExclusionRequest(target, reason, "Opt-out received from the CRM webhook")], cancellationToken);

        var outcomes = results.ToDictionary(r => r.Key.Name, r => r.Value.Items[0].Outcome);
        foreach (var (provider, outcome) in outcomes)
        {
            Log.Outcome(logger, provider, outcome.Kind);
        }

        var response = outcomes.ToDictionary(o => o.Key, o => new { outcome = o.Value.Kind.ToString(), detail = o.Value.Detail });

        // A vendor that failed must see this opt-out again: 503 makes the CRM retry the (idempotent) webhook.
        return outcomes.Values.Any(o => o.Kind == ItemOutcomeKind.Failed)
            ? Results.Json(response, statusCode: StatusCodes.Status503ServiceUnavailable)
            : Results.Ok(response);
    }

    /// <summary>Constant-time check of <c>sha256=&lt;hex&gt;</c> against the HMAC-SHA256 of the body.</summary>
    public static bool IsSignatureValid(byte[] body, string? header, string secret)
    {
        const string prefix = "sha256=";
        if (string.IsNullOrEmpty(header) || !header.StartsWith(prefix, StringComparison.OrdinalIgnoreCase) || string.IsNullOrEmpty(secret))
        {
            return false;
        }

        byte[] given;
        try
        {
            given = Convert.FromHexString(header.AsSpan(prefix.Length).Trim());
        }
        catch (FormatException)
        {
            return false;
        }

        var expected = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body);
        return CryptographicOperations.FixedTimeEquals(expected, given);
    }

    /// <summary>Signs a body the way the CRM does (for tests and for calling the webhook by hand).</summary>
    public static string Sign(byte[] body, string secret) => "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body));

    private sealed record UnsubscribeEvent(string? Email, string? Reason);

    private static partial class Log
    {
        [LoggerMessage(EventId = 1, Level = LogLevel.Warning, Message = "Rejected an unsubscribe webhook with a missing or invalid signature")]
        public static partial void RejectedSignature(ILogger logger);

        // The e-mail is personal data: the outcome is logged without it.
        [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "Unsubscribe applied to {Provider}: {Outcome}")]
        public static partial void Outcome(ILogger logger, string provider, ItemOutcomeKind outcome);
    }
}

/// <summary>Entry point, visible to WebApplicationFactory.</summary>
public partial class Program;
