using Feed.Api.Data;
using Feed.Api.Items;
using Feed.Api.Paging;
using Microsoft.EntityFrameworkCore;

namespace Feed.Api.Follows;

/// <summary>One item of a home page, and when it reached the home (its place there).</summary>
public sealed record HomeRow(FeedEntry Entry, DateTime ArrivedAt)
{
    public FeedPosition Position => new(ArrivedAt, Entry.Item.Id);
}

/// <summary>
/// Reading a home: a page is one SQL command, whatever its depth and however many people the caller
/// follows — one range of the owner's covering index <c>(OwnerId, ArrivedAt, ItemId)</c> (with
/// <c>Kind</c> after the owner for <c>types=</c>) in a derived table, the items joined back by
/// primary key with the author's name and the caller's flags, as a /feed page.
/// </summary>
public static class HomeReads
{
    /// <summary>
    /// The scope a home's cursors are bound to: the owner and the kinds, so a cursor of one home works
    /// on no other listing.
    /// </summary>
    public static string Scope(long owner, FeedListing listing) => $"home:{owner}:{listing.Scope}";

    /// <summary>The owner's home, of the listing's kinds.</summary>
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

    /// <summary>One page: one SQL command (and a one-row EXISTS only when the anchor's item was deleted meanwhile).</summary>
    public static Task<PageSlice<HomeRow>> ReadPageAsync(
        FeedDbContext db, long owner, FeedListing listing, PageRequest page, CancellationToken cancellationToken) =>
        Keyset.ReadAsync(
            PageQuery(db, owner, listing, page), r => r.Position, page,
            EntriesOf(db, owner, listing), h => h.ArrivedAt, h => h.ItemId, cancellationToken);

    /// <summary>The page's one SQL query; public so tests and benchmarks can read its SQL and plan.</summary>
    public static IQueryable<HomeRow> PageQuery(FeedDbContext db, long owner, FeedListing listing, PageRequest page)
    {
        var window = Keyset.Window(
            EntriesOf(db, owner, listing), h => h.ArrivedAt, h => h.ItemId, page, h => new { h.ItemId, h.ArrivedAt });
        return db.FeedItems.AsNoTracking()
            .Join(window, item => item.Id, key => key.ItemId, (item, key) => new { item, key.ArrivedAt })
            .Select(row => new HomeRow(
                new FeedEntry(
                    row.item,
                    row.item.Author!.Name,
                    db.Likes.Any(l => l.ItemId == row.item.Id && l.UserId == owner),
                    db.Memberships.Any(m => m.ItemId == row.item.Id && m.UserId == owner)),
                row.ArrivedAt));
    }
}
