namespace Feed.Domain;

/// <summary>One user having joined one <see cref="JoinableItem"/>: at most one per (item, user).</summary>
public sealed class Membership(long itemId, long userId, DateTime joinedAt)
{
    public long ItemId { get; private set; } = itemId;

    public long UserId { get; private set; } = userId;

    /// <summary>Members are listed newest-first by (JoinedAt, UserId), with the feed's cursors.</summary>
    public DateTime JoinedAt { get; private set; } = FeedTime.ToFeedPrecision(joinedAt);
}
