using Feed.Api.Data;
using Microsoft.Extensions.Options;

namespace Feed.Api.Follows;

/// <summary>
/// Takes new items to their authors' followers' homes: <see cref="HomeOptions.FanOutWorkers"/> loops
/// in every instance, each claiming a job from the database (<see cref="HomeDelivery.DeliverNextAsync"/>)
/// and working one chunk of it at a time; idle, each looks again every poll interval. The work lives
/// in the database, not here: an instance that stops leaves its jobs where their last chunk committed,
/// and any other instance goes on with them.
/// </summary>
public sealed class HomeFanOutWorker(
    IServiceScopeFactory scopes, IOptions<HomeOptions> options, TimeProvider clock, ILogger<HomeFanOutWorker> logger) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(Enumerable.Range(0, options.Value.FanOutWorkers).Select(_ => Task.Run(() => RunAsync(stoppingToken), stoppingToken)));

    private DateTime Now() => clock.GetUtcNow().UtcDateTime;

    private async Task RunAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        while (!stoppingToken.IsCancellationRequested)
        {
            var pause = settings.FanOutPollInterval;
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var db = scope.ServiceProvider.GetRequiredService<FeedDbContext>();
                if (await HomeDelivery.DeliverNextAsync(db, settings.FanOutChunk, Now, stoppingToken) is not null)
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
                logger.LogWarning(e, "A fan-out chunk failed; it is tried again (by this or another instance).");
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
