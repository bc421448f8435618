namespace Feed.Domain;

/// <summary>
/// One user blocking another: at most one per (blocker, blocked), never oneself. Neither sees the
/// other's items in any listing, and neither can like, join or follow the other's; follows between them end.
/// </summary>
public sealed class Block
{
    public Block(long blockerId, long blockedId, DateTime createdAt)
    {
        if (blockerId == blockedId)
        {
            throw new ArgumentException("A user cannot block themselves.", nameof(blockedId));
        }

        BlockerId = blockerId;
        BlockedId = blockedId;
        CreatedAt = FeedTime.ToFeedPrecision(createdAt);
    }

    public long BlockerId { get; private set; }

    public long BlockedId { get; private set; }

    public DateTime CreatedAt { get; private set; }
}
