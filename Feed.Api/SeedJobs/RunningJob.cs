using Feed.Api.Seeding;

namespace Feed.Api.SeedJobs;

/// <summary>The job this instance runs (<see cref="SeedJobRunner"/>): what its status and cancel read without the database.</summary>
internal sealed class RunningJob(long id, LatestProgress progress, CancellationTokenSource cancel)
{
    public long Id { get; } = id;

    public LatestProgress Progress { get; } = progress;

    public CancellationTokenSource Cancel { get; } = cancel;

    /// <summary>Cancelled through this instance (<see cref="SeedJobRunner.TryCancelHere"/>), not stopped with it.</summary>
    public volatile bool CancelAsked;

    /// <summary>Who cancelled it through this instance: the runner records them with the end, whichever write comes first.</summary>
    public volatile SeedJobAdmin? CancelledBy;
}

/// <summary>The seeder's latest report, read by the heartbeat and the status.</summary>
internal sealed class LatestProgress : IProgress<SeedProgress>
{
    private SeedProgress? _latest;

    public SeedProgress? Latest => Volatile.Read(ref _latest);

    public void Report(SeedProgress value) => Volatile.Write(ref _latest, value);
}
