using System.Text.Json;
using Feed.Api.Data;
using Feed.Api.Seeding;
using Microsoft.EntityFrameworkCore;

namespace Feed.Api.SeedJobs;

/// <summary>
/// Runs the seed jobs this instance accepted, one at a time (the database's unique <c>Active</c>
/// slot refuses a second anywhere), with the same seeder as the verb. While it runs it writes its
/// progress and a heartbeat every second and reads whether a cancel was asked, from any instance.
/// No polling otherwise: an instance that died is found out by its stopped heartbeat, when a job is
/// next read or started.
/// </summary>
public sealed class SeedJobRunner(
    IServiceScopeFactory scopes, TimeProvider clock, IHostApplicationLifetime lifetime, ILogger<SeedJobRunner> logger)
    : IHostedService
{
    /// <summary>
    /// A running job whose heartbeat is older than this lost its instance (its transaction rolled back with its connection).
    /// </summary>
    public static readonly TimeSpan Stale = TimeSpan.FromSeconds(30);

    private static readonly string Instance = $"{Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid():N}";
    private readonly CancellationTokenSource _stopping = new();
    private Task _running = Task.CompletedTask;
    private volatile RunningJob? _current;

    /// <summary>
    /// Nothing at start (no query added to start-up): a job lost with a stopped instance is marked
    /// failed when anyone next asks for a job or starts one (<see cref="MarkLostAsync"/>).
    /// </summary>
    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync();
        await _running.WaitAsync(cancellationToken).ContinueWith(_ => { }, CancellationToken.None);
    }

    /// <summary>
    /// Marks running jobs whose heartbeat stopped, and queued ones older than that, as failed; never
    /// the one this instance runs (on SQLite its heartbeat cannot be written while the seed holds the
    /// only writer). Reads first and writes only when it found one, so a status poll does not queue
    /// behind a running seed for the write lock.
    /// </summary>
    public async Task MarkLostAsync(FeedDbContext db, DateTime now, CancellationToken cancellationToken)
    {
        var before = now - Stale;
        var mine = _current?.Id ?? 0;
        var lost = db.SeedJobs
            .Where(j => j.Id != mine
                && ((j.State == SeedJob.Running && j.HeartbeatAt < before) || (j.State == SeedJob.Queued && j.CreatedAt < before)));
        if (!await lost.AnyAsync(cancellationToken))
        {
            return;
        }

        await lost
            .ExecuteUpdateAsync(s => s
                .SetProperty(j => j.State, SeedJob.Failed)
                .SetProperty(j => j.Phase, SeedPhase.Failed)
                .SetProperty(j => j.Active, (int?)null)
                .SetProperty(j => j.FinishedAt, now)
                .SetProperty(
                    j => j.Error,
                    "The instance running this job stopped: a seed's transaction was rolled back, so nothing of it was written; " +
                    "a live job's actions done before stay done."),
                cancellationToken);
    }

    /// <summary>
    /// The job this instance runs now, if any: its id and latest progress (for the status, which need not wait for the database).
    /// </summary>
    public (long Id, SeedProgress? Progress)? Current => _current is { } job ? (job.Id, job.Progress.Latest) : null;

    /// <summary>
    /// Cancels <paramref name="jobId"/> at once when this instance runs it (a cancel asked of
    /// another instance reaches it through the database, at the next heartbeat); false otherwise.
    /// </summary>
    public bool TryCancelHere(long jobId, SeedJobAdmin by)
    {
        if (_current is not { } job || job.Id != jobId)
        {
            return false;
        }

        job.CancelledBy ??= by;
        job.CancelAsked = true;
        job.Cancel.Cancel();
        return true;
    }

    /// <summary>Starts the job in the background on this instance.</summary>
    public void Start(long jobId, string? qaPassword)
    {
        // The job outlives the request: it takes nothing of it (its HttpContext, its idempotency claim) along.
        using (ExecutionContext.SuppressFlow())
        {
            _running = Task.Run(() => RunAsync(jobId, qaPassword));
        }
    }

    private async Task RunAsync(long jobId, string? qaPassword)
    {
        await using var scope = scopes.CreateAsyncScope();
        await using var statusScope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<FeedDbContext>();
        var status = statusScope.ServiceProvider.GetRequiredService<FeedDbContext>();
        var job = status.SeedJobs.Where(j => j.Id == jobId);
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(_stopping.Token, lifetime.ApplicationStopping);
        var progress = new LatestProgress();
        var running = new RunningJob(jobId, progress, cancel);
        _current = running;
        var now = clock.GetUtcNow().UtcDateTime;
        var options = await job.Select(j => j.Options).SingleAsync(CancellationToken.None);
        var request = JsonSerializer.Deserialize<SeedJobRequest>(options, JsonSerializerOptions.Web)!;
        var live = request.Kind == SeedJobRequest.LiveKind;
        var phase = live ? SeedPhase.Acting : SeedPhase.Generating;
        await job.ExecuteUpdateAsync(
            s => s.SetProperty(j => j.State, SeedJob.Running).SetProperty(j => j.Phase, phase).SetProperty(j => j.Owner, Instance)
                .SetProperty(j => j.StartedAt, now).SetProperty(j => j.HeartbeatAt, now),
            CancellationToken.None);
        using var beating = new CancellationTokenSource();
        // On SQLite a seed holds the only writer until it commits: no heartbeat can be written then
        // (each would wait for the lock), and none is needed, for one process serves the file and
        // answers the status from memory (Current). Live traffic writes in short transactions.
        var heartbeat = BeatAsync(job, progress, cancel, write: live || !status.Database.IsSqlite(), beating.Token);
        Outcome outcome;
        try
        {
            if (live)
            {
                var done = await LiveTraffic.RunAsync(scopes, request.ToLiveOptions(), progress, cancel.Token);
                var failed = done.Failed > 0;
                outcome = new(
                    failed ? SeedJob.Failed : SeedJob.Succeeded,
                    failed ? $"{done.Failed} of {done.Actions + done.Failed} actions failed (see the log); the others were done." : null,
                    null,
                    done.Actions,
                    done.Actions,
                    done.Actions / done.Elapsed.TotalSeconds);
            }
            else
            {
                var store = scope.ServiceProvider.GetService<Media.IMediaStore>(); // required only for photos: the seeder says so
                var result = await FeedSeeder.SeedAsync(db, request.ToOptions(), progress, cancel.Token, store);
                progress.Report(progress.Latest! with { Phase = SeedPhase.Digesting });
                var refused = request.QaUser is { } qaUser
                    ? await QaAccount.CreateAsync(db, scope.ServiceProvider, qaUser, qaPassword!, isAdmin: true, CancellationToken.None)
                    : null;
                if (refused is not null)
                {
                    throw new SeedRefusedException($"The feed was seeded, but the QA account was not made: {refused}");
                }

                var digest = await FeedDigest.ComputeAsync(db, CancellationToken.None);
                outcome = new(SeedJob.Succeeded, null, digest, result.Items, result.Rows, result.RowsPerSecond);
            }
        }
        catch (OperationCanceledException)
        {
            outcome = new(SeedJob.Cancelled, null, null, progress.Latest?.Items ?? 0, 0, 0);
        }
        catch (Exception e)
        {
            logger.LogWarning(e, "Seed job {Job} failed.", jobId);
            var error = e is SeedRefusedException ? e.Message : $"{e.GetType().Name}: {e.Message}";
            outcome = new(SeedJob.Failed, error, null, progress.Latest?.Items ?? 0, 0, 0);
        }

        // The heartbeat stops before the end is written: the status context serves one operation at a time.
        await beating.CancelAsync();
        await heartbeat.ContinueWith(_ => { }, CancellationToken.None);
        if (outcome.State == SeedJob.Cancelled
            && !running.CancelAsked
            && !await job.Select(j => j.CancelRequested).SingleAsync(CancellationToken.None))
        {
            outcome = outcome with
            {
                State = SeedJob.Failed,
                Error = live
                    ? "The instance stopped; the actions done before stay done."
                    : "The instance stopped; nothing of this job was written.",
            };
        }

        await FinishAsync(job, outcome, running.CancelledBy);
        _current = null;
    }

    /// <summary>Every second: the progress and a heartbeat out, whether a cancel was asked in.</summary>
    private async Task BeatAsync(
        IQueryable<SeedJob> job, LatestProgress progress, CancellationTokenSource cancel, bool write, CancellationToken stop)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1));
        while (await timer.WaitForNextTickAsync(stop))
        {
            var p = progress.Latest;
            var now = clock.GetUtcNow().UtcDateTime;
            try
            {
                if (write)
                {
                    await job.ExecuteUpdateAsync(
                        s => s
                            .SetProperty(j => j.HeartbeatAt, now)
                            .SetProperty(j => j.ItemsDone, p == null ? 0 : p.Items)
                            .SetProperty(j => j.ItemsTotal, j => p == null ? j.ItemsTotal : p.TotalItems)
                            .SetProperty(j => j.Rows, p == null ? 0 : p.Rows)
                            .SetProperty(j => j.RowsPerSecond, p == null ? 0 : p.RowsPerSecond)
                            .SetProperty(j => j.Phase, j => p == null ? j.Phase : p.Phase),
                        stop);
                }

                if (await job.Select(j => j.CancelRequested).SingleAsync(stop))
                {
                    await cancel.CancelAsync();
                }
            }
            catch (Exception e) when (!stop.IsCancellationRequested)
            {
                // A beat that failed (a busy database) is not the end of the job: the next one may pass;
                // 30 s of failures mark it lost.
                logger.LogWarning(e, "A seed job's heartbeat failed.");
            }
        }
    }

    /// <summary>The end: state and phase, the result, and who cancelled it here if the cancel's own write came too late.</summary>
    private Task FinishAsync(IQueryable<SeedJob> job, Outcome outcome, SeedJobAdmin? cancelledHereBy)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var phase = outcome.State switch
        {
            SeedJob.Succeeded => SeedPhase.Done,
            SeedJob.Cancelled => SeedPhase.Cancelled,
            _ => SeedPhase.Failed,
        };
        long? byId = cancelledHereBy?.Id;
        var byName = cancelledHereBy?.Name;
        return job.ExecuteUpdateAsync(
            s => s
                .SetProperty(j => j.State, outcome.State)
                .SetProperty(j => j.Phase, phase)
                .SetProperty(j => j.CancelledBy, j => j.CancelledBy ?? byId)
                .SetProperty(j => j.CancelledByName, j => j.CancelledByName ?? byName)
                .SetProperty(j => j.Active, (int?)null)
                .SetProperty(j => j.FinishedAt, now)
                .SetProperty(j => j.HeartbeatAt, now)
                .SetProperty(j => j.Error, outcome.Error)
                .SetProperty(j => j.Digest, outcome.Digest)
                .SetProperty(j => j.ItemsDone, outcome.Items)
                .SetProperty(j => j.Rows, outcome.Rows)
                .SetProperty(j => j.RowsPerSecond, outcome.Rate),
            CancellationToken.None);
    }

    private sealed record Outcome(string State, string? Error, string? Digest, long Items, long Rows, double Rate);
}
