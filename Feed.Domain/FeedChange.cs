namespace Feed.Domain;

/// <summary>
/// One edit or deletion of an item, kept for a while (the change log) so an app coming back can
/// learn what changed in the items it holds. Written in the same transaction as the change.
/// </summary>
public sealed class FeedChange(long itemId, string kind, long authorId, string change, DateTime at)
{
    public const string Edited = "edited";
    public const string Deleted = "deleted";

    public long Id { get; private set; }

    public long ItemId { get; private set; } = itemId;

    /// <summary>The item's kind (one of <see cref="FeedKinds"/>), so a listing of some kinds reads only theirs.</summary>
    public string Kind { get; private set; } = kind;

    public long AuthorId { get; private set; } = authorId;

    /// <summary><see cref="Edited"/> or <see cref="Deleted"/>.</summary>
    public string Change { get; private set; } = change;

    /// <summary>UTC, whole microseconds; the log's order is (At, Id).</summary>
    public DateTime At { get; private set; } = FeedTime.ToFeedPrecision(at);
}
