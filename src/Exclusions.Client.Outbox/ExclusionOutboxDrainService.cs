using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Exclusions.Client.Outbox;

/// <summary>
/// The hosted drain: per vendor, <see cref="ExclusionOutboxOptions.DrainConcurrency"/> loops that claim a
/// batch, send it and store the outcomes, then claim again; an idle loop waits for an enqueue in this
/// process or for <see cref="ExclusionOutboxOptions.PollInterval"/> (work enqueued elsewhere). Stopping
/// the host stops sending between items; what was not sent is released for the next start.
/// </summary>
public sealed class ExclusionOutboxDrainService : BackgroundService
{
    private static readonly TimeSpan StatusInterval = TimeSpan.FromSeconds(5);
    private readonly ExclusionOutbox _outbox;
    private readonly ExclusionOutboxDrainer _drainer;
    private readonly ILogger _logger;

    /// <summary>Creates the service.</summary>
    /// <param name="outbox">The outbox.</param>
    /// <param name="drainer">Sends the batches.</param>
    /// <param name="logger">Logs failures.</param>
    public ExclusionOutboxDrainService(ExclusionOutbox outbox, ExclusionOutboxDrainer drainer, ILogger<ExclusionOutboxDrainService>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(outbox);
        ArgumentNullException.ThrowIfNull(drainer);
        _outbox = outbox;
        _drainer = drainer;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var options = _outbox.Options;
        if (!options.RunDrain)
        {
            return;
        }

        // Let the host finish starting before the first database call.
        await Task.Yield();
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await _outbox.InitializeAsync(stoppingToken).ConfigureAwait(false);
                break;
            }
            catch (ExclusionOutboxStoreException e)
            {
                OutboxLog.StoreUnavailable(_logger, e, options.PollInterval);
                await DelayAsync(options.PollInterval, stoppingToken).ConfigureAwait(false);
            }
        }

        OutboxLog.Started(_logger, _outbox.StoreDescription, string.Join(", ", _drainer.Clients.Select(c => c.Provider.Name)), options.DrainConcurrency);
        var loops = _drainer.Clients
            .SelectMany(client => Enumerable.Range(0, options.DrainConcurrency).Select(_ => LoopAsync(client, stoppingToken)))
            .Append(StatusLoopAsync(stoppingToken));
        await Task.WhenAll(loops).ConfigureAwait(false);
    }

    private async Task LoopAsync(IExclusionClient client, CancellationToken stoppingToken)
    {
        var options = _outbox.Options;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var result = await _drainer.DrainBatchAsync(client, stoppingToken).ConfigureAwait(false);
                if (result.Claimed < options.BatchSize)
                {
                    await _outbox.WaitForWorkAsync(options.PollInterval, stoppingToken).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                OutboxLog.DrainFailed(_logger, e, client.Provider.Name, options.PollInterval);
                await DelayAsync(options.PollInterval, stoppingToken).ConfigureAwait(false);
            }
        }
    }

    private async Task StatusLoopAsync(CancellationToken stoppingToken)
    {
        var interval = _outbox.Options.PollInterval > StatusInterval ? _outbox.Options.PollInterval : StatusInterval;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await _outbox.GetStatusAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is ExclusionOutboxStoreException or OperationCanceledException)
            {
                // The drain loops log store failures; the gauges keep their last value.
            }

            await DelayAsync(interval, stoppingToken).ConfigureAwait(false);
        }
    }

    private async Task DelayAsync(TimeSpan delay, CancellationToken stoppingToken)
    {
        try
        {
            await Task.Delay(delay, _outbox.Time, stoppingToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }
    }
}
