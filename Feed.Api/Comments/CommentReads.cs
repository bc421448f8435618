using Feed.Api.Data;
using Feed.Api.Paging;
using Feed.Domain;
using Microsoft.EntityFrameworkCore;

namespace Feed.Api.Comments;

/// <summary>
/// Reads of comments: a conversation (an item's comments) or a thread (a comment's replies) in thread order,
/// (<see cref="Comment.ThreadAt"/>, <see cref="Comment.Id"/>) ascending, one SQL command a page at any depth; and one
/// comment. Comments by someone on either side of a block with the caller, or muted by them, are left out (primary-key
/// probes in the same command).
/// </summary>
public static class CommentReads
{
    /// <summary>
    /// Where an oldest-first listing starts: before every comment. <see cref="Keyset"/> orders newest first, so the
    /// oldest page is its <c>after</c> page from here (the rows just newer than the anchor, the oldest of them kept).
    /// 1000-01-01 is MySQL's least <c>DATETIME</c>.
    /// </summary>
    public static readonly FeedPosition Start = new(new DateTime(1000, 1, 1, 0, 0, 0, DateTimeKind.Utc), 0);

    public static string ConversationScope(long itemId) => $"comments:{itemId}";

    public static string RepliesScope(long commentId) => $"replies:{commentId}";

    /// <summary>An item's comments (a page leaves out those hidden from its caller: <see cref="ReadPageAsync"/>).</summary>
    public static IQueryable<Comment> Conversation(FeedDbContext db, long itemId) => db.Comments.Where(c => c.ItemId == itemId);

    /// <summary>A top-level comment's replies (a page leaves out those hidden from its caller).</summary>
    public static IQueryable<Comment> Replies(FeedDbContext db, long commentId) => db.Comments.Where(c => c.ReplyToId == commentId);

    /// <summary>
    /// The page's one SQL query: the keyset window's keys over the (…, ThreadAt, Id) index, then the comments, their
    /// authors and avatars by primary key (a "deferred join", as the feed's), and whether each author is hidden from the
    /// caller (a block either way, or their mute: probes of the rows read). Public so tests can read its SQL and plan. A
    /// first page is an <c>after</c> page from <see cref="Start"/>.
    /// </summary>
    /// <remarks>
    /// The probes are not a filter of the window: there MariaDB read the item's comments from the first to the cursor
    /// (by <c>ref</c>, the cursor's test pushed into the index: 18 times a first page's CPU 90 % deep in
    /// bench/conversations.sh); on the rows read they cost at most <c>limit + 2</c> probes, and a page with hidden
    /// comments is short.
    /// </remarks>
    public static IQueryable<CommentEntry> PageQuery(FeedDbContext db, IQueryable<Comment> comments, PageRequest page)
    {
        var signedIn = page.CallerId.HasValue;
        var me = page.CallerId.GetValueOrDefault();
        return Keyset.Window(comments, c => c.ThreadAt, c => c.Id, Oldest(page), c => c.Id)
            .Join(db.Comments, id => id, c => c.Id, (_, c) => c)
            .AsNoTracking()
            .Join(db.Users, c => c.AuthorId, u => u.Id, (c, u) => new { c, u })
            .GroupJoin(db.Media, x => x.u.AvatarMediaId, m => (long?)m.Id, (x, avatars) => new { x.c, x.u, avatars })
            .SelectMany(x => x.avatars.DefaultIfEmpty(), (x, avatar) => new CommentEntry(x.c, x.u.Name, x.u.DisplayName, avatar)
            {
                Hidden = signedIn && (db.Blocks.Any(b => b.BlockerId == me && b.BlockedId == x.c.AuthorId)
                    || db.Blocks.Any(b => b.BlockerId == x.c.AuthorId && b.BlockedId == me)
                    || db.Mutes.Any(m => m.MuterId == me && m.MutedId == x.c.AuthorId)),
            });
    }

    /// <summary>
    /// A page of <paramref name="comments"/>, oldest first, without those hidden from the caller: one command, and a second
    /// of one row only when a cursor's own comment is gone (deleted) to tell whether the listing goes on past it. Its
    /// positions are those of every comment read, hidden ones included (the endpoint makes the cursors of the first and
    /// last), so its rows may be fewer.
    /// </summary>
    public static async Task<PageSlice<CommentEntry>> ReadPageAsync(
        FeedDbContext db, IQueryable<Comment> comments, PageRequest page, CancellationToken cancellationToken)
    {
        var rows = await PageQuery(db, comments, page).ToListAsync(cancellationToken);
        var oldest = Oldest(page);
        var slice = Keyset.Cut(rows, PositionOf, oldest);
        if (page.Direction != PageDirection.First)
        {
            slice = await Keyset.CompleteAsync(slice, oldest, comments, c => c.ThreadAt, c => c.Id, cancellationToken);
        }

        // Hidden comments leave the rows, not the positions: the page's cursors start past them, so none is read twice.
        return slice with { Rows = [.. slice.Rows.Reverse().Where(r => !r.Hidden)], Positions = [.. slice.Positions.Reverse()] };
    }

    /// <summary>One comment as the caller is shown it, or null.</summary>
    public static Task<CommentEntry?> ReadOneAsync(FeedDbContext db, long id, long? callerId, CancellationToken cancellationToken) =>
        Shown(db, db.Comments.Where(c => c.Id == id), callerId).AsNoTracking()
            .Join(db.Users, c => c.AuthorId, u => u.Id, (c, u) => new { c, u })
            .GroupJoin(db.Media, x => x.u.AvatarMediaId, m => (long?)m.Id, (x, avatars) => new { x.c, x.u, avatars })
            .SelectMany(x => x.avatars.DefaultIfEmpty(), (x, avatar) => new CommentEntry(x.c, x.u.Name, x.u.DisplayName, avatar))
            .SingleOrDefaultAsync(cancellationToken);

    public static FeedPosition PositionOf(CommentEntry entry) => new(entry.Comment.ThreadAt, entry.Comment.Id);

    /// <summary>The page as <see cref="Keyset"/> reads it: a first page is the <c>after</c> page of <see cref="Start"/>.</summary>
    private static PageRequest Oldest(PageRequest page) =>
        page.Direction == PageDirection.First ? page with { Direction = PageDirection.After, Anchor = Start } : page;

    private static IQueryable<Comment> Shown(FeedDbContext db, IQueryable<Comment> comments, long? callerId) =>
        callerId is { } me ? comments.Where(new Hiding(me, Mutes: true).Shown<Comment>(db, c => c.AuthorId)) : comments;
}
