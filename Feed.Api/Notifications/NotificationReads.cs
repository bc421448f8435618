using Feed.Api.Data;
using Feed.Api.Paging;
using Feed.Domain;
using Microsoft.EntityFrameworkCore;

namespace Feed.Api.Notifications;

/// <summary>
/// The read side of a recipient's notifications: their groups as ranges of the <c>(RecipientId, Seq)</c> index, newest
/// first, a page of them, their unread count and their read marker. <c>Seq</c> is given from the recipient's counter
/// (<see cref="User.NotificationSeq"/>) under a lock on their row held until the action commits, so a recipient's
/// groups appear in <c>Seq</c> order: a reader who saw <c>Seq</c> n has seen every group at or below it as it stood then.
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
    /// One page of <paramref name="page"/>'s caller's groups: one SQL command at any depth, empty pages included — the
    /// caller's row (their read marker) left-joined to a window of at most <c>limit + 1</c> groups from the cursor on,
    /// each with its named actor and their avatar, and whether the list goes on beyond the cursor the other way. Groups
    /// whose named actor the caller blocks, is blocked by or muted are left out by primary-key probes in the same command.
    /// </summary>
    public static async Task<PageSlice<NotificationRow>> ReadPageAsync(
        FeedDbContext db, PageRequest page, CancellationToken cancellationToken)
    {
        var read = await PageQuery(db, page).ToListAsync(cancellationToken);
        var rows = read.Where(r => r.Row is not null).Select(r => r.Row!).OrderByDescending(r => r.Group.Seq).ToList();
        var beyondAnchor = read.Count > 0 && read[0].Beyond;
        var more = rows.Count > page.Limit;
        var kept = page.Direction == PageDirection.After ? rows.Skip(rows.Count - Math.Min(rows.Count, page.Limit)) : rows.Take(page.Limit);
        var slice = kept.ToList();
        var positions = slice.Select(r => PositionOf(r.Group.Seq)).ToList();
        return page.Direction == PageDirection.After
            ? new PageSlice<NotificationRow>(slice, positions, HasOlder: beyondAnchor, HasNewer: more)
            : new PageSlice<NotificationRow>(slice, positions, HasOlder: more, HasNewer: beyondAnchor);
    }

    /// <summary>The page's one SQL command (see <see cref="ReadPageAsync"/>); public so tests can read its SQL and plan.</summary>
    public static IQueryable<NotificationPageRow> PageQuery(FeedDbContext db, PageRequest page)
    {
        var me = page.CallerId!.Value;
        var seq = page.Anchor.Id;
        var mine = Shown(db, me);
        var window = page.Direction switch
        {
            PageDirection.Before => mine.Where(n => n.Seq < seq).OrderByDescending(n => n.Seq).Take(page.Limit + 1),
            PageDirection.After => mine.Where(n => n.Seq > seq).OrderBy(n => n.Seq).Take(page.Limit + 1),
            _ => mine.OrderByDescending(n => n.Seq).Take(page.Limit + 1),
        };
        var beyond = page.Direction switch
        {
            PageDirection.Before => mine.Where(n => n.Seq >= seq),
            PageDirection.After => mine.Where(n => n.Seq <= seq),
            _ => mine.Where(n => false),
        };
        var query =
            from u in db.Users.Where(u => u.Id == me)
            from n in window.DefaultIfEmpty()
            from a in db.Users.Where(a => a.Id == n!.LatestActorId).DefaultIfEmpty()
            from m in db.Media.Where(m => m.Id == a!.AvatarMediaId).DefaultIfEmpty()
            select new NotificationPageRow(
                beyond.Any(),
                n == null ? null : new NotificationRow(n, a!.Name, a.DisplayName, m, n.Seq <= u.NotificationsReadSeq));
        return query.AsNoTracking();
    }

    /// <summary>
    /// How many of <paramref name="me"/>'s shown groups are above their read marker, counting no further than
    /// <see cref="UnreadCap"/> + 1: one command, the caller's row (a constant, by primary key) joined to the index range
    /// <c>Seq &gt; NotificationsReadSeq</c>, stopped after cap + 1 keys.
    /// </summary>
    public static async Task<UnreadCountResponse> UnreadAsync(FeedDbContext db, long me, CancellationToken cancellationToken)
    {
        var count = await UnreadQuery(db, me).CountAsync(cancellationToken);
        return new UnreadCountResponse(Math.Min(count, UnreadCap), count > UnreadCap);
    }

    /// <summary>The unread groups' <c>Seq</c>, at most cap + 1: what <see cref="UnreadAsync"/> counts (public for its plan).</summary>
    public static IQueryable<long> UnreadQuery(FeedDbContext db, long me) => Shown(db, me)
        .Join(db.Users.Where(u => u.Id == me), n => n.RecipientId, u => u.Id, (n, u) => new { n.Seq, u.NotificationsReadSeq })
        .Where(x => x.Seq > x.NotificationsReadSeq)
        .Select(x => x.Seq)
        .Take(UnreadCap + 1);

    /// <summary>
    /// Moves <paramref name="me"/>'s read marker up to <paramref name="upTo"/> (to their newest group when null), never
    /// down and never past the last <c>Seq</c> given to them: one UPDATE of their row, so it is idempotent and two marks
    /// sent at once leave the higher. False when the user is gone.
    /// </summary>
    public static Task<bool> MarkReadAsync(FeedDbContext db, long me, long? upTo, CancellationToken cancellationToken)
    {
        var to = upTo ?? long.MaxValue;
        return Resilience.RetryDeadlocksAsync(
            db,
            async () => await db.Users.Where(u => u.Id == me).ExecuteUpdateAsync(
                s => s.SetProperty(
                    u => u.NotificationsReadSeq,
                    u => (to < u.NotificationSeq ? to : u.NotificationSeq) > u.NotificationsReadSeq
                        ? (to < u.NotificationSeq ? to : u.NotificationSeq)
                        : u.NotificationsReadSeq),
                cancellationToken) > 0,
            cancellationToken);
    }

    /// <summary>Where a new stream starts: the last <c>Seq</c> given to the caller (0 when none, or no such user).</summary>
    public static Task<long> LastSeqAsync(FeedDbContext db, long me, CancellationToken cancellationToken) =>
        db.Users.Where(u => u.Id == me).Select(u => u.NotificationSeq).FirstOrDefaultAsync(cancellationToken);

    /// <summary><paramref name="me"/>'s groups but those naming someone hidden from them (a block either way, a mute of theirs).</summary>
    private static IQueryable<Notification> Shown(FeedDbContext db, long me) =>
        db.Notifications.Where(n => n.RecipientId == me).Where(new Hiding(me, Mutes: true).Shown<Notification>(db, n => n.LatestActorId));
}
