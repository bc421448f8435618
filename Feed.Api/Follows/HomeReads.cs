using Feed.Api.Data;
using Feed.Api.Items;
using Feed.Api.Paging;
using Microsoft.EntityFrameworkCore;

namespace Feed.Api.Follows;

/// <summary>
/// One item of a home page: <paramref name="At"/> is when it reached the home, or for an item read at
/// read time (<paramref name="Pulled"/>) its creation, to which the settle is added (<see cref="HomeReads.PositionOf"/>).
/// <paramref name="SomePulled"/>: whether any user at all is read at read time (the same on every row).
/// </summary>
public sealed record HomeRow(FeedEntry Entry, DateTime At, bool Pulled, bool SomePulled);

/// <summary>A home row as read: one per medium of the item (<see cref="FeedRow"/>), grouped by <see cref="HomeReads.ReadAsync"/>.</summary>
public sealed record HomeReadRow(FeedRow Row, DateTime At, bool Pulled, bool SomePulled);

/// <summary>An author the owner follows whose items since <paramref name="Since"/> are read at read time.</summary>
public sealed record PulledFollowee(long Id, DateTime Since);

/// <summary>The keys a home page reads before joining the items: the inbox's, and those read at read time.</summary>
public sealed class HomeKey
{
    public long ItemId { get; init; }

    public DateTime At { get; init; }

    public bool Pulled { get; init; }
}

/// <summary>
/// Reading a home. Most items were copied into the owner's inbox (<see cref="HomeEntry"/>): one range of
/// the covering index <c>(OwnerId, ArrivedAt, ItemId)</c> (with <c>Kind</c> after the owner for
/// <c>types=</c>). The items of the few authors with very many followers
/// (<see cref="HomeOptions.PullAbove"/>) are read at read time instead: one range of
/// <c>(AuthorId, CreatedAt, Id)</c> per such author the owner follows, each of a page's length, in the same
/// statement (<c>UNION ALL</c>), placed at their creation plus <see cref="HomeOptions.PullSettle"/>. A
/// page is one SQL command, and a second (a few rows) to find those authors when any exist.
/// </summary>
public static class HomeReads
{
    /// <summary>
    /// The scope a home's cursors are bound to: the owner and the kinds, so a cursor of one home works
    /// on no other listing.
    /// </summary>
    public static string Scope(long owner, FeedListing listing) => $"home:{owner}:{listing.Scope}";

    /// <summary>The owner's inbox, of the listing's kinds.</summary>
    public static IQueryable<HomeEntry> EntriesOf(FeedDbContext db, long owner, FeedListing listing)
    {
        var entries = db.HomeEntries.Where(h => h.OwnerId == owner);
        var kinds = listing.Kinds;
        if (kinds.Count == 0 || Feed.Domain.FeedKinds.All.All(kinds.Contains))
        {
            return entries;
        }

        if (kinds.Count == 1)
        {
            var kind = kinds.First();
            return entries.Where(h => h.Kind == EF.Constant(kind));
        }

        var some = kinds.ToArray();
        return entries.Where(h => EF.Constant(some).Contains(h.Kind));
    }

    /// <summary>
    /// The authors read at read time that <paramref name="owner"/> follows and has not muted: from the few pulled
    /// users (their index), each one primary-key probe of the follows and one of the mutes.
    /// </summary>
    public static Task<List<PulledFollowee>> PulledFolloweesAsync(FeedDbContext db, long owner, CancellationToken cancellationToken) =>
        PulledFolloweesQuery(db, owner).ToListAsync(cancellationToken);

    /// <summary>The query of <see cref="PulledFolloweesAsync"/>, for its SQL and plan.</summary>
    public static IQueryable<PulledFollowee> PulledFolloweesQuery(FeedDbContext db, long owner) =>
        db.Users.Where(u => u.PulledSince != null && db.Follows.Any(f => f.FollowerId == owner && f.FolloweeId == u.Id)
                && !db.Mutes.Any(m => m.MuterId == owner && m.MutedId == u.Id))
            .Select(u => new PulledFollowee(u.Id, u.PulledSince!.Value));

    /// <summary>Where a row stands in the home: its arrival, or an item read at read time its creation plus the settle.</summary>
    public static FeedPosition PositionOf(HomeRow row, TimeSpan settle) =>
        new(row.Pulled ? row.At + settle : row.At, row.Entry.Item.Id);

    /// <summary>
    /// Cuts the page from the rows <see cref="PageQuery"/> read. Rows of one item read both ways (only
    /// when an author crossed the threshold while their item was going out on another node) are shown once.
    /// </summary>
    public static Task<PageSlice<HomeRow>> CutAsync(
        FeedDbContext db, long owner, FeedListing listing, PageRequest page, HomeMerge merge, List<HomeRow> rows,
        CancellationToken cancellationToken)
    {
        var once = rows.OrderByDescending(r => r.Pulled).DistinctBy(r => r.Entry.Item.Id).ToList();
        var slice = Keyset.Cut(once, r => PositionOf(r, merge.Settle), page);
        return Keyset.CompleteAsync(slice, page, EntriesOf(db, owner, listing), h => h.ArrivedAt, h => h.ItemId, cancellationToken);
    }

