using Feed.Domain;
using Microsoft.EntityFrameworkCore;

namespace Feed.Api.Data.Notifications;

/// <summary>
/// Someone (<paramref name="ActorId"/>) did something (<paramref name="Kind"/>, one of <see cref="Notification.Kinds"/>)
/// to what is <paramref name="RecipientId"/>'s: the subject (<see cref="Notification.SubjectId"/>), at <paramref name="At"/>.
/// </summary>
public readonly record struct Notice(long RecipientId, string Kind, long SubjectId, long? ItemId, long ActorId, DateTime At);

/// <summary>
/// The write side of notifications, called inside the transaction of the action they tell of (a like, a join, a
/// follow, a comment) after its own row is written, and inside the one that undoes it. Grouping happens here, on
/// write: an action joins its group's row (<see cref="Notification"/>) or starts one, so a post liked 100,000 times in a
/// day is one row. Nobody is told of their own actions, nor of anyone on either side of a block with them or muted by
/// them.
/// </summary>
public static class NotificationWrites
{
    /// <summary>
    /// Gathers <paramref name="notice"/> into its group: two statements when the group exists (number, then move the
    /// group to the top), three when it starts. The first moves the recipient's counter
    /// (<see cref="User.NotificationSeq"/>) unless they hide the actor, in the same statement: it locks the recipient's
    /// row until the caller commits, so the recipient's notifications are written one at a time, in commit order, and
    /// two actions never both start one group.
    /// </summary>
    public static async Task AddAsync(FeedDbContext db, Notice notice, CancellationToken cancellationToken)
    {
        if (notice.RecipientId == notice.ActorId || !await NumberAsync(db, notice, cancellationToken))
        {
            return;
        }

        var recipient = notice.RecipientId;
        var actor = notice.ActorId;
        var at = FeedTime.ToFeedPrecision(notice.At);
        var seq = db.Users.Where(u => u.Id == recipient).Select(u => u.NotificationSeq);
        var moved = await Group(db, notice).ExecuteUpdateAsync(
            s => s.SetProperty(n => n.ActorCount, n => n.ActorCount + 1)
                .SetProperty(n => n.LatestActorId, actor)
                .SetProperty(n => n.At, at)
                .SetProperty(n => n.Seq, _ => seq.First()),
            cancellationToken);
        if (moved == 0)
        {
            var next = await seq.SingleAsync(cancellationToken);
            db.Notifications.Add(new Notification(recipient, notice.Kind, notice.SubjectId, notice.ItemId, actor, at, next));
            await db.SaveChangesAsync(cancellationToken);
        }
    }

    /// <summary>
    /// Takes <paramref name="notice"/> (the action as it was made: its <see cref="Notice.At"/> is the undone row's time,
    /// which finds its group) back out of its group: the count drops, and a group left empty goes. When the group named
    /// the actor, it names the latest other of <paramref name="others"/> (the actors of the same kind of action on the same
    /// subject in the window, newest first) whom the recipient does not hide now, instead: a group is not left out of the
    /// list (for naming someone hidden) while it gathers someone the recipient may see. An actor hidden from the recipient
    /// now was perhaps never counted, so nothing is taken back for them: a count may then stay one too high, never drop
    /// below the people it names.
    /// </summary>
    public static async Task TakeBackAsync(
        FeedDbContext db, Notice notice, Func<NoticeWindow, IQueryable<long>> others, CancellationToken cancellationToken)
    {
        if (notice.RecipientId == notice.ActorId || await HiddenAsync(db, notice, cancellationToken))
        {
            return;
        }

        var actor = notice.ActorId;
        var recipient = notice.RecipientId;
        var window = NoticeWindow.Of(notice.At);
        var rest = others(window)
            .Where(a => a != recipient && a != actor
                && !db.Blocks.Any(b => (b.BlockerId == recipient && b.BlockedId == a) || (b.BlockerId == a && b.BlockedId == recipient))
                && !db.Mutes.Any(m => m.MuterId == recipient && m.MutedId == a))
            .Select(a => (long?)a);
        var group = Group(db, notice);
        await group.ExecuteUpdateAsync(
            s => s.SetProperty(n => n.ActorCount, n => n.ActorCount - 1)
                .SetProperty(n => n.LatestActorId, n => n.LatestActorId == actor ? rest.FirstOrDefault() ?? n.LatestActorId : n.LatestActorId),
            cancellationToken);
        await group.Where(n => n.ActorCount <= 0).ExecuteDeleteAsync(cancellationToken);
    }

    /// <summary>Moves the recipient's counter unless they hide the actor; false (nothing moved) when they do, or are gone.</summary>
    private static async Task<bool> NumberAsync(FeedDbContext db, Notice notice, CancellationToken cancellationToken)
    {
        var recipient = notice.RecipientId;
        var actor = notice.ActorId;
        return await db.Users
            .Where(u => u.Id == recipient
                && !db.Blocks.Any(b => (b.BlockerId == recipient && b.BlockedId == actor) || (b.BlockerId == actor && b.BlockedId == recipient))
                && !db.Mutes.Any(m => m.MuterId == recipient && m.MutedId == actor))
            .ExecuteUpdateAsync(s => s.SetProperty(u => u.NotificationSeq, u => u.NotificationSeq + 1), cancellationToken) > 0;
    }

    private static Task<bool> HiddenAsync(FeedDbContext db, Notice notice, CancellationToken cancellationToken)
    {
        var recipient = notice.RecipientId;
        var actor = notice.ActorId;
        return db.Users.Where(u => u.Id == recipient).AnyAsync(
            _ => db.Blocks.Any(b => (b.BlockerId == recipient && b.BlockedId == actor) || (b.BlockerId == actor && b.BlockedId == recipient))
                || db.Mutes.Any(m => m.MuterId == recipient && m.MutedId == actor),
            cancellationToken);
    }

    /// <summary>The one row of the notice's group (the unique key).</summary>
    private static IQueryable<Notification> Group(FeedDbContext db, Notice notice)
    {
        var (recipient, kind, subject, window) = (notice.RecipientId, notice.Kind, notice.SubjectId, Notification.WindowOf(notice.At));
        return db.Notifications.Where(n => n.RecipientId == recipient && n.Kind == kind && n.SubjectId == subject && n.WindowStart == window);
    }
}

/// <summary>The span of time one group gathers: [<paramref name="Start"/>, <paramref name="End"/>).</summary>
public readonly record struct NoticeWindow(DateTime Start, DateTime End)
{
    public static NoticeWindow Of(DateTime at)
    {
        var start = Notification.WindowOf(at);
        return new NoticeWindow(start, start + Notification.Window);
    }
}
