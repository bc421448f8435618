namespace Feed.Api.Data;

/// <summary>
/// A seeding run asked for over HTTP (<c>/admin/seed-jobs</c>), with its state and progress, in the
/// database so that every instance can answer for it and only one runs at a time. It is the audit of
/// who seeded and who cancelled what: a seed's <c>reset</c> deletes users, items and the change
/// log, never this table.
/// </summary>
public sealed class SeedJob
{
    public const string Queued = "queued";
    public const string Running = "running";
    public const string Succeeded = "succeeded";
    public const string Failed = "failed";
    public const string Cancelled = "cancelled";

    public long Id { get; set; }

    /// <summary>
    /// <see cref="Queued"/>, <see cref="Running"/>, <see cref="Succeeded"/>, <see cref="Failed"/> or <see cref="Cancelled"/>.
    /// </summary>
    public required string State { get; set; }

    /// <summary>1 while queued or running, null after: a unique index on it lets one job at a time exist, across instances.</summary>
    public int? Active { get; set; } = 1;

    /// <summary>The seed options as JSON (the request as given).</summary>
    public required string Options { get; init; }

    /// <summary>The admin who started the job, by id and by name: a reset deletes the user (and reuses the id), not this record.</summary>
    public required long RequestedBy { get; init; }

    public required string RequestedByName { get; init; }

    /// <summary>The admin who asked for a cancel, by id and name (null when nobody did); kept after a reset like the rest.</summary>
    public long? CancelledBy { get; set; }

    public string? CancelledByName { get; set; }

    /// <summary>What the job is doing (<c>SeedPhase</c>): 100 % of the items is not the end of a seed.</summary>
    public string Phase { get; set; } = "queued";

    public required DateTime CreatedAt { get; init; }

    public DateTime? StartedAt { get; set; }

    public DateTime? FinishedAt { get; set; }

    /// <summary>Written by the running instance every second: a running job whose heartbeat stopped lost its instance.</summary>
    public DateTime? HeartbeatAt { get; set; }

    public string? Owner { get; set; }

    public bool CancelRequested { get; set; }

    public long ItemsDone { get; set; }

    public long ItemsTotal { get; set; }

    public long Rows { get; set; }

    public double RowsPerSecond { get; set; }

    public string? Digest { get; set; }

    public string? Error { get; set; }
}
