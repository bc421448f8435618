namespace Feed.Domain;

/// <summary>One user's like of one item: at most one per (item, user).</summary>
public sealed class Like(long itemId, long userId, DateTime createdAt)
{
    public long ItemId { get; private set; } = itemId;

    public long UserId { get; private set; } = userId;

    public DateTime CreatedAt { get; private set; } = FeedTime.ToFeedPrecision(createdAt);
}
