using Feed.Api.Data;
using Feed.Api.Media;
using Feed.Api.Paging;
using Feed.Api.Plumbing.Identity;
using Feed.Api.Plumbing.Problems;
using Feed.Domain;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Feed.Api.Items;

/// <summary>One item of a page, with what the page says about it for the caller.</summary>
public sealed record FeedEntry(FeedItem Item, string AuthorName, bool LikedByMe, bool JoinedByMe)
{
    /// <summary>Its media in order (only posts carry any today).</summary>
    public IReadOnlyList<MediaObject> Media { get; init; } = [];

    /// <summary>The author's avatar, or null.</summary>
    public MediaObject? AuthorAvatar { get; init; }

    /// <summary>The author's display name, or null.</summary>
    public string? AuthorDisplayName { get; init; }

    public FeedPosition Position => new(Item.CreatedAt, Item.Id);

    /// <summary>A screened page's last scanned row, read only for its place (<see cref="Keyset.Screened{TRow}"/>).</summary>
    public bool Edge { get; init; }
}

/// <summary>The <c>Listings</c> configuration section.</summary>
public sealed class ListingOptions
{
    public const string Section = "Listings";

    /// <summary>
    /// How many rows past a page a caller who blocks or mutes someone may scan for it: the bound on a
    /// page's cost whoever is hidden (a page then may be short; its <c>nextCursor</c> goes on past them).
    /// </summary>
    public int ScanPastHidden { get; set; } = 200;
}

/// <summary>
/// Reading items: a page of a feed in one SQL command, whatever its size or depth, and one item.
/// <list type="bullet">
/// <item>the page's keys come from an index range — <c>(CreatedAt, Id)</c> for the mixed feed,
/// <c>(Discriminator, CreatedAt, Id)</c> for one kind — in a derived table (a "deferred join"),
/// so MariaDB cannot trade the range for a walk over every row of the kind (<see cref="Keyset.Window"/>);</item>
/// <item>the rows are joined back by primary key, with the author and the caller's like and join
/// flags as correlated lookups on primary keys.</item>
/// </list>
/// </summary>
public static class ItemReads
{
    /// <summary>
    /// One page of <paramref name="listing"/> for the caller, as the query string asks; 400 naming the
    /// parameter for a cursor it did not issue.
    /// </summary>
    public static async Task<Results<Ok<FeedPage<TResponse>>, ValidationProblem>> ReadPageAsync<TResponse>(
        FeedDbContext db, HttpContext http, FeedListing listing, PageParameters parameters, CancellationToken cancellationToken)
        where TResponse : FeedItemResponse
    {
        if (!parameters.TryRead(listing.Scope, http.User.FeedUserId(), out var page, out var errors))
        {
            return TypedResults.ValidationProblem(errors);
        }

        var extra = http.RequestServices.GetRequiredService<IOptions<ListingOptions>>().Value.ScanPastHidden;
        var rows = listing.AuthorId is null
            ? FeedRows.Entries(await Pages.ReadAsync(
                db, (listing.Scope, page.CallerId.HasValue, extra), page, template => PageQuery(db, listing, template, extra),
                cancellationToken))
            : await PageQuery(db, listing, page, extra).ToEntriesAsync(cancellationToken);
        var slice = await Keyset.CompleteAsync(
            Keyset.CutScreened(rows, e => e.Position, e => e.Edge, page), page, ItemsOf(db, listing), i => i.CreatedAt, i => i.Id,
            cancellationToken);
        return TypedResults.Ok(slice.ToPage(page, http, e => (TResponse)FeedItemResponse.From(e, http.MediaUrls())));
    }

    /// <summary>
    /// A page of everyone's items, the most read of all, as the EF compiled query of its listing, direction and whether
    /// the caller is signed in (<see cref="Keyset.Compile"/>): what <see cref="PageQuery(FeedDbContext, FeedListing,
    /// PageRequest, int)"/> reads, with the anchor, the caller and the limit as parameters: at most 3 directions × 7 sets
    /// of kinds × 2 per model, whatever clients send.
    /// </summary>
    private static readonly CompiledPages<FeedDbContext, (string Kinds, bool SignedIn, int Extra), FeedRow> Pages = new();

    /// <summary>
    /// Who the listing hides from its caller: nobody when anonymous; an author's feed is screened as a whole
    /// (<see cref="ItemsOf"/>), the other feeds row by row, blocks and mutes alike.
    /// </summary>
    public static Hiding? HidingFor(FeedListing listing, long? callerId) =>
        callerId is { } me && listing.AuthorId is null ? new Hiding(me, Mutes: true) : null;

