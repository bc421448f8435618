using Feed.Api.Items;
using Feed.Api.Media;
using Feed.Api.Paging;
using Feed.Api.Plumbing.Documentation;
using Feed.Domain;
using static Feed.Api.Plumbing.Documentation.ExampleTime;

namespace Feed.Api.Notifications;

/// <summary>What the document says of notifications beyond their endpoints: examples, and the cursors of the list.</summary>
public static class NotificationsDocs
{
    // The recipient of the examples (jordan.lee, 31), whose Korean post (1042) 김민지 and 14 others liked.
    private const long CallerId = 31;

    private static readonly NotificationResponse[] Groups =
    [
        new(
            5120, Notification.Like, 287, 15, new AuthorResponse(7, "김민지", "민지 🌿", AvatarResponse.Example), 1042, null,
            Utc("2026-11-25T10:11:42.930114Z"), Read: false),
        new(
            5093, Notification.Follow, 281, 2, new AuthorResponse(12, "alex.morgan"), null, null,
            Utc("2026-11-25T09:40:07.006315Z"), Read: true),
    ];

    public static void Declare(ApiNotes notes) => notes
        .Tag("Notifications", "What others did to what is yours, grouped per item, kind and day: a list, an unread count, " +
            "a read marker and a live stream.")
        .CursorScope("me/notifications", _ => NotificationReads.Scope(CallerId))
        .RequestHeader(
            "me/notifications/stream",
            "Last-Event-ID",
            "The `id` (a `seq`) of the last event received: the groups above it are sent first. `lastEventId` says the same " +
            "and wins when both are sent.",
            Groups[1].Seq.ToString(System.Globalization.CultureInfo.InvariantCulture))
        .Example(new FeedPage<NotificationResponse>(
            Groups,
            FeedCursor.Encode(NotificationReads.PositionOf(Groups[^1].Seq), NotificationReads.Scope(CallerId)),
            FeedCursor.Encode(NotificationReads.PositionOf(Groups[0].Seq), NotificationReads.Scope(CallerId)),
            HasNewer: false))
        .Example(Groups[0])
        .Example(new UnreadCountResponse(3, false))
        .Example(new MarkReadRequest(Groups[0].Seq));
}
