namespace Feed.Domain;

/// <summary>
/// One user muting another: the muted author's items leave the muter's mixed feed, kind feeds and
/// home; nothing else changes (the muted user is not told, and may still follow, like and join).
/// </summary>
public sealed class Mute
{
    public Mute(long muterId, long mutedId, DateTime createdAt)
    {
        if (muterId == mutedId)
        {
            throw new ArgumentException("A user cannot mute themselves.", nameof(mutedId));
        }

        MuterId = muterId;
        MutedId = mutedId;
        CreatedAt = FeedTime.ToFeedPrecision(createdAt);
    }

    public long MuterId { get; private set; }

    public long MutedId { get; private set; }

    public DateTime CreatedAt { get; private set; }
}
