namespace Exclusions.Client.Testing;

/// <summary>Settings for <see cref="ExclusionsEmulator.StartAsync"/>. The defaults suit most tests.</summary>
public sealed class ExclusionsEmulatorOptions
{
    /// <summary>The loopback port to listen on; 0 (the default) picks a free one. Must stay 0 with <see cref="InMemory"/>.</summary>
    public int Port { get; set; }

    /// <summary>
    /// Serves requests in process, through ASP.NET Core's <c>TestServer</c>, instead of on a loopback port: no
    /// socket is opened, so it starts and answers sooner. Requests reach it only through a handler from
    /// <see cref="ExclusionsEmulator.CreateHandler"/> (<c>AddExclusionsEmulator</c> uses one); the base addresses
    /// are then <c>http://localhost/v1/</c> and <c>http://localhost/</c> and <see cref="ExclusionsEmulator.Port"/>
    /// is 0. The same routes, rules, faults and request log: a dropped connection reaches the client as an
    /// <see cref="HttpRequestException"/>, as over a socket. Defaults to <see langword="false"/> (Kestrel on loopback),
    /// which a test needs when the code under test makes its own connections or another process calls the emulator.
    /// </summary>
    public bool InMemory { get; set; }

    /// <summary>
    /// The clock for timestamps, <c>until</c> expiry and rate-limit windows. Pass a fake clock to test
    /// expiry and rate limits without waiting. Defaults to <see cref="TimeProvider.System"/>.
    /// </summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>
    /// Seeds the generator behind exclusion ids and fault probabilities, so a run is reproducible.
    /// <see langword="null"/> (the default) picks a random seed.
    /// </summary>
    public int? RandomSeed { get; set; }

    /// <summary>
    /// The Topo API key registered at start (and after <see cref="ExclusionsEmulator.Reset"/>), with both
    /// exclusion scopes. Defaults to a new random key per options instance: the SDK shares its client-side
    /// rate limit per API key across the process, so emulators in parallel tests must not share a key.
    /// </summary>
    public string TopoApiKey { get; set; } = "topo_emulator_" + Guid.NewGuid().ToString("N")[..12];

    /// <summary>The Amplemarket API key registered at start (and after <see cref="ExclusionsEmulator.Reset"/>); random per options instance, as <see cref="TopoApiKey"/>.</summary>
    public string AmplemarketApiKey { get; set; } = "amp_emulator_" + Guid.NewGuid().ToString("N")[..12];

    /// <summary>The Amplemarket list page size when a request gives no <c>page[size]</c>. Defaults to 100.</summary>
    public int AmplemarketPageSize { get; set; } = 100;

    /// <summary>
    /// Amplemarket's documented limit: requests per minute per API key, over a sliding 60-second window (see <see cref="RateLimitWindow"/>);
    /// excess requests get 429 (without <c>Retry-After</c>). Defaults to 500; <see langword="null"/> or 0 disables it.
    /// </summary>
    public int? AmplemarketRequestsPerMinute { get; set; } = 500;

    /// <summary>
    /// An optional Topo limit, requests per minute per API key (Topo documents none). Excess requests get 429
    /// with <c>Retry-After</c> in seconds. Defaults to <see langword="null"/> (off).
    /// </summary>
    public int? TopoRequestsPerMinute { get; set; }

