using Feed.Api.Data;
using Feed.Api.Paging;
using Feed.Domain;
using Microsoft.EntityFrameworkCore;

namespace Feed.Api.Items;

/// <summary>
/// One row of an item read: the item as the caller sees it, with at most one of its media. The left join on the media's
/// <c>(ItemId, Position)</c> index gives an item one row per medium (one row when it has none); <see cref="FeedRows"/>
/// groups them back into <see cref="FeedEntry"/>s. Read flat rather than as a collection in EF's projection, whose
/// shaper boxed every row's keys into arrays, built a delegate per row and made the database order the whole join
/// (issue 31: a quarter of a page's allocation; docs/benchmarks.md).
/// </summary>
public sealed record FeedRow(FeedItem Item, string AuthorName, bool LikedByMe, bool JoinedByMe)
{
    public string? AuthorDisplayName { get; init; }

    public MediaObject? AuthorAvatar { get; init; }

    /// <summary>One of the item's media, or null when it has none.</summary>
    public MediaObject? Medium { get; init; }

    /// <summary>A screened page's last scanned row (<see cref="FeedEntry.Edge"/>).</summary>
    public bool Edge { get; init; }

    public FeedPosition Position => new(Item.CreatedAt, Item.Id);
}

public static class FeedRows
{
    /// <summary>
    /// Items as the caller sees them, in the same query: the author's name, display name and avatar (a left join by
    /// primary key), the caller's like and join flags, and the item's media (a left join on the media's
    /// <c>(ItemId, Position)</c> index): group them with <see cref="ToEntriesAsync(IQueryable{FeedRow}, CancellationToken)"/>.
    /// </summary>
    public static IQueryable<FeedRow> ToRows(this IQueryable<FeedItem> items, FeedDbContext db, long? callerId)
    {
        var signedIn = callerId.HasValue;
        var me = callerId.GetValueOrDefault();
        return items.AsNoTracking()
            .GroupJoin(db.Media, item => item.Author!.AvatarMediaId, m => (long?)m.Id, (item, avatars) => new { item, avatars })
            .SelectMany(row => row.avatars.DefaultIfEmpty(), (row, avatar) => new { row.item, avatar })
            .SelectMany(row => db.Media.Where(m => m.ItemId == row.item.Id).DefaultIfEmpty(), (row, medium) => new FeedRow(
                row.item,
                row.item.Author!.Name,
                signedIn && db.Likes.Any(l => l.ItemId == row.item.Id && l.UserId == me),
                signedIn && db.Memberships.Any(m => m.ItemId == row.item.Id && m.UserId == me))
            {
                AuthorDisplayName = row.item.Author!.DisplayName,
                AuthorAvatar = row.avatar,
                Medium = medium,
            });
    }

    /// <summary>Reads <paramref name="rows"/> and groups them: one entry per item (<see cref="Entries"/>).</summary>
    public static async Task<List<FeedEntry>> ToEntriesAsync(this IQueryable<FeedRow> rows, CancellationToken cancellationToken) =>
        Entries(await rows.ToListAsync(cancellationToken));

    /// <summary>Reads the rows of the one item there is (<see cref="Entries"/>).</summary>
    public static async Task<FeedEntry> SingleEntryAsync(this IQueryable<FeedRow> rows, CancellationToken cancellationToken) =>
        (await rows.ToEntriesAsync(cancellationToken)).Single();

    /// <summary>Reads the rows of one item (<see cref="Entries"/>), or null when there are none.</summary>
    public static async Task<FeedEntry?> SingleEntryOrDefaultAsync(this IQueryable<FeedRow> rows, CancellationToken cancellationToken) =>
        (await rows.ToEntriesAsync(cancellationToken)).SingleOrDefault();

    /// <summary>Groups rows read flat: one entry per item (<see cref="Entries{TRow, TOut}"/>).</summary>
    public static List<FeedEntry> Entries(List<FeedRow> rows) => Entries(rows, row => row, (_, entry) => entry);

    /// <summary>
    /// Groups rows read flat into one <typeparamref name="TOut"/> per item, in the order their first rows came, each
    /// entry with its media in position order; <paramref name="part"/> finds the <see cref="FeedRow"/> in a row.
    /// </summary>
    public static List<TOut> Entries<TRow, TOut>(List<TRow> rows, Func<TRow, FeedRow> part, Func<TRow, FeedEntry, TOut> make)
    {
        var firsts = new List<TRow>(rows.Count);
        var ids = new List<long>(rows.Count);
        var media = new List<List<MediaObject>?>(rows.Count);
        foreach (var row in rows)
        {
            var feedRow = part(row);
            var id = feedRow.Item.Id;
            var at = ids.Count > 0 && ids[^1] == id ? ids.Count - 1 : ids.LastIndexOf(id); // an item's rows come together
            if (at < 0)
            {
                firsts.Add(row);
                ids.Add(id);
                media.Add(feedRow.Medium is null ? null : [feedRow.Medium]);
            }
            else if (feedRow.Medium is { } medium)
            {
                (media[at] ??= []).Add(medium);
            }
        }

        var entries = new List<TOut>(firsts.Count);
        for (var i = 0; i < firsts.Count; i++)
        {
            var row = part(firsts[i]);
            media[i]?.Sort((a, b) => a.Position.CompareTo(b.Position));
            entries.Add(make(firsts[i], new FeedEntry(row.Item, row.AuthorName, row.LikedByMe, row.JoinedByMe)
            {
                Media = media[i] ?? (IReadOnlyList<MediaObject>)[],
                AuthorAvatar = row.AuthorAvatar,
                AuthorDisplayName = row.AuthorDisplayName,
                Edge = row.Edge,
            }));
        }

        return entries;
    }
}
