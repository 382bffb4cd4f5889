using Microsoft.Extensions.Logging;

namespace Exclusions.Client.Outbox;

/// <summary>The outbox's log messages. A target (personal data) appears only at Debug.</summary>
internal static partial class OutboxLog
{
    [LoggerMessage(EventId = 3001, Level = LogLevel.Warning, Message = "Outbox batch for {Provider}: {Claimed} claimed, {Delivered} delivered, {Retrying} to retry, {DeadLettered} dead-lettered")]
    public static partial void BatchProblems(ILogger logger, string provider, int claimed, int delivered, int retrying, int deadLettered);

    [LoggerMessage(EventId = 3002, Level = LogLevel.Debug, Message = "Outbox {Provider} {Operation} {Target}: {State} ({Detail})")]
    public static partial void DeliveryResult(ILogger logger, string provider, OutboxOperation operation, string target, string state, string? detail);

    [LoggerMessage(EventId = 3003, Level = LogLevel.Error, Message = "The outbox drain for {Provider} failed; it tries again in {Delay}")]
    public static partial void DrainFailed(ILogger logger, Exception exception, string provider, TimeSpan delay);

    [LoggerMessage(EventId = 3004, Level = LogLevel.Information, Message = "Outbox drain started on {Store} for {Providers} ({Concurrency} loop(s) per vendor)")]
    public static partial void Started(ILogger logger, string store, string providers, int concurrency);

    [LoggerMessage(EventId = 3005, Level = LogLevel.Error, Message = "The outbox store cannot be opened; the drain tries again in {Delay}")]
    public static partial void StoreUnavailable(ILogger logger, Exception exception, TimeSpan delay);

    [LoggerMessage(EventId = 3006, Level = LogLevel.Warning, Message = "Outbox batch for {Provider}: {LeaseLost} sent after their lease ({LeaseDuration}) had lapsed and another worker claimed them; their outcome is left to that worker (a longer LeaseDuration avoids the resend)")]
    public static partial void LeaseLost(ILogger logger, string provider, int leaseLost, TimeSpan leaseDuration);
}
