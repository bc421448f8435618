namespace Feed.Api.Data;

/// <summary>
/// A stored file to delete: the durable queue between the database and the media store. Whoever
/// deletes a media row (an expired upload, a deleted post, a deleted account) enqueues its keys in
/// the same transaction; a worker of any instance deletes them from the store and then the row, and
/// tries again later when the store fails. So a file outlives its row only until the worker runs,
/// and no file is ever orphaned by a crash between the two.
/// </summary>
public sealed class MediaDeletion
{
    public const int KeyMaxLength = 200;

    public long Id { get; init; }

    /// <summary>The store's key ('/'-separated relative path).</summary>
    public required string Key { get; init; }

    public DateTime EnqueuedAt { get; init; }

    /// <summary>Not tried before this time: a failed attempt moves it on (backing off), and so does a claim (a lease).</summary>
    public DateTime NotBefore { get; set; }

    public int Attempts { get; set; }
}
