namespace Feed.Domain;

/// <summary>
/// A feed item that users can join (a <see cref="Game"/> or a <see cref="Team"/>). They share one
/// membership relation and one joined counter.
/// </summary>
public abstract class JoinableItem(long authorId, DateTime createdAt) : FeedItem(authorId, createdAt)
{
    /// <summary>
    /// Always equals the number of <see cref="Membership"/> rows of this item; changed by the
    /// database together with those rows, never set from memory.
    /// </summary>
    public int JoinedCount { get; private set; }
}
