using System.Linq.Expressions;
using Feed.Api.Data;
using Feed.Api.Paging;
using Feed.Domain;
using Microsoft.EntityFrameworkCore;

namespace Feed.Api.Notifications;

/// <summary>
/// The read side of a recipient's notifications: their groups as ranges of the <c>(RecipientId, Seq)</c> index, newest
/// first, a page of them, their unread count and their read marker. <c>Seq</c> is taken from a counter whose row the
/// action's transaction holds locked until it commits (the write side's), so a recipient's groups appear in <c>Seq</c>
/// order: a reader who saw <c>Seq</c> n has seen every group at or below it as it stood then. Only that order is read
/// here, never the counter, so numbers may have holes.
/// A group that gathers a new action takes a new, higher <c>Seq</c>: scrolling down (<c>Seq</c> below the cursor) never
/// meets it twice, and a refresh (<c>Seq</c> above the cursor) finds it at the top.
/// </summary>
public static class NotificationReads
{
    /// <summary>How far an unread count counts: past it, "99+".</summary>
    public const int UnreadCap = 99;

    /// <summary>What a caller's notification cursors are bound to: their own list, no one else's.</summary>
    public static string Scope(long me) => $"notifications:{me}";

    /// <summary>A place in a recipient's list as a cursor carries it: the group's <c>Seq</c> (no time: <c>Seq</c> is unique).</summary>
    public static FeedPosition PositionOf(long seq) => new(DateTime.UnixEpoch, seq);

    /// <summary>
    /// One page of <paramref name="page"/>'s caller's groups: one SQL command at any depth — the next <c>limit + 1</c>
    /// groups from the cursor (one range of the index, in a derived table that drives the query), each with its named
    /// actor and their avatar, whether it is read (the caller's marker, by primary key), whether that actor is hidden from
    /// the caller (a block either way, or their mute: probes of the rows read, not a filter on the range, with which
    /// MariaDB planned a scan of the caller's whole list), and whether the list goes on beyond the cursor the other way.
    /// Only an empty page asks that last question by itself (a second, one-row command). Hidden groups are dropped from
    /// the page, which is then short; its cursors start past them (<see cref="PageSlice{TRow}.OlderEdge"/>,
    /// <see cref="PageSlice{TRow}.NewerEdge"/>), so no group is read twice.
    /// </summary>
    public static async Task<PageSlice<NotificationRow>> ReadPageAsync(
        FeedDbContext db, PageRequest page, CancellationToken cancellationToken)
    {
        var read = await PageQuery(db, page).ToListAsync(cancellationToken);
        var scanned = read.OrderByDescending(r => r.Row!.Group.Seq).ToList();
        var beyondAnchor = read.Count > 0 ? read[0].Beyond
            : page.Direction != PageDirection.First && await Beyond(db, page).AnyAsync(cancellationToken);
        var more = scanned.Count > page.Limit;
        var after = page.Direction == PageDirection.After;
        var kept = (after ? scanned.Skip(scanned.Count - Math.Min(scanned.Count, page.Limit)) : scanned.Take(page.Limit)).ToList();
        var slice = kept.Where(r => !r.Hidden).Select(r => r.Row!).ToList();
        var positions = slice.Select(r => PositionOf(r.Group.Seq)).ToList();
        FeedPosition? edge = kept.Count == 0 ? null : PositionOf((after ? kept[0] : kept[^1]).Row!.Group.Seq);
        return after
            ? new PageSlice<NotificationRow>(slice, positions, HasOlder: beyondAnchor, HasNewer: more) { NewerEdge = edge }
            : new PageSlice<NotificationRow>(slice, positions, HasOlder: more, HasNewer: beyondAnchor) { OlderEdge = edge };
    }

    /// <summary>The page's one SQL command (see <see cref="ReadPageAsync"/>); public so tests can read its SQL and plan.</summary>
    /// <remarks>
    /// The window is of keys only, joined back by primary key (a "deferred join", as the feed's pages): asked for whole rows,
    /// MariaDB read the caller's part of the index by <c>ref</c> from the top of their list down to the cursor (10,022
    /// index rows for a page 10,000 deep); asked for keys the index holds, it reads one <c>range</c> of <c>limit + 1</c>
    /// rows from the cursor.
    /// </remarks>
    public static IQueryable<NotificationPageRow> PageQuery(FeedDbContext db, PageRequest page)
    {
        var me = page.CallerId!.Value;
        var seq = page.Anchor.Id;
        var all = db.Notifications.Where(n => n.RecipientId == me);
        var window = page.Direction switch
        {
            PageDirection.Before => all.Where(n => n.Seq < seq).OrderByDescending(n => n.Seq).Take(page.Limit + 1),
            PageDirection.After => all.Where(n => n.Seq > seq).OrderBy(n => n.Seq).Take(page.Limit + 1),
            _ => all.OrderByDescending(n => n.Seq).Take(page.Limit + 1),
        };
        var beyond = Beyond(db, page);
        var marker = db.Users.Where(u => u.Id == me).Select(u => u.NotificationsReadSeq);
        var query =
            from key in window.Select(n => n.Id)
            join n in db.Notifications on key equals n.Id
            from a in db.Users.Where(a => a.Id == n.LatestActorId).DefaultIfEmpty()
            from m in db.Media.Where(m => m.Id == a!.AvatarMediaId).DefaultIfEmpty()
            select new NotificationPageRow(
                beyond.Any(),
                new NotificationRow(n, a!.Name, a.DisplayName, m, n.Seq <= marker.FirstOrDefault()),
                db.Blocks.Any(b => b.BlockerId == me && b.BlockedId == n.LatestActorId)
                    || db.Blocks.Any(b => b.BlockerId == n.LatestActorId && b.BlockedId == me)
                    || db.Mutes.Any(x => x.MuterId == me && x.MutedId == n.LatestActorId));
        return query.AsNoTracking();
    }