    /// <summary>
    /// The page's one SQL query for a caller who may hide authors: a screened window (<see cref="Keyset.Screened{TRow}"/>)
    /// that scans at most <paramref name="extra"/> rows past the page, and for a caller who hides nobody reads what
    /// <see cref="PageQuery(FeedDbContext, FeedListing, PageRequest)"/> reads.
    /// </summary>
    public static IQueryable<FeedRow> PageQuery(FeedDbContext db, FeedListing listing, PageRequest page, int extra)
    {
        if (HidingFor(listing, page.CallerId) is not { } hiding)
        {
            return PageQuery(db, listing, page);
        }

        var keys = Keyset.Screened(
            ItemsOf(db, listing), i => i.CreatedAt, i => i.Id, page, hiding.Any<FeedItem>(db), hiding.HiddenItem(db), extra);
        var signedIn = page.CallerId.HasValue;
        var me = page.CallerId.GetValueOrDefault();
        return db.FeedItems.AsNoTracking()
            .Join(keys, item => item.Id, key => key.Id, (item, key) => new { item, key.Edge })
            .GroupJoin(db.Media, row => row.item.Author!.AvatarMediaId, m => (long?)m.Id, (row, avatars) => new { row, avatars })
            .SelectMany(x => x.avatars.DefaultIfEmpty(), (x, avatar) => new { x.row.item, x.row.Edge, avatar })
            .SelectMany(x => db.Media.Where(m => m.ItemId == x.item.Id).DefaultIfEmpty(), (x, medium) => new FeedRow(
                x.item,
                x.item.Author!.Name,
                signedIn && db.Likes.Any(l => l.ItemId == x.item.Id && l.UserId == me),
                signedIn && db.Memberships.Any(m => m.ItemId == x.item.Id && m.UserId == me))
            {
                // As FeedRows.ToRows reads them, with the key's edge mark beside.
                AuthorDisplayName = x.item.Author!.DisplayName,
                AuthorAvatar = x.avatar,
                Medium = medium,
                Edge = x.Edge,
            });
    }

    /// <summary>The page's one SQL query; public so tests and benchmarks can read its SQL and plan.</summary>
    /// <remarks>
    /// The items join the window, not the other way round: the rows come unordered (the cut sorts
    /// them), so the database does not sort the joined rows again.
    /// </remarks>
    public static IQueryable<FeedRow> PageQuery(FeedDbContext db, FeedListing listing, PageRequest page) =>
        db.FeedItems
            .Join(
                Keyset.Window(ItemsOf(db, listing, page.CallerId), i => i.CreatedAt, i => i.Id, page, i => i.Id),
                item => item.Id,
                key => key,
                (item, _) => item)
            .ToRows(db, page.CallerId);

    /// <summary>
    /// The listing's items: of its kinds (the discriminator index), of its author when it has one (the author index).
    /// An author's feed is empty for a caller on either side of a block with the author: a test with no row in it.
    /// </summary>
    public static IQueryable<FeedItem> ItemsOf(FeedDbContext db, FeedListing listing, long? callerId = null)
    {
        var items = db.FeedItems.OfKinds(listing.Kinds);
        if (listing.AuthorId is { } author)
        {
            items = items.Where(i => i.AuthorId == author);
            if (callerId is { } me && me != author)
            {
                items = items.Where(_ => !db.Blocks.Any(b => (b.BlockerId == me && b.BlockedId == author)
                    || (b.BlockerId == author && b.BlockedId == me)));
            }
        }

        return items;
    }

    /// <summary>The items the caller may see at all: none by an author on either side of a block with them.</summary>
    public static IQueryable<FeedItem> Unblocked(this IQueryable<FeedItem> items, FeedDbContext db, long? callerId) =>
        callerId is { } me ? items.Where(new Hiding(me, Mutes: false).Shown<FeedItem>(db, i => i.AuthorId)) : items;

    /// <summary>
    /// One item of <paramref name="items"/> as the caller sees it; 404 naming <paramref name="what"/>
    /// when there is none with this id.
    /// </summary>
    public static async Task<Results<Ok<TResponse>, NotFoundProblem>> ReadItemAsync<TResponse>(
        FeedDbContext db, IQueryable<FeedItem> items, string what, long id, HttpContext http, CancellationToken cancellationToken)
        where TResponse : FeedItemResponse
    {
        var me = http.User.FeedUserId();
        var entry = await items.Where(i => i.Id == id).Unblocked(db, me).ToRows(db, me).SingleEntryOrDefaultAsync(cancellationToken);
        return entry is null
            ? Problem.NotFound(what, id)
            : TypedResults.Ok((TResponse)FeedItemResponse.From(entry, http.MediaUrls()));
    }
}