    /// <summary>
    /// The span the rate limits above are counted over. Defaults to one minute, as the vendors count;
    /// shorten it (e.g. 40 requests per 2 s) to test rate limiting at a scaled-down bound without waiting
    /// minutes. Must be positive.
    /// </summary>
    public TimeSpan RateLimitWindow { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// Relaxes a strict choice (see docs/testing.md): accept Amplemarket writes labelled <c>application/json</c>
    /// or any other <c>+json</c> type. By default only the documented <c>application/vnd.amp+json</c> is
    /// accepted and anything else gets 415.
    /// </summary>
    public bool AcceptAnyJsonMediaType { get; set; }

    /// <summary>
    /// Relaxes a strict choice: ignore body fields neither vendor documents. By default an unknown field is
    /// a 400 in the vendor's error shape (Topo <c>ValidationIssue</c> naming the field; Amplemarket
    /// <c>_errors</c> with <c>source.pointer</c>), so a misspelt field cannot pass unnoticed.
    /// </summary>
    public bool IgnoreUnknownFields { get; set; }

    /// <summary>
    /// Relaxes a strict choice: ignore query parameters the docs do not list for the endpoint. By default an
    /// unknown parameter is a 400 in the vendor's error shape (Amplemarket: <c>source.parameter</c>).
    /// </summary>
    public bool IgnoreUnknownQueryParameters { get; set; }

    /// <summary>
    /// Relaxes a strict choice: compare Topo LinkedIn URLs exactly (case-sensitively) for duplicates and the
    /// <c>linkedin_url</c> filter. By default they compare case-insensitively, as e-mails do, so
    /// <c>…/in/Ana</c> after <c>…/in/ana</c> is a 409.
    /// </summary>
    public bool CaseSensitiveLinkedInUrls { get; set; }

    /// <summary>
    /// Relaxes a strict choice: key Amplemarket bulk answers by each value exactly as sent. By default the
    /// keys are the values as the list stores them (lower-cased), so a client must not look its input up verbatim.
    /// </summary>
    public bool EchoBulkKeysAsSent { get; set; }

    /// <summary>
    /// Relaxes a strict choice: answer a Topo exclusion id that is not a UUID with 404 <c>NotFoundIssue</c>.
    /// By default it is a 400 <c>ValidationIssue</c> naming <c>exclusion_id</c>, which the docs type as a UUID.
    /// </summary>
    public bool NonUuidIdIsNotFound { get; set; }

    /// <summary>
    /// Relaxes a strict choice: accept Topo writes whatever their <c>Content-Type</c> (or none). By default a
    /// create or update must be labelled <c>application/json</c> (parameters such as <c>charset</c> allowed), as
    /// every write example in the docs is; anything else is a 400 <c>ValidationIssue</c> naming <c>Content-Type</c>.
    /// </summary>
    public bool AcceptAnyTopoContentType { get; set; }

    /// <summary>
    /// Relaxes a strict choice: accept <c>null</c> for a Topo body field the docs type as a plain string
    /// (create: <c>email</c>, <c>linkedin_url</c>, <c>message</c>, <c>until</c>; update: <c>message</c>) and treat
    /// it as left out (an update's <c>"message": null</c> then clears the note). By default such a null is a 400
    /// <c>ValidationIssue</c> naming the field; only an update's <c>until</c> takes <c>null</c>, as documented.
    /// </summary>
    public bool AcceptNullForOptionalFields { get; set; }

    /// <summary>
    /// Relaxes a strict choice: accept partial ISO 8601 timestamps in Topo's <c>until</c> and date filters (a date
    /// alone, no seconds, no offset: taken as UTC). By default a timestamp must be a full RFC 3339 date-time with
    /// seconds and an offset (<c>2025-06-01T12:00:00Z</c>, <c>2025-06-01T14:00:00.5+02:00</c>): the docs say only
    /// "ISO 8601", whose partial forms a server may read differently (or refuse).
    /// </summary>
    public bool AcceptPartialTimestamps { get; set; }

    /// <summary>
    /// The fractional-second digits of every Topo timestamp, always written (trailing zeros kept), 0 to 7.
    /// Defaults to 6 (microseconds, e.g. <c>2025-06-01T12:00:00.000000Z</c>): servers send 3 or 6, never .NET's 7,
    /// and a client that only parses one fixed shape fails here rather than in production. Times the emulator
    /// stores are truncated to the same precision, so filters agree with what a client saw.
    /// </summary>
    public int TopoTimestampFractionalDigits { get; set; } = 6;

    /// <summary>
    /// Whether <see cref="ExclusionsEmulator.DisposeAsync"/> throws an <see cref="EmulatorFailureException"/> when
    /// the emulator itself failed while serving a request (see <see cref="ExclusionsEmulator.Failures"/>): such a
    /// failure is a bug in the emulator or in a test's callback, never a vendor behaviour, so it must not pass as
    /// an ordinary 500. Defaults to <see langword="true"/>.
    /// </summary>
    public bool ThrowOnDisposeIfFailed { get; set; } = true;

    /// <summary>
    /// Serves <c>GET /_emulator/state</c> (the <see cref="ExclusionsEmulator.Inspect"/> snapshot as JSON) and
    /// <c>POST /_emulator/reset</c> (<see cref="ExclusionsEmulator.Reset"/>), for tests written in other languages
    /// against a standalone emulator. Not logged, no key needed. Defaults to <see langword="false"/>.
    /// </summary>
    public bool EnableAdminEndpoints { get; set; }

    /// <summary>
    /// Called at the end of every <see cref="ExclusionsEmulator.Reset"/> (also <c>POST /_emulator/reset</c>), to
    /// restore what a run starts with beyond the defaults: extra keys, fault rules, seed data.
    /// </summary>
    public Action<ExclusionsEmulator>? OnReset { get; set; }

    /// <summary>
    /// Called once by <see cref="ExclusionsEmulator.StartAsync"/> when the server is listening, before it answers
    /// any request: requests that arrive meanwhile (e.g. a script polling the port) wait until it returns. Seed
    /// here, not after <see cref="ExclusionsEmulator.StartAsync"/> returns, when another process may already be
    /// reading: a list taken while seeding is short without any error. If it throws, the server is stopped and
    /// <see cref="ExclusionsEmulator.StartAsync"/> throws that exception.
    /// </summary>
    public Action<ExclusionsEmulator>? OnStarted { get; set; }

    /// <summary>
    /// Called after each request is recorded, on the request's thread (e.g. to print a request log).
    /// Must be thread-safe and must not throw.
    /// </summary>
    public Action<RecordedRequest>? OnRequest { get; set; }
}
