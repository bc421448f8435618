namespace Feed.Domain;

/// <summary>
/// One change to the feed — an item created, edited or deleted, or its like and joined counts
/// changed — written in the same transaction
/// as the change. <see cref="Seq"/> is taken from one counter row in that transaction, so the
/// numbers follow the order in which the transactions commit: a reader that has seen n has seen
/// everything before n. The stream (<c>/feed/stream</c>) and the change log (<c>/feed/changes</c>)
/// are read from here; rows are kept for a while, then swept.
/// </summary>
public sealed class FeedChange(long seq, long itemId, string kind, long authorId, string change, DateTime at)
{
    public const string Created = "created";
    public const string Edited = "edited";
    public const string Deleted = "deleted";

    /// <summary>
    /// The item's like or joined count changed. One row per item, moved to a new <see cref="Seq"/> by
    /// every change of its counts: a reader finds it once, after the last change it has not seen.
    /// </summary>
    public const string Counts = "counts";

    public long Id { get; private set; }

    /// <summary>The change's place in commit order (1, 2, 3 …).</summary>
    public long Seq { get; private set; } = seq;

    public long ItemId { get; private set; } = itemId;

    /// <summary>The item's kind (one of <see cref="FeedKinds"/>), so a listing of some kinds reads only theirs.</summary>
    public string Kind { get; private set; } = kind;

    public long AuthorId { get; private set; } = authorId;

    /// <summary><see cref="Created"/>, <see cref="Edited"/>, <see cref="Deleted"/> or <see cref="Counts"/>.</summary>
    public string Change { get; private set; } = change;

    /// <summary>UTC, whole microseconds: when it happened, for the retention.</summary>
    public DateTime At { get; private set; } = FeedTime.ToFeedPrecision(at);
}
