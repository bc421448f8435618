using System.ComponentModel;
using System.Text.Json;
using Feed.Api.Data;
using Feed.Api.Seeding;

namespace Feed.Api.SeedJobs;

/// <summary>A seed job: its state, its phase and progress, who asked for it, and at the end the digest of what it wrote.</summary>
public sealed record SeedJobResponse(
    long Id,
    [property: Description("`seed` or `live`.")] string Kind,
    [property: Description("`queued`, `running`, `succeeded`, `failed` or `cancelled`.")] string State,
    [property: Description(
        "What the job is doing: `queued`; a seed `resetting`, `pictures` (drawing its pool of pictures, with `photos` or " +
        "`avatars`), `generating`, `indexing` (SQLite), `delivering` (the items to " +
        "their authors' and followers' homes), `indexing` again (SQLite), `committing`, `digesting`; " +
        "a live job `acting`; at the end `done`, `failed` or `cancelled`. A large seed has made all its items (100 %) " +
        "well before it ends: the phase says what it does meanwhile.")]
    string Phase,
    [property: Description("Items made so far (a live job: actions done).")] long ItemsDone,
    [property: Description("Items to make (a live job: actions to do).")] long ItemsTotal,
    [property: Description(
        "Rows written so far: users, follows, items, likes, memberships, media and home entries (a live job: actions done).")]
    long Rows,
    [property: Description("Rows written per second so far (a live job: actions per second), to the nearest whole number.")]
    long RowsPerSecond,
    [property: Description(
        "Whole seconds left at the current rate while the items are made (`generating`, `acting`); null in the other phases, " +
        "whose length is not known.")]
    long? EtaSeconds,
    [property: Description(
        "The feed's digest after a seed's success, `sha256:` and 64 hex digits as the `digest` verb prints it: the same " +
        "options give the same digest, over HTTP or from the verb. Null for a live job.")]
    string? Digest,
    string? Error,
    DateTime CreatedAt,
    DateTime? StartedAt,
    DateTime? FinishedAt,
    [property: Description("The admin who started the job, as they were then (kept after a reset deleted them).")]
    SeedJobAdmin RequestedBy,
    [property: Description("The admin who cancelled the job, as they were then; null when nobody did.")] SeedJobAdmin? CancelledBy)
{
    /// <summary>
    /// The job as stored, with the progress of <paramref name="running"/> (the job this instance runs,
    /// from memory) laid over it when it is that job: up to the moment, and on SQLite the only way,
    /// for the seed's transaction keeps the heartbeat from being written.
    /// </summary>
    public static SeedJobResponse Of(SeedJob job, (long Id, SeedProgress? Progress)? running, DateTime now)
    {
        if (job.State == SeedJob.Running && running is { Progress: { } progress } && running.Value.Id == job.Id)
        {
            job.ItemsDone = progress.Items;
            job.ItemsTotal = progress.TotalItems;
            job.Rows = progress.Rows;
            job.RowsPerSecond = progress.RowsPerSecond;
            job.Phase = progress.Phase;
            job.HeartbeatAt = now;
        }

        var counting = job.Phase is SeedPhase.Generating or SeedPhase.Acting;
        return new(
            job.Id,
            JsonSerializer.Deserialize<SeedJobRequest>(job.Options, JsonSerializerOptions.Web)!.Kind,
            job.State,
            job.Phase,
            job.ItemsDone,
            job.ItemsTotal,
            job.Rows,
            (long)Math.Round(job.RowsPerSecond),
            job.State == SeedJob.Running && counting && job.ItemsDone > 0 && job.StartedAt is { } started && job.HeartbeatAt is { } beat
                ? (long)Math.Ceiling((beat - started).TotalSeconds * (job.ItemsTotal - job.ItemsDone) / job.ItemsDone)
                : null,
            job.Digest,
            job.Error,
            job.CreatedAt,
            job.StartedAt,
            job.FinishedAt,
            new SeedJobAdmin(job.RequestedBy, job.RequestedByName),
            job.CancelledBy is { } by ? new SeedJobAdmin(by, job.CancelledByName ?? "") : null);
    }
}

/// <summary>
/// An admin as a job recorded them: the name they had then. The id may name another user since (a
/// reset deletes users and the seed numbers its own from 1).
/// </summary>
public sealed record SeedJobAdmin(long Id, string Name);
