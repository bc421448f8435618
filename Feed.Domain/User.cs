namespace Feed.Domain;

/// <summary>Someone who writes, likes and joins. Reads need no user; every write has one.</summary>
public sealed class User
{
    public User(string name, DateTime createdAt, bool isAdmin = false)
    {
        Name = UserNames.Normalize(name);
        NormalizedName = UserNames.Key(Name);
        CreatedAt = FeedTime.ToFeedPrecision(createdAt);
        IsAdmin = isAdmin;
        SecurityStamp = NewStamp();
    }

    public long Id { get; private set; }

    /// <summary>As shown: normalised by <see cref="UserNames"/>.</summary>
    public string Name { get; private set; }

    /// <summary>Unique: what a name is compared by (<see cref="UserNames.Key"/>).</summary>
    public string NormalizedName { get; private set; }

    public bool IsAdmin { get; private set; }

    public DateTime CreatedAt { get; private set; }

    /// <summary>How many follow this user: moved by the database together with the follows rows, never set from memory.</summary>
    public int FollowerCount { get; private set; }

    /// <summary>How many this user follows: moved by the database together with the follows rows.</summary>
    public int FollowingCount { get; private set; }

    /// <summary>
    /// Since when this user's new items are read into their followers' homes at read time instead of
    /// being copied there (null: they are copied). Set once, by the database, when the follower count
    /// first reaches the service's threshold, and never unset: an item is read at read time exactly
    /// when its author has this and it was created at or after it.
    /// </summary>
    public DateTime? PulledSince { get; private set; }

    /// <summary>Set by the API's password hasher (<see cref="SetPasswordHash"/>); never leaves the server.</summary>
    public string? PasswordHash { get; private set; }

    /// <summary>
    /// Random, and new whenever the password or the role changes: tokens carry it, and a write
    /// whose token's stamp is not the user's current one is refused. A user made again under an
    /// old id (a reseeded database) has a new stamp, so old tokens do not pass for it.
    /// </summary>
    public string SecurityStamp { get; private set; }

    /// <summary>The media shown as this user's face, or null; one of the user's own uploads.</summary>
    public long? AvatarMediaId { get; private set; }

    /// <summary>Shows <paramref name="mediaId"/> as the avatar (null: none); the caller checks it is the user's own.</summary>
    public void ShowAvatar(long? mediaId) => AvatarMediaId = mediaId;

    public void SetPasswordHash(string hash)
    {
        PasswordHash = hash;
        SecurityStamp = NewStamp();
    }

    private static string NewStamp() => Guid.NewGuid().ToString("N");
}
