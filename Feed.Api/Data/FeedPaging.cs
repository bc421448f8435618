using Feed.Domain;
using Microsoft.EntityFrameworkCore;

namespace Feed.Api.Data;

/// <summary>A place in the feed's order: (CreatedAt desc, Id desc) is unique and total.</summary>
public readonly record struct FeedPosition(DateTime CreatedAt, long Id)
{
    public static FeedPosition Of(FeedItem item) => new(item.CreatedAt, item.Id);

    public int CompareTo(FeedPosition other)
    {
        var byTime = CreatedAt.CompareTo(other.CreatedAt);
        return byTime != 0 ? byTime : Id.CompareTo(other.Id);
    }
}

public enum PageDirection
{
    /// <summary>The newest items.</summary>
    First,

    /// <summary>The items just older than the anchor (scrolling down).</summary>
    Before,

    /// <summary>The items just newer than the anchor, gap-free (pull-to-refresh).</summary>
    After,
}

/// <summary>One item of a page, with what the page says about it for the caller.</summary>
public sealed record FeedEntry(FeedItem Item, string AuthorName, bool LikedByMe, bool JoinedByMe);

/// <summary>A page, newest first, and whether the feed goes on past either end of it.</summary>
public sealed record FeedSlice(IReadOnlyList<FeedEntry> Entries, bool HasOlder, bool HasNewer);

/// <summary>
/// Keyset paging over the one feed table. One SQL command a page, whatever the page size or depth:
/// <list type="bullet">
/// <item>the page's keys are read from an index as a range scan — <c>(CreatedAt, Id)</c> for the
/// mixed feed, <c>(Discriminator, CreatedAt, Id)</c> for one kind — in a derived table
/// (a "deferred join"), so MariaDB cannot trade the range for a walk over every row of the kind;</item>
/// <item>a cursor page adds, with UNION ALL, one key from the other side of the anchor: whether
/// the feed goes on that way, without a second query;</item>
/// <item>the rows are joined back by primary key, with author and the caller's like/join flags
/// as correlated lookups on primary keys.</item>
/// </list>
/// </summary>
public static class FeedPaging
{
    public static async Task<FeedSlice> ReadPageAsync(
        this FeedDbContext db,
        IReadOnlyCollection<string> kinds,
        PageDirection direction,
        FeedPosition anchor,
        int limit,
        long? userId,
        CancellationToken cancellationToken)
    {
        var rows = await db.PageQuery(kinds, direction, anchor, limit, userId).ToListAsync(cancellationToken);
        var (entries, hasOlder, hasNewer) = Keyset.Cut(rows, r => FeedPosition.Of(r.Item), direction, anchor, limit);
        return new FeedSlice(entries, hasOlder, hasNewer);
    }

    /// <summary>The page's one SQL query; public so tests and benchmarks can read its SQL.</summary>
    public static IQueryable<FeedEntry> PageQuery(
        this FeedDbContext db,
        IReadOnlyCollection<string> kinds,
        PageDirection direction,
        FeedPosition anchor,
        int limit,
        long? userId)
    {
        var source = OfKinds(db.FeedItems, kinds);
        var (time, id) = (anchor.CreatedAt, anchor.Id);

        var keys = direction switch
        {
            PageDirection.Before => NewestFirst(source.Where(i => i.CreatedAt < time || (i.CreatedAt == time && i.Id < id)))
                .Take(limit + 1).Select(i => i.Id)
                .Concat(OldestFirst(source.Where(i => i.CreatedAt > time || (i.CreatedAt == time && i.Id >= id)))
                    .Take(1).Select(i => i.Id)),
            PageDirection.After => OldestFirst(source.Where(i => i.CreatedAt > time || (i.CreatedAt == time && i.Id > id)))
                .Take(limit + 1).Select(i => i.Id)
                .Concat(NewestFirst(source.Where(i => i.CreatedAt < time || (i.CreatedAt == time && i.Id <= id)))
                    .Take(1).Select(i => i.Id)),
            _ => NewestFirst(source).Take(limit + 1).Select(i => i.Id),
        };

        return keys.Join(db.FeedItems, key => key, item => item.Id, (_, item) => item).ToEntries(db, userId);
    }

    /// <summary>Items as the caller sees them: with the author's name and the caller's like and join flags, in the same query.</summary>
    public static IQueryable<FeedEntry> ToEntries(this IQueryable<FeedItem> items, FeedDbContext db, long? userId)
    {
        var signedIn = userId.HasValue;
        var me = userId.GetValueOrDefault();
        return items.AsNoTracking().Select(item => new FeedEntry(
            item,
            item.Author!.Name,
            signedIn && db.Likes.Any(l => l.ItemId == item.Id && l.UserId == me),
            signedIn && db.Memberships.Any(m => m.ItemId == item.Id && m.UserId == me)));
    }

    /// <summary>The feed narrowed to some kinds; all kinds (or none named) is the whole feed.</summary>
    public static IQueryable<FeedItem> OfKinds(IQueryable<FeedItem> items, IReadOnlyCollection<string> kinds)
    {
        if (kinds.Count == 0 || FeedKinds.All.All(kinds.Contains))
        {
            return items;
        }

        if (kinds.Count == 1)
        {
            var kind = kinds.First();
            return items.Where(i => EF.Property<string>(i, FeedDbContext.Discriminator) == EF.Constant(kind));
        }

        var some = kinds.ToArray();
        return items.Where(i => EF.Constant(some).Contains(EF.Property<string>(i, FeedDbContext.Discriminator)));
    }

    private static IOrderedQueryable<FeedItem> NewestFirst(IQueryable<FeedItem> items) =>
        items.OrderByDescending(i => i.CreatedAt).ThenByDescending(i => i.Id);

    private static IOrderedQueryable<FeedItem> OldestFirst(IQueryable<FeedItem> items) =>
        items.OrderBy(i => i.CreatedAt).ThenBy(i => i.Id);
}
