namespace Feed.Api.Media;

/// <summary>The <c>Media</c> configuration section: uploads, their background work, storage and addresses.</summary>
public sealed class MediaOptions
{
    public const string Section = "Media";

    /// <summary>The most bytes an upload's file may have (413 beyond, refused while it streams).</summary>
    public long MaxUploadBytes { get; set; } = 16 * 1024 * 1024;

    /// <summary>
    /// Render workers in each instance, each claiming a different processing upload from the database; the
    /// housekeeping (expiry sweep, deletions queue) runs beside them. 0 runs none (tests drive the work themselves).
    /// </summary>
    public int Workers { get; set; } = 2;

    /// <summary>Image work (an upload's first pass, a render) running at once in this instance: what bounds its memory.</summary>
    public int ProcessingConcurrency { get; set; } = 2;

    /// <summary>
    /// The nice value of the image work's threads on Linux (0–19; 0 leaves them as they are): higher yields the cores to
    /// requests sooner. The image work then takes the CPU the requests leave; it slows only when they need it.
    /// </summary>
    public int ImagingNice { get; set; } = 10;

    /// <summary>How long a worker's claim on an upload holds: one that dies leaves it to another after this.</summary>
    public TimeSpan ClaimLease { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Claims of one upload before it is marked failed (a picture that kills its worker every time).</summary>
    public int MaxAttempts { get; set; } = 3;

    /// <summary>How often an idle worker looks for work.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>An upload attached to no post and no one's avatar is deleted this long after it was made.</summary>
    public TimeSpan UnattachedLifetime { get; set; } = TimeSpan.FromHours(24);

    /// <summary>Rows one sweep or deletion transaction takes: short transactions.</summary>
    public int Chunk { get; set; } = 200;

    /// <summary>How often the housekeeping runs.</summary>
    public TimeSpan HousekeepingInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary><c>Local</c> (a folder; the default) or <c>S3</c> (S3-compatible object storage shared by every instance).</summary>
    public string Store { get; set; } = "Local";

    /// <summary>
    /// Where clients fetch files from: null serves them from this service (root-relative URLs,
    /// <c>/media/files/…</c>); set it to a CDN or the bucket's public address and URLs are
    /// <c>{PublicBaseUrl}/{token}/{file}</c> (the store's <c>files/</c> prefix).
    /// </summary>
    public string? PublicBaseUrl { get; set; }

    public LocalStoreOptions Local { get; set; } = new();
}

/// <summary><c>Media:Local</c>: the folder of the local store.</summary>
public sealed class LocalStoreOptions
{
    /// <summary>The folder; by default <c>media</c> next to the SQLite file (or in the content root).</summary>
    public string? Path { get; set; }
}
