namespace Feed.Domain;

/// <summary>
/// What others did to what is someone's, grouped: one row per (recipient, kind, subject, window), whatever the
/// number of people — "Mina and 14 others liked your post" is one row with <see cref="ActorCount"/> 15 and
/// <see cref="LatestActorId"/> Mina. Written in the transaction of the action it tells of, and taken back with it.
/// </summary>
public sealed class Notification
{
    public const string Like = "like";
    public const string Join = "join";
    public const string Follow = "follow";
    public const string Comment = "comment";
    public const string Reply = "reply";

    /// <summary>Every kind, in the order the documentation lists them.</summary>
    public static readonly IReadOnlyList<string> Kinds = [Like, Join, Follow, Comment, Reply];

    /// <summary>How long one group gathers actions: a day, UTC, from midnight.</summary>
    public static readonly TimeSpan Window = TimeSpan.FromDays(1);

    public Notification(long recipientId, string kind, long subjectId, long? itemId, long actorId, DateTime at, long seq)
    {
        RecipientId = recipientId;
        Kind = kind;
        SubjectId = subjectId;
        ItemId = itemId;
        LatestActorId = actorId;
        ActorCount = 1;
        At = FeedTime.ToFeedPrecision(at);
        WindowStart = WindowOf(at);
        Seq = seq;
    }

    /// <summary>For EF, which sets the properties.</summary>
    private Notification() => Kind = null!;

    public long Id { get; private set; }

    public long RecipientId { get; private set; }

    /// <summary>One of <see cref="Kinds"/>.</summary>
    public string Kind { get; private set; }

    /// <summary>What the group is about: the item (likes, joins, comments), your comment (replies), 0 (follows).</summary>
    public long SubjectId { get; private set; }

    /// <summary>The item it is about (the item replied under, for a reply); null for follows.</summary>
    public long? ItemId { get; private set; }

    /// <summary>The start of the window (<see cref="WindowOf"/>) the group gathers.</summary>
    public DateTime WindowStart { get; private set; }

    /// <summary>How many actions it gathers: moved by the database, never set from memory.</summary>
    public int ActorCount { get; private set; }

    /// <summary>Who acted last: the name the group is shown with.</summary>
    public long LatestActorId { get; private set; }

    /// <summary>When the latest action happened (UTC, microseconds).</summary>
    public DateTime At { get; private set; }

    /// <summary>
    /// The group's place in its recipient's list: the change number (the change log's counter) of the transaction that
    /// gathered its latest action, so it follows commit order; a new action moves the group to the top. Unique per
    /// recipient; numbers are shared with the change log, so a recipient's are not consecutive.
    /// </summary>
    public long Seq { get; private set; }

    /// <summary>The window an action at <paramref name="at"/> falls in: its UTC day.</summary>
    public static DateTime WindowOf(DateTime at) => DateTime.SpecifyKind(at.Date, DateTimeKind.Utc);
}
