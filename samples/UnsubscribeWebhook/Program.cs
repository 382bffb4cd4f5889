// A CRM's unsubscribe/opt-out webhook → every configured vendor's blocklist, through a durable outbox.
//
// POST /webhooks/unsubscribe   body {"email":"…","reason":"…"}   header X-Signature: sha256=<hex HMAC-SHA256 of the body>
//                              → 202 Accepted once the opt-out is committed to the outbox (fsync'd); no vendor
//                                is called inside the request. The hosted drain delivers it to every vendor,
//                                retrying through outages and restarts (docs/outbox.md).
// GET  /health                 vendors and the outbox (Degraded when the oldest pending opt-out is too old)
//
// Configuration (appsettings.json or environment, e.g. Exclusions__Topo__ApiKey, Webhook__Secret,
// Exclusions__Outbox__SqlitePath): a vendor is used when its ApiKey is set. With no key at all and
// Exclusions:UseEmulatorWhenNoKeys (the default here), the embedded emulator stands in for both vendors
// so the sample runs as is. The outbox is a SQLite file by default; README.md shows PostgreSQL.
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Exclusions.Client;
using Exclusions.Client.Outbox;
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

// The durable queue between the webhook and the vendors, with its hosted drain (Exclusions:Outbox section).
builder.Services.AddExclusionOutbox(exclusions.GetSection("Outbox"));

builder.Services.AddOptions<WebhookOptions>().Bind(builder.Configuration.GetSection("Webhook"))
    .Validate(o => !string.IsNullOrWhiteSpace(o.Secret), "Webhook:Secret is required.")
    .ValidateOnStart();
var health = builder.Services.AddHealthChecks().AddExclusionOutbox();
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
        IExclusionOutbox outbox,
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
        try
        {
            // Returns once the opt-out is on disk; the drain sends it to every vendor, retrying as needed.
            await outbox.EnqueueAsync([OutboxItem.Add(new ExclusionRequest(target, reason, "Opt-out received from the CRM webhook"))], cancellationToken);
        }
        catch (ExclusionOutboxStoreException e)
        {
            // Not recorded: 503 makes the CRM retry the (idempotent) webhook. The message names the store, never a password.
            Log.NotQueued(logger, e.Message);
            return Results.Problem("The opt-out could not be recorded; retry later.", statusCode: StatusCodes.Status503ServiceUnavailable);
        }

        Log.Queued(logger, outbox.Providers.Count);
        return Results.Accepted(value: new { status = "queued", providers = outbox.Providers.Select(p => p.Name) });
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

        // The e-mail is personal data: logged without it (the drain logs each vendor's outcome).
        [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "Unsubscribe queued for {Providers} vendor(s)")]
        public static partial void Queued(ILogger logger, int providers);

        [LoggerMessage(EventId = 3, Level = LogLevel.Error, Message = "Unsubscribe not queued: {Reason}")]
        public static partial void NotQueued(ILogger logger, string reason);
    }
}

/// <summary>Entry point, visible to WebApplicationFactory.</summary>
public partial class Program;
