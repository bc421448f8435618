using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using Feed.Api.Items;
using Feed.Api.Media;
using Feed.Domain;

namespace Feed.Api.Notifications;

/// <summary>One group of notifications as its recipient sees it: "Mina and 14 others liked your post".</summary>
public sealed record NotificationResponse(
    [property: Description("The group's id: the same group keeps it when it moves to the top (its `seq` rises).")] long Id,
    [property: Description("`like`, `join` (your game or team), `follow` (you), `comment` (on your item) or `reply` (to your comment).")]
    string Kind,
    [property: Description(
        "Its place in your list: taken when its latest action was made, so it rises when the group gathers a new one. " +
        "Send it as `upTo` to `POST /me/notifications/read`; a stream event's `id` is the same number.")]
    long Seq,
    [property: Description("How many people it gathers (the named one included).")] int ActorCount,
    [property: Description("Who acted last: the one a client names (\"Mina and 14 others\").")] AuthorResponse Actor,
    [property: Description("The item it is about (the item replied under, for a reply); null for a follow.")] long? ItemId,
    [property: Description("For a reply: your comment that was answered; null for every other kind.")] long? CommentId,
    [property: Description("When the latest action was made (UTC, with microseconds).")] DateTime At,
    [property: Description("Whether `seq` is at or below your read marker (`POST /me/notifications/read`).")] bool Read);

/// <summary>How many groups are unread, counted up to a cap: <c>{"count": 99, "more": true}</c> reads "99+".</summary>
public sealed record UnreadCountResponse(
    [property: Description("Unread groups, at most the cap (99).")] int Count,
    [property: Description("Whether more than `count` are unread: show \"99+\".")] bool More);

/// <summary>The read marker to set: every group with a <c>seq</c> at or below <see cref="UpTo"/> is read.</summary>
public sealed record MarkReadRequest(
    [property: Description(
        "Mark read every group with a `seq` at or below this one (the `seq` of the newest group you showed). " +
        "Leave it out to mark everything so far read. The marker never moves down, nor past your newest group.")]
    [property: Range(0, long.MaxValue)]
    long? UpTo = null);

/// <summary>A group read with its named actor, and where it stands against the caller's read marker.</summary>
public sealed record NotificationRow(Notification Group, string ActorName, string? ActorDisplayName, MediaObject? ActorAvatar, bool Read)
{
    public NotificationResponse ToResponse(MediaUrls urls) => new(
        Group.Id,
        Group.Kind,
        Group.Seq,
        Group.ActorCount,
        new AuthorResponse(Group.LatestActorId, ActorName, ActorDisplayName, AvatarResponse.Of(ActorAvatar, urls)),
        Group.ItemId,
        Group.Kind == Notification.Reply ? Group.SubjectId : null, // a reply's subject is the answered comment
        Group.At,
        Read);
}

/// <summary>
/// A row of a page's command: whether the list goes on past the cursor, a group read (none when the page is empty),
/// and whether it names someone hidden from the caller (read, so the page's cursors pass it, but not shown).
/// </summary>
public sealed record NotificationPageRow(bool Beyond, NotificationRow? Row, bool Hidden);

/// <summary>A group of a page's window, judged: whether its named actor is hidden from the caller.</summary>
/// <remarks>Init members, not a constructor: EF reads a member of a projection only when it was bound by name.</remarks>
public sealed class JudgedGroup
{
    public required Notification Group { get; init; }

    public required bool Hidden { get; init; }
}
