namespace Feed.Api.Data;

/// <summary>
/// One item in one user's home (<c>GET /home</c>): the home is a table of these, one index range a
/// page, whatever the depth or the number of follows. Written by the item's own transaction (the
/// author's home), by fan-out to followers (<see cref="HomeDelivery"/>) and by a follow's backfill;
/// removed with the item (cascade), with the owner, and by an unfollow.
/// </summary>
public sealed class HomeEntry
{
    public long OwnerId { get; init; }

    public long ItemId { get; init; }

    /// <summary>
    /// When the item reached this home: the home's order (with <see cref="ItemId"/>), newest first.
    /// The item's own time for the author and for a follow's backfill; the fan-out's time for
    /// followers, so an item that arrives late lands above a refresh cursor, never below it.
    /// </summary>
    public DateTime ArrivedAt { get; init; }

    /// <summary>The item's author: what an unfollow removes by.</summary>
    public long AuthorId { get; init; }

    /// <summary>The item's kind (its discriminator): what <c>types=</c> narrows by.</summary>
    public required string Kind { get; init; }
}

/// <summary>
/// An item still being delivered to its author's followers: committed with the item, claimed by any
/// instance's worker, worked off in chunks of followers in id order (<see cref="After"/> is the last
/// follower done), deleted when done. A worker that dies leaves it where its last chunk committed.
/// </summary>
public sealed class HomeFanOut
{
    public long Id { get; init; }

    public long ItemId { get; init; }

    public long AuthorId { get; init; }

    public required string Kind { get; init; }

    /// <summary>Followers with an id up to this one have the item; 0 before the first chunk.</summary>
    public long After { get; set; }

    public DateTime CreatedAt { get; init; }
}
