using System.Globalization;
using System.Net;
using System.Text;
using CsCheck;
using Exclusions.Client.Amplemarket;
using Exclusions.Client.Internal;
using Exclusions.Client.Tests.Amplemarket;
using Exclusions.Client.Tests.Properties;
using Exclusions.Client.Tests.Topo;
using Exclusions.Client.Topo;
using Exclusions.Fuzzing;
using Microsoft.Extensions.DependencyInjection;

namespace Exclusions.Client.Tests.Fuzz;

/// <summary>
/// Fuzz targets (tests/Shared/FuzzCampaign.cs): value normalisation and both vendors' JSON response
/// parsing. A short fixed-seed run here; <c>fuzz/run.sh MINUTES</c> runs them long. Kept crash inputs
/// (tests/fuzz-crashes/) are replayed as regressions.
/// </summary>
[Trait("Category", "Fuzz")]
public sealed class FuzzTargets
{
    [Fact]
    public void Fuzz_normalize() => FuzzCampaign.Run("normalize", NormalizationProperties.Text.Select(t => t), v => v, Normalize).AssertNoCrash();

    [Fact]
    public void Fuzz_topo_json() => FuzzCampaign.Run("topo-json", Response(TopoSeeds, TopoOperations), v => v, VendorResponses.Topo).AssertNoCrash();

    [Fact]
    public void Fuzz_amplemarket_json() => FuzzCampaign.Run("amplemarket-json", Response(AmplemarketSeeds, AmplemarketOperations), v => v, VendorResponses.Amplemarket).AssertNoCrash();

    [Theory]
    [InlineData("normalize")]
    [InlineData("topo-json")]
    [InlineData("amplemarket-json")]
    public void Kept_crash_inputs_do_not_crash(string target)
    {
        Action<string> property = target switch
        {
            "normalize" => Normalize,
            "topo-json" => VendorResponses.Topo,
            _ => VendorResponses.Amplemarket,
        };
        foreach (var (file, input) in FuzzCampaign.KeptCrashes(target))
        {
            var error = Record.Exception(() => property(input));
            Assert.True(error is null, $"{target}/{file}: {error}");
        }
    }

    /// <summary>Total and idempotent: only ArgumentException from the throwing forms; escaped, short echoes; the snapshot never throws.</summary>
    private static void Normalize(string value)
    {
        Check(value, ValueNormalizer.TryNormalizeEmail, ValueNormalizer.NormalizeEmail);
        Check(value, ValueNormalizer.TryNormalizeDomain, ValueNormalizer.NormalizeDomain);
        Check(value, ValueNormalizer.TryNormalizeStoredDomain, null);
        Check(value, ValueNormalizer.TryNormalizeLinkedInUrl, ValueNormalizer.NormalizeLinkedInUrl);
        var quoted = ValueNormalizer.Quote(value);
        if (quoted.Length > (ValueNormalizer.MaxEchoedLength * 10) + 40 || ValueNormalizer.FindForbiddenCharacter(quoted) is not null)
        {
            throw new InvalidOperationException("Quote echoed too much or a raw control character.");
        }

        _ = Snapshot.Match(value, Now);
        _ = Snapshot.Match(value + "@acme.com", Now);
    }

    private delegate bool TryNormalize(string? value, out string? normalized, out string? error);

    private static void Check(string value, TryNormalize tryNormalize, Func<string?, string, string>? normalize)
    {
        if (tryNormalize(value, out var once, out _))
        {
            if (!tryNormalize(once, out var twice, out _) || twice != once)
            {
                throw new InvalidOperationException($"Not idempotent: {FuzzCampaign.Escape(once!)} -> {FuzzCampaign.Escape(twice ?? "(invalid)")}");
            }
        }

        if (normalize is not null)
        {
            try
            {
                _ = normalize(value, "value");
            }
            catch (ArgumentException)
            {
            }
        }
    }

    private static readonly DateTimeOffset Now = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static readonly ExclusionSnapshot Snapshot = ExclusionSnapshot.Create(
        [
            ExclusionsModelFactory.Exclusion(ExclusionProvider.Topo, ExclusionTarget.Domain("acme.com")),
            ExclusionsModelFactory.Exclusion(ExclusionProvider.Topo, ExclusionTarget.Email("jörg@münchen.de")),
        ],
        Now);

    private static readonly string[] TopoSeeds =
    [
        TopoJson.Contact(), TopoJson.Account(), TopoJson.Contact(email: null, until: "\"2030-01-01T00:00:00.123456Z\""),
        TopoJson.Page([TopoJson.Contact(), TopoJson.Contact(id: "0b0b0b0b-0b0b-4b0b-8b0b-0b0b0b0b0b0b")], 2, 1, false),
        TopoJson.Page([TopoJson.Account()], 1, 1, false),
        TopoJson.Error(400, "ValidationIssue", "email is invalid", data: """{"email":["is invalid"]}"""),
        TopoJson.Error(403, "UnauthorizedIssue", "missing scope", data: """{"missing_scope":"exclusions:write"}"""),
        TopoJson.Error(429, "RateLimitIssue", "slow down"),
        """{"key_id":"k","name":"ci","scopes":["exclusions:read","exclusions:write"],"created_at":"2025-01-01T00:00:00Z"}""",
        "{}", "[]", "null", string.Empty,
    ];

