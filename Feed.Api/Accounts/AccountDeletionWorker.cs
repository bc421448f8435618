using Feed.Api.Data;
using Microsoft.Extensions.Options;

namespace Feed.Api.Accounts;

/// <summary>
/// Works off deleted accounts in every instance: <see cref="AccountDeletionOptions.Workers"/> loops, each
/// claiming a deletion from the database and working it chunk by chunk (<see cref="AccountDeletionWork"/>);
/// idle, each looks again every poll interval. The work lives in the database: an instance that stops leaves
/// its deletion where its last chunk committed, and another instance claims it when the lease ends. With no
/// workers, nothing runs (tests drive the work).
/// </summary>
public sealed class AccountDeletionWorker(
    IServiceScopeFactory scopes, IOptions<AccountDeletionOptions> options, TimeProvider clock, ILogger<AccountDeletionWorker> logger)
    : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(Enumerable.Range(0, Math.Max(0, options.Value.Workers))
            .Select(_ => Task.Run(() => RunAsync(stoppingToken), stoppingToken)));

    private DateTime Now() => clock.GetUtcNow().UtcDateTime;

    private async Task RunAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        DeletionLease? held = null;
        while (!stoppingToken.IsCancellationRequested)
        {
            var pause = settings.PollInterval;
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var db = scope.ServiceProvider.GetRequiredService<FeedDbContext>();
                if (await AccountDeletionWork.WorkNextAsync(db, held, settings, Now, stoppingToken) is { } chunk)
                {
                    held = chunk.Lease;
                    if (chunk.Step == DeletionChunk.Account)
                    {
                        logger.LogInformation("An account was deleted, with everything it made.");
                    }

                    continue; // more may be waiting: no pause while there is work
                }

                held = null;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                logger.LogWarning(e, "An account deletion chunk failed; it is tried again (by this or another instance).");
                held = null; // the lease runs out, then this worker or another claims the deletion again
                pause = TimeSpan.FromSeconds(1);
            }

            try
            {
                await Task.Delay(pause, clock, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
