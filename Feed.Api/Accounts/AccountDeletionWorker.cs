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
        var chunkSize = settings.Chunk;
        DeletionLease? held = null;
        while (!stoppingToken.IsCancellationRequested)
        {
            var pause = settings.PollInterval;
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var db = scope.ServiceProvider.GetRequiredService<FeedDbContext>();
                var sized = new AccountDeletionOptions { Chunk = chunkSize, Lease = settings.Lease };
                if (await AccountDeletionWork.WorkNextAsync(db, held, sized, Now, stoppingToken) is { } chunk)
                {
                    held = chunk.Lease;
                    chunkSize = Math.Min(settings.Chunk, chunkSize * 2);
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
                // Kept: a chunk that failed rolled back, so the lease is still this worker's (or, if it was taken
                // meanwhile, the next chunk finds out and does nothing). Halved: on a Galera cluster under heavy
                // like traffic every like moves the change log's counter, and a chunk that runs longer than the
                // gap between two likes loses certification every time (measured: 10,000 items stalled after 200);
                // a smaller chunk is a shorter transaction. It grows back with each chunk that commits.
                logger.LogWarning(e, "An account deletion chunk of {Rows} rows failed; it is tried again, smaller.", chunkSize);
                chunkSize = Math.Max(1, chunkSize / 2);
                pause = TimeSpan.FromMilliseconds(Random.Shared.Next(50, 500));
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