    private static readonly string[] AmplemarketSeeds =
    [
        AmplemarketJson.EmailPage(["a@acme.com", "b@acme.com"], "/excluded-emails?page[after]=abc&size=2000"),
        AmplemarketJson.EmailPage([], null),
        AmplemarketJson.DomainPage(["acme.com"], null),
        AmplemarketJson.Errors(("422", "invalid", "Invalid", "email is invalid", "/excluded_emails/0")),
        AmplemarketJson.Errors(("401", "unauthorized", "Unauthorized", "bad key", null)),
        """{"excluded_emails":[{"email":"a@acme.com","status":"excluded"},{"email":"b@acme.com","status":"already_excluded"}]}""",
        """{"excluded_domains":[{"domain":"acme.com","status":"excluded"}]}""",
        "{}", "[]", "null", string.Empty,
    ];

    private const int TopoOperations = 7;
    private const int AmplemarketOperations = 6;

    private static readonly string[] Tokens =
    [
        "\"", "{", "}", "[", "]", ",", ":", "null", "true", "false", "0", "-1", "1e999", "-0", "1.5", "9999999999999999999999",
        "\"\\u0000\"", "\"\\ud800\"", "\"\\uDC00x\"", "\"\"", "\"2025-13-45T99:00:00Z\"", "\"2025-06-10T12:00:00+25:00\"", "\"not-a-guid\"",
        "{\"items\":null}", "{\"items\":[null]}", "{\"_links\":{\"next\":{\"href\":\"\"}}}", "{\"_links\":{\"next\":{\"href\":\"http://evil.example/x\"}}}",
        new string('[', 300), new string('{', 100), "\"" + new string('a', 5000) + "\"", "\u00e9", "\uFEFF", "\\", "\"\\", "\u0000",
        "\"reason\":\"\"", "\"email\":\"a@\"", "\"domain\":\"..\"", "\"total_pages\":-5", "\"has_more\":\"yes\"", "\"status\":42",
    ];

    /// <summary>An input: operation, status, content type and a body mutated from a seed document.</summary>
    private static Gen<string> Response(string[] seeds, int operations)
        => Gen.Select(Gen.Int[0, operations - 1], Gen.OneOf(Gen.Const(200), Gen.Const(201), Gen.OneOf(Gen.Const(204), Gen.Const(400), Gen.Const(401), Gen.Const(403), Gen.Const(404), Gen.Const(409), Gen.Const(422), Gen.Const(429), Gen.Const(500))), Gen.Int[0, 2], Gen.Int[0, seeds.Length - 1], Gen.Int[0, 6], Gen.Int)
            .Select((op, status, contentType, seed, mutations, random) => string.Create(
                CultureInfo.InvariantCulture,
                $"{op}|{status}|{contentType}|{Mutate(seeds[seed], mutations, random)}"));

    private static string Mutate(string seed, int mutations, int randomSeed)
    {
        var random = new Random(randomSeed);
        var text = new StringBuilder(seed);
        for (var m = 0; m < mutations; m++)
        {
            var at = text.Length == 0 ? 0 : random.Next(text.Length + 1);
            switch (random.Next(6))
            {
                case 0: // delete a range
                    if (text.Length > 0)
                    {
                        var start = random.Next(text.Length);
                        text.Remove(start, Math.Min(text.Length - start, 1 + random.Next(20)));
                    }

                    break;
                case 1: // insert a token
                    text.Insert(at, Tokens[random.Next(Tokens.Length)]);
                    break;
                case 2: // replace a value after a colon
                    var colon = text.ToString().IndexOf(':', Math.Min(at, text.Length));
                    if (colon >= 0)
                    {
                        var end = colon + 1;
                        while (end < text.Length && text[end] is not (',' or '}' or ']'))
                        {
                            end++;
                        }

                        text.Remove(colon + 1, end - colon - 1).Insert(colon + 1, Tokens[random.Next(Tokens.Length)]);
                    }

                    break;
                case 3: // one random character
                    if (text.Length > 0)
                    {
                        text[random.Next(text.Length)] = (char)random.Next(0x10000);
                    }

                    break;
                case 4: // truncate
                    text.Length = random.Next(text.Length + 1);
                    break;
                default: // duplicate a segment
                    if (text.Length > 0)
                    {
                        var start = random.Next(text.Length);
                        text.Insert(at, text.ToString(start, Math.Min(text.Length - start, 1 + random.Next(40))));
                    }

                    break;
            }
        }

        return text.ToString();
    }
}