    /// <summary>The page's one SQL query; public so tests and benchmarks can read its SQL and plan.</summary>
    public static IQueryable<HomeReadRow> PageQuery(FeedDbContext db, long owner, FeedListing listing, PageRequest page, HomeMerge merge)
    {
        var keys = Keyset.Window(
            EntriesOf(db, owner, listing), h => h.ArrivedAt, h => h.ItemId, page,
            h => new HomeKey { ItemId = h.ItemId, At = h.ArrivedAt, Pulled = false });
        var shifted = page with { Anchor = page.Anchor with { At = Earlier(page.Anchor.At, merge.Settle) } };
        var latest = merge.Now - merge.Settle; // shown from creation + settle on
        foreach (var author in merge.Followees)
        {
            var items = PulledItems(db, listing, author, latest);
            keys = keys.Union(Keyset.Window(
                items, i => i.CreatedAt, i => i.Id, shifted, i => new HomeKey { ItemId = i.Id, At = i.CreatedAt, Pulled = true }));
        }

        if (merge.Followees.Count > 0)
        {
            // One row per item: an item both copied and read at read time is taken as read at read time.
            keys = keys.GroupBy(k => k.ItemId).Select(g => new HomeKey
            {
                ItemId = g.Key,
                At = g.Max(k => k.Pulled ? (DateTime?)k.At : null) ?? g.Max(k => k.At),
                Pulled = g.Max(k => k.Pulled ? 1 : 0) == 1,
            });
        }

        return db.FeedItems.AsNoTracking()
            .Join(keys, item => item.Id, key => key.ItemId, (item, key) => new { item, key.At, key.Pulled })
            .GroupJoin(db.Media, row => row.item.Author!.AvatarMediaId, m => (long?)m.Id, (row, avatars) => new { row, avatars })
            .SelectMany(x => x.avatars.DefaultIfEmpty(), (x, avatar) => new { x.row.item, x.row.At, x.row.Pulled, avatar })
            .SelectMany(row => db.Media.Where(m => m.ItemId == row.item.Id).DefaultIfEmpty(), (row, medium) => new HomeReadRow(
                new FeedRow(
                    row.item,
                    row.item.Author!.Name,
                    db.Likes.Any(l => l.ItemId == row.item.Id && l.UserId == owner),
                    db.Memberships.Any(m => m.ItemId == row.item.Id && m.UserId == owner))
                {
                    // As FeedRows.ToRows reads them: in the same command.
                    AuthorDisplayName = row.item.Author!.DisplayName,
                    AuthorAvatar = row.avatar,
                    Medium = medium,
                },
                row.At,
                row.Pulled,
                db.Users.Any(u => u.PulledSince != null)));
    }

    /// <summary>Reads a <see cref="PageQuery"/>: one row per item.</summary>
    public static async Task<List<HomeRow>> ReadAsync(IQueryable<HomeReadRow> query, CancellationToken cancellationToken) =>
        Grouped(await query.ToListAsync(cancellationToken));

    /// <summary>The rows read, one per item (<see cref="FeedRows.Entries"/>).</summary>
    public static List<HomeRow> Grouped(List<HomeReadRow> rows) =>
        FeedRows.Entries(rows, r => r.Row, (r, entry) => new HomeRow(entry, r.At, r.Pulled, r.SomePulled));

    /// <summary>
    /// How many items are newer than <paramref name="anchor"/> in the home, up to <paramref name="cap"/> + 1:
    /// the inbox's range and each pulled author's, each stopped after cap + 1 keys, in one command.
    /// </summary>
    public static Task<int> CountNewerAsync(
        FeedDbContext db, long owner, FeedListing listing, FeedPosition anchor, int cap, HomeMerge merge,
        CancellationToken cancellationToken)
    {
        var keys = Keyset.After(EntriesOf(db, owner, listing), h => h.ArrivedAt, h => h.ItemId, anchor).Select(h => h.ItemId).Take(cap + 1);
        var shifted = anchor with { At = Earlier(anchor.At, merge.Settle) };
        var latest = merge.Now - merge.Settle; // shown from creation + settle on
        foreach (var author in merge.Followees)
        {
            var items = PulledItems(db, listing, author, latest);
            keys = keys.Concat(Keyset.After(items, i => i.CreatedAt, i => i.Id, shifted).Select(i => i.Id).Take(cap + 1));
        }

        return keys.CountAsync(cancellationToken);
    }

    /// <summary>A pulled author's items of the listing's kinds a home shows: since the mark, up to <paramref name="latest"/>.</summary>
    private static IQueryable<Feed.Domain.FeedItem> PulledItems(
        FeedDbContext db, FeedListing listing, PulledFollowee author, DateTime latest) =>
        db.FeedItems.OfKinds(listing.Kinds)
            .Where(i => i.AuthorId == author.Id && i.CreatedAt >= author.Since && i.CreatedAt <= latest);

    private static DateTime Earlier(DateTime at, TimeSpan by) => at - DateTime.MinValue > by ? at - by : DateTime.MinValue;
}

/// <summary>
/// What a home read merges at read time: the pulled authors the owner follows, the settle, and now
/// (items of theirs are shown from their creation plus the settle on).
/// </summary>
public sealed record HomeMerge(IReadOnlyList<PulledFollowee> Followees, TimeSpan Settle, DateTime Now);
