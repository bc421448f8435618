namespace Feed.Api.Data;

/// <summary>
/// A seeding run asked for over HTTP (<c>/admin/seed-jobs</c>), with its state and progress, in the
/// database so that every instance can answer for it and only one runs at a time.
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

    public required long RequestedBy { get; init; }

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
