using Feed.Api.Data;
using Microsoft.Extensions.Options;

namespace Feed.Api.Media;

/// <summary>
/// The media's background work in every instance: <see cref="MediaOptions.Workers"/> render loops, each
/// claiming a processing upload from the database (<see cref="MediaRendering.RenderNextAsync"/>), and one
/// housekeeping loop (<see cref="MediaHousekeeping"/>: the expiry sweep, then the deletions queue). Idle,
/// each looks again after its interval. The work lives in the database: an instance that stops leaves
/// its claims to expire, and any other goes on with them. An upload committed in this instance wakes an idle render
/// loop at once (<see cref="MediaWakeUp"/>); the interval is the fallback for the rest. With no workers, nothing runs
/// (tests drive it).
/// </summary>
public sealed class MediaWorker(
    IServiceScopeFactory scopes, IMediaStore store, MediaImaging imaging, MediaWakeUp wakeUp, IOptions<MediaOptions> options,
    TimeProvider clock, ILogger<MediaWorker> logger) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        if (settings.Workers <= 0)
        {
            return Task.CompletedTask;
        }

        var renders = Enumerable.Range(0, settings.Workers)
            .Select(_ => Loop(RenderAsync, settings.PollInterval, wakeable: true, stoppingToken));
        return Task.WhenAll([.. renders, Loop(HousekeepAsync, settings.HousekeepingInterval, wakeable: false, stoppingToken)]);
    }

    private async Task<bool> RenderAsync(FeedDbContext db, CancellationToken stoppingToken) =>
        await MediaRendering.RenderNextAsync(db, store, imaging, options.Value, Now, stoppingToken) is not null;

    /// <summary>One chunk of each; true (go on at once) while either had a full chunk.</summary>
    private async Task<bool> HousekeepAsync(FeedDbContext db, CancellationToken stoppingToken)
    {
        var settings = options.Value;
        var swept = await MediaHousekeeping.SweepExpiredAsync(db, Now - settings.UnattachedLifetime, settings.Chunk, Now, stoppingToken);
        var deleted = await MediaHousekeeping.DeleteQueuedFilesAsync(db, store, settings.Chunk, Now, stoppingToken);
        return swept == settings.Chunk || deleted == settings.Chunk;
    }

    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    private Task Loop(
        Func<FeedDbContext, CancellationToken, Task<bool>> work, TimeSpan interval, bool wakeable, CancellationToken stoppingToken) =>
        Task.Run(
            async () =>
            {
                while (!stoppingToken.IsCancellationRequested)
                {
                    var (pause, woken) = (interval, wakeable);
                    try
                    {
                        await using var scope = scopes.CreateAsyncScope();
                        if (await work(scope.ServiceProvider.GetRequiredService<FeedDbContext>(), stoppingToken))
                        {
                            continue; // more may be waiting: no pause while there is work
                        }
                    }
                    catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
                    {
                        return;
                    }
                    catch (Exception e)
                    {
                        logger.LogWarning(e, "Media work failed; it is tried again (by this or another instance).");
                        (pause, woken) = (TimeSpan.FromSeconds(1), false);
                    }

                    try
                    {
                        await (woken ? wakeUp.WaitAsync(pause, clock, stoppingToken) : Task.Delay(pause, clock, stoppingToken));
                    }
                    catch (OperationCanceledException)
                    {
                        return;
                    }
                }
            },
            stoppingToken);
}
