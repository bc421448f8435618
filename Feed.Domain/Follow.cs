namespace Feed.Domain;

/// <summary>
/// One user following another: at most one per (follower, followee), never oneself. The followee's
/// items reach the follower's home (<c>GET /home</c>) from then on.
/// </summary>
public sealed class Follow
{
    public Follow(long followerId, long followeeId, DateTime createdAt)
    {
        if (followerId == followeeId)
        {
            throw new ArgumentException("A user cannot follow themselves.", nameof(followeeId));
        }

        FollowerId = followerId;
        FolloweeId = followeeId;
        CreatedAt = FeedTime.ToFeedPrecision(createdAt);
    }

    public long FollowerId { get; private set; }

    public long FolloweeId { get; private set; }

    public DateTime CreatedAt { get; private set; }
}
