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

    /// <summary>
    /// How the user is shown beside their sign-in name: any text the name rule allows, not unique; null shows the name.
    /// </summary>
    public string? DisplayName { get; private set; }

    /// <summary>A few words about the user (at most <see cref="FeedRules.BioMaxLength"/> characters); null when none.</summary>
    public string? Bio { get; private set; }

    /// <summary>
    /// Since when the account is being deleted (<c>DELETE /me</c>): it signs nobody in and its tokens write nothing from then on,
    /// while a background job removes what it made in chunks and, last, the row itself. Null for a live account.
    /// </summary>
    public DateTime? DeletedAt { get; private set; }

    /// <summary>The highest <see cref="Notification.Seq"/> the user has read: notifications above it are unread. Only rises.</summary>
    public long NotificationsReadSeq { get; private set; }

    /// <summary>Sets the display name (null: none); the caller has checked it against the name rule.</summary>
    public void SetDisplayName(string? displayName) => DisplayName = displayName;

    /// <summary>Sets the bio (null: none); the caller has checked its length.</summary>
    public void SetBio(string? bio) => Bio = bio;

    /// <summary>Starts the account's deletion: from now on it signs nobody in and no token of it writes.</summary>
    public void MarkDeleted(DateTime now)
    {
        DeletedAt ??= FeedTime.ToFeedPrecision(now);
        SecurityStamp = NewStamp();
    }

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