/// <summary>The SDK's real clients over a handler that answers every request with the fuzzed response.</summary>
internal static class VendorResponses
{
    private static readonly FixedResponseHandler Handler = new();
    private static readonly Lazy<ServiceProvider> Services = new(() =>
    {
        var services = new ServiceCollection();
        services.AddTopoExclusions(o =>
        {
            o.ApiKey = TopoTestContext.ApiKey;
            o.BaseAddress = new Uri("http://127.0.0.1:9/v1");
            o.Resilience.UseDefaultPipeline = false;
        }).ConfigurePrimaryHttpMessageHandler(() => Handler).SetHandlerLifetime(Timeout.InfiniteTimeSpan);
        services.AddAmplemarketExclusions(o =>
        {
            o.ApiKey = "amplemarket_fuzz_key_0123456789";
            o.BaseAddress = new Uri("http://127.0.0.1:9");
            o.RequestsPerMinute = 100_000_000;
            o.Resilience.UseDefaultPipeline = false;
        }).ConfigurePrimaryHttpMessageHandler(() => Handler).SetHandlerLifetime(Timeout.InfiniteTimeSpan);
        return services.BuildServiceProvider();
    });

    private static readonly Lock Gate = new();

    /// <summary>Topo: a success or an <see cref="ExclusionApiException"/>, never another exception.</summary>
    public static void Topo(string input) => Answer(input, async (op, ct) =>
    {
        var client = Services.Value.GetRequiredService<TopoExclusionsClient>();
        var id = Guid.Parse(TopoJson.ContactId);
        switch (op)
        {
            case 0: await client.GetApiKeyInfoAsync(ct); break;
            case 1: await client.GetContactExclusionsPageAsync(null, 1, ct); break;
            case 2: await client.GetAccountExclusionsPageAsync(null, 2, ct); break;
            case 3: await client.GetContactExclusionAsync(id, ct); break;
            case 4: await client.CreateAccountExclusionAsync(new CreateAccountExclusionRequest { Domain = "acme.com", Reason = new ExclusionReason("COMPETITOR") }, ct); break;
            case 5: await client.DeleteContactExclusionAsync(id, ct); break;
            default:
                var n = 0;
                await foreach (var _ in client.ListContactExclusionsAsync(null, ct))
                {
                    if (++n == 5)
                    {
                        break;
                    }
                }

                break;
        }
    });

    /// <summary>Amplemarket: a success (a bulk result with one outcome per item) or an <see cref="ExclusionApiException"/>.</summary>
    public static void Amplemarket(string input) => Answer(input, async (op, ct) =>
    {
        var client = Services.Value.GetRequiredService<AmplemarketExclusionsClient>();
        switch (op)
        {
            case 0: await client.GetExcludedEmailsPageAsync(null, ct); break;
            case 1: await client.GetExcludedDomainsPageAsync(null, ct); break;
            case 2:
                var added = await client.AddExcludedEmailsAsync(["a@acme.com", "b@acme.com"], null, ct);
                if (added.Items.Count != 2)
                {
                    throw new InvalidOperationException($"{added.Items.Count} outcomes for 2 items");
                }

                break;
            case 3:
                var removed = await client.RemoveExcludedDomainsAsync(["acme.com"], null, ct);
                if (removed.Items.Count != 1)
                {
                    throw new InvalidOperationException($"{removed.Items.Count} outcomes for 1 item");
                }

                break;
            default:
                var n = 0;
                await foreach (var _ in client.ListExcludedEmailsAsync(ct))
                {
                    if (++n == 5)
                    {
                        break;
                    }
                }

                break;
        }
    });

    private static void Answer(string input, Func<int, CancellationToken, Task> operation)
    {
        var parts = input.Split('|', 4);
        if (parts.Length < 4 || !int.TryParse(parts[0], CultureInfo.InvariantCulture, out var op) || !int.TryParse(parts[1], CultureInfo.InvariantCulture, out var status))
        {
            return;
        }

        lock (Gate)
        {
            Handler.Status = (HttpStatusCode)status;
            Handler.ContentType = parts[2] switch { "0" => "application/json", "1" => "text/html", _ => null };
            Handler.Body = parts[3];
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            try
            {
                operation(op, timeout.Token).GetAwaiter().GetResult();
            }
            catch (ExclusionApiException)
            {
                // The typed error: what a malformed or error body must become.
            }
        }
    }

    private sealed class FixedResponseHandler : HttpMessageHandler
    {
        public HttpStatusCode Status { get; set; }

        public string? ContentType { get; set; }

        public string Body { get; set; } = string.Empty;

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var content = new ByteArrayContent(Encoding.UTF8.GetBytes(Body));
            if (ContentType is not null)
            {
                content.Headers.TryAddWithoutValidation("Content-Type", ContentType);
            }

            return Task.FromResult(new HttpResponseMessage(Status) { Content = content, RequestMessage = request });
        }
    }
}
