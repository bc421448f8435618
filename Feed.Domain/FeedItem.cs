namespace Feed.Domain;

/// <summary>
/// Something in the feed. The feed is ordered by (<see cref="CreatedAt"/> desc, <see cref="Id"/> desc):
/// unique, total and stable, whatever arrives meanwhile.
/// </summary>
public abstract class FeedItem
{
    protected FeedItem(long authorId, DateTime createdAt)
    {
        AuthorId = authorId;
        CreatedAt = FeedTime.ToFeedPrecision(createdAt);
    }

    public long Id { get; private set; }

    /// <summary>UTC, whole microseconds (see <see cref="FeedTime"/>).</summary>
    public DateTime CreatedAt { get; private set; }

    public long AuthorId { get; private set; }

    /// <summary>When the author last changed the item's own fields; null until then. Editing does not move it in the feed.</summary>
    public DateTime? EditedAt { get; private set; }

    public User? Author { get; private set; }

    /// <summary>
    /// Always equals the number of <see cref="Like"/> rows of this item. The database changes it
    /// atomically together with those rows; it is never set from memory.
    /// </summary>
    public int LikeCount { get; private set; }

    /// <summary>Always equals the number of <see cref="Comment"/> rows under this item, replies included: moved as the likes' is.</summary>
    public int CommentCount { get; private set; }

    /// <summary>Marks the item edited at <paramref name="at"/> (each kind's Edit calls this after changing its fields).</summary>
    protected void Edited(DateTime at) => EditedAt = FeedTime.ToFeedPrecision(at);

    /// <summary>The item's kind, one of <see cref="FeedKinds"/>.</summary>
    public abstract string Kind { get; }
}
