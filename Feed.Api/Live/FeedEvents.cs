using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using Feed.Api.Data;
using Feed.Api.Items;
using Feed.Api.Paging;
using Feed.Domain;
using Microsoft.EntityFrameworkCore;

namespace Feed.Api.Live;

/// <summary>
/// One event of the stream: a change of the log with what a client shows for it, serialized once
/// for every subscriber (an item as an anonymous caller sees it, or a deleted item's id).
/// </summary>
public sealed record FeedEvent(long Seq, DateTime At, string Kind, string Type, byte[] Data)
{
    public const string Item = "item";
    public const string Edited = "edited";
    public const string Deleted = "deleted";

    private readonly ConcurrentDictionary<string, byte[]> _frames = new();

    /// <summary>
    /// The event as the stream sends it to subscribers of <paramref name="scope"/>: made once per
    /// listing, not once per subscriber.
    /// </summary>
    public byte[] Frame(string scope) => _frames.GetOrAdd(scope, s =>
    [
        .. Encoding.UTF8.GetBytes($"id: {FeedCursor.Encode(new FeedPosition(At, Seq), s)}\nevent: {Type}\ndata: "),
        .. Data,
        (byte)'\n',
        (byte)'\n',
    ]);
}

/// <summary>The id a deleted item had.</summary>
public sealed record DeletedItemEvent(long Id);

public static class FeedEvents
{
    /// <summary>
    /// The changes after <paramref name="seq"/> in commit order, at most <paramref name="take"/>,
    /// with their items, in one SQL command (the log's Seq range, the items and authors by primary
    /// key). A creation or edit whose item is gone meanwhile yields nothing: its deletion follows.
    /// Also answers the last Seq read, so a reader never reads a change twice, and whether the page was full.
    /// </summary>
    public static async Task<(List<FeedEvent> Events, long Last, bool Full)> ReadAsync(
        FeedDbContext db, long seq, FeedListing listing, int take, JsonSerializerOptions json, CancellationToken cancellationToken)
    {
        var rows = await (
                from change in ChangeLogReads.Since(db, seq, listing).Take(take)
                join item in db.FeedItems on change.ItemId equals item.Id into items
                from item in items.DefaultIfEmpty()
                select new { change, item, Name = item == null ? null : item.Author!.Name })
            .AsNoTracking()
            .ToListAsync(cancellationToken);

        var events = new List<FeedEvent>(rows.Count);
        foreach (var row in rows.OrderBy(r => r.change.Seq))
        {
            var change = row.change;
            if (change.Change == FeedChange.Deleted)
            {
                var data = JsonSerializer.SerializeToUtf8Bytes(new DeletedItemEvent(change.ItemId), json);
                events.Add(new FeedEvent(change.Seq, change.At, change.Kind, FeedEvent.Deleted, data));
            }
            else if (row.item is not null)
            {
                var response = FeedItemResponse.From(new FeedEntry(row.item, row.Name!, LikedByMe: false, JoinedByMe: false));
                var type = change.Change == FeedChange.Created ? FeedEvent.Item : FeedEvent.Edited;
                events.Add(new FeedEvent(change.Seq, change.At, change.Kind, type, JsonSerializer.SerializeToUtf8Bytes(response, json)));
            }
        }

        return (events, rows.Count == 0 ? seq : rows.Max(r => r.change.Seq), rows.Count == take);
    }

}
