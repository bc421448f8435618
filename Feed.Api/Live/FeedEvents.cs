using System.Text;
using System.Text.Json;
using Feed.Api.Data;
using Feed.Api.Items;
using Feed.Api.Media;
using Feed.Api.Paging;
using Feed.Domain;
using Microsoft.EntityFrameworkCore;

namespace Feed.Api.Live;

/// <summary>
/// One event of the stream: a change of the log with what a client shows for it, serialized once
/// for every subscriber (an item as an anonymous caller sees it, a deleted item's id, or an item's
/// counts). Its frame is written in pieces, never copied whole per listing or per subscriber.
/// </summary>
public sealed record FeedEvent(long Seq, DateTime At, string Kind, string Type, byte[] Data)
{
    public const string Item = "item";
    public const string Edited = "edited";
    public const string Deleted = "deleted";
    public const string Counts = "counts";

    private static readonly byte[] End = "\n\n"u8.ToArray();

    /// <summary>The author of the event's item: a signed-in subscriber is not sent those they block, are blocked by or muted.</summary>
    public long AuthorId { get; init; }

    /// <summary>The event as the stream sends it to subscribers of <paramref name="scope"/>; answers the bytes written.</summary>
    public async Task<int> WriteAsync(Stream body, string scope, CancellationToken cancellationToken)
    {
        var head = Encoding.UTF8.GetBytes($"id: {FeedCursor.Encode(new FeedPosition(At, Seq), scope)}\nevent: {Type}\ndata: ");
        await body.WriteAsync(head, cancellationToken);
        await body.WriteAsync(Data, cancellationToken);
        await body.WriteAsync(End, cancellationToken);
        return head.Length + Data.Length + End.Length;
    }
}

/// <summary>The id a deleted item had.</summary>
public sealed record DeletedItemEvent(long Id);

/// <summary>
/// A change of the log with its item (null when the item is gone), the item's author's name, display name and avatar, and its media.
/// </summary>
public sealed record LoggedChange(FeedChange Change, FeedItem? Item, string? AuthorName)
{
    public IReadOnlyList<MediaObject> Media { get; init; } = [];

    public MediaObject? AuthorAvatar { get; init; }

    public string? AuthorDisplayName { get; init; }
}

public static class FeedEvents
{
    /// <summary>
    /// The changes after <paramref name="seq"/> up to <paramref name="upTo"/> in commit order, of the
    /// listing's kinds, at most <paramref name="take"/>, with their items, in one SQL command (the
    /// log's Seq range, the items, authors and avatars by primary key, the items' media by their index).
    /// Also answers how far the read covers: the last change read when the page is full (or when
    /// <paramref name="upTo"/> is open, <see cref="long.MaxValue"/>), else <paramref name="upTo"/>: a reader
    /// moves past every row it scanned.
    /// </summary>
    public static async Task<(List<LoggedChange> Changes, long Reached, bool Full)> ReadAsync(
        FeedDbContext db, long seq, long upTo, FeedListing listing, int take, CancellationToken cancellationToken)
    {
        var rows = await (
                from change in ChangeLogReads.Between(db, seq, upTo, listing).Take(take)
                join item in db.FeedItems on change.ItemId equals item.Id into items
                from item in items.DefaultIfEmpty()
                join avatar in db.Media on item.Author!.AvatarMediaId equals (long?)avatar.Id into avatars
                from avatar in avatars.DefaultIfEmpty()
                select new LoggedChange(change, item, item == null ? null : item.Author!.Name)
                {
                    Media = db.Media.Where(m => m.ItemId == change.ItemId).OrderBy(m => m.Position).ToList(),
                    AuthorAvatar = avatar,
                    AuthorDisplayName = item == null ? null : item.Author!.DisplayName,
                })
            .AsNoTracking()
            .ToListAsync(cancellationToken);

        var changes = rows.OrderBy(r => r.Change.Seq).ToList();
        var full = changes.Count == take;
        var reached = full || upTo == long.MaxValue ? (changes.Count == 0 ? seq : changes[^1].Change.Seq) : upTo;
        return (changes, reached, full);
    }

    /// <summary>
    /// What a client is sent for a change, or null for nothing: a creation, edit or count change whose
    /// item is gone meanwhile (its deletion follows).
    /// </summary>
    public static FeedEvent? ToEvent(LoggedChange logged, JsonSerializerOptions json, MediaUrls urls)
    {
        var (change, item, name) = logged;
        if (change.Change == FeedChange.Deleted)
        {
            var data = JsonSerializer.SerializeToUtf8Bytes(new DeletedItemEvent(change.ItemId), json);
            return new FeedEvent(change.Seq, change.At, change.Kind, FeedEvent.Deleted, data) { AuthorId = change.AuthorId };
        }

        if (item is null)
        {
            return null;
        }

        if (change.Change == FeedChange.Counts)
        {
            var counts = new ItemCounts(item.Id, item.LikeCount, (item as JoinableItem)?.JoinedCount, item.CommentCount);
            var countsData = JsonSerializer.SerializeToUtf8Bytes(counts, json);
            return new FeedEvent(change.Seq, change.At, change.Kind, FeedEvent.Counts, countsData) { AuthorId = change.AuthorId };
        }

        var entry = new FeedEntry(item, name!, LikedByMe: false, JoinedByMe: false)
        {
            Media = logged.Media,
            AuthorAvatar = logged.AuthorAvatar,
            AuthorDisplayName = logged.AuthorDisplayName,
        };
        var response = FeedItemResponse.From(entry, urls);
        var type = change.Change == FeedChange.Created ? FeedEvent.Item : FeedEvent.Edited;
        var itemData = JsonSerializer.SerializeToUtf8Bytes(response, json);
        return new FeedEvent(change.Seq, change.At, change.Kind, type, itemData) { AuthorId = change.AuthorId };
    }
}