    /// <summary>The caller's shown groups at or beyond the cursor, the other way from the page: whether the list goes on.</summary>
    private static IQueryable<Notification> Beyond(FeedDbContext db, PageRequest page)
    {
        var mine = Shown(db, page.CallerId!.Value);
        var seq = page.Anchor.Id;
        return page.Direction switch
        {
            PageDirection.Before => mine.Where(n => n.Seq >= seq),
            PageDirection.After => mine.Where(n => n.Seq <= seq),
            _ => mine.Where(n => false),
        };
    }

    /// <summary>
    /// How many of <paramref name="me"/>'s groups are above their read marker, counting no further than
    /// <see cref="UnreadCap"/> + 1: one command, the caller's row (a constant, by primary key) joined to the index range
    /// <c>Seq &gt; NotificationsReadSeq</c>, stopped after cap + 1 keys; of those, the ones naming someone hidden from
    /// the caller are not counted (probes of the keys read, not a filter on the range: near the cap the count is then
    /// a lower bound, as a page is short where it passes hidden groups).
    /// </summary>
    public static async Task<UnreadCountResponse> UnreadAsync(FeedDbContext db, long me, CancellationToken cancellationToken)
    {
        var count = await UnreadQuery(db, me).CountAsync(cancellationToken);
        return new UnreadCountResponse(Math.Min(count, UnreadCap), count > UnreadCap);
    }

    /// <summary>The unread groups' <c>Seq</c>, at most cap + 1: what <see cref="UnreadAsync"/> counts (public for its plan).</summary>
    public static IQueryable<long> UnreadQuery(FeedDbContext db, long me)
    {
        var hidden = new Hiding(me, Mutes: true).Hidden<Notification>(db, n => n.LatestActorId);
        return db.Notifications.Where(n => n.RecipientId == me)
            .Join(db.Users.Where(u => u.Id == me), n => n.RecipientId, u => u.Id, (n, u) => new { Group = n, u.NotificationsReadSeq })
            .Where(x => x.Group.Seq > x.NotificationsReadSeq)
            .Select(x => x.Group)
            .Take(UnreadCap + 1)
            .Select(Judged(hidden))
            .Where(j => !j.Hidden)
            .Select(j => j.Group.Seq);
    }

    /// <summary>
    /// Moves <paramref name="me"/>'s read marker up to <paramref name="upTo"/> (to their newest group when null), never
    /// down and never past their newest group's <c>Seq</c>: one UPDATE of their row, so it is idempotent and two marks
    /// sent at once leave the higher. False when the user is gone.
    /// </summary>
    public static Task<bool> MarkReadAsync(FeedDbContext db, long me, long? upTo, CancellationToken cancellationToken)
    {
        var to = upTo ?? long.MaxValue;
        var top = db.Notifications.Where(n => n.RecipientId == me);
        return Resilience.RetryDeadlocksAsync(
            db,
            async () => await db.Users.Where(u => u.Id == me).ExecuteUpdateAsync(
                s => s.SetProperty(
                    u => u.NotificationsReadSeq,
                    u => Math.Min(to, top.Max(n => (long?)n.Seq) ?? 0) > u.NotificationsReadSeq
                        ? Math.Min(to, top.Max(n => (long?)n.Seq) ?? 0)
                        : u.NotificationsReadSeq),
                cancellationToken) > 0,
            cancellationToken);
    }

    /// <summary>Where a new stream starts: the caller's newest group's <c>Seq</c> (0 when none): the top of their index range.</summary>
    public static async Task<long> LastSeqAsync(FeedDbContext db, long me, CancellationToken cancellationToken) =>
        await db.Notifications.Where(n => n.RecipientId == me).MaxAsync(n => (long?)n.Seq, cancellationToken) ?? 0;

    /// <summary>A group with whether its named actor is hidden from the caller (<paramref name="hidden"/>, asked of the row).</summary>
    private static Expression<Func<Notification, JudgedGroup>> Judged(Expression<Func<Notification, bool>> hidden)
    {
        var group = hidden.Parameters[0];
        var init = Expression.MemberInit(
            Expression.New(typeof(JudgedGroup)),
            Expression.Bind(typeof(JudgedGroup).GetProperty(nameof(JudgedGroup.Group))!, group),
            Expression.Bind(typeof(JudgedGroup).GetProperty(nameof(JudgedGroup.Hidden))!, hidden.Body));
        return Expression.Lambda<Func<Notification, JudgedGroup>>(init, group);
    }

    /// <summary><paramref name="me"/>'s groups but those naming someone hidden from them (a block either way, a mute of theirs).</summary>
    private static IQueryable<Notification> Shown(FeedDbContext db, long me) =>
        db.Notifications.Where(n => n.RecipientId == me).Where(new Hiding(me, Mutes: true).Shown<Notification>(db, n => n.LatestActorId));
}
