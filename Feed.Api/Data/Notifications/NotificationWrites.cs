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
    /// Gathers <paramref name="notice"/> into its group, numbered <paramref name="seq"/>: one statement, an upsert on the
    /// group's unique key that starts the group or moves it to the top (<see cref="Notification.Seq"/>), with one more
    /// actor, named as the latest; it writes nothing when the recipient hides the actor (probes in the same statement).
    /// <paramref name="seq"/> is a change number the caller's transaction took (<see cref="ChangeLogWrites.NextAsync"/>,
    /// <see cref="ChangeLogWrites.RecordCountsAsync"/>): the counter's row stays locked until the caller commits, so the
    /// numbers follow commit order and a reader that has seen one has seen every smaller one. Two actions on one group
    /// therefore never race either.
    /// </summary>
    public static async Task AddAsync(FeedDbContext db, Notice notice, long seq, CancellationToken cancellationToken)
    {
        if (notice.RecipientId == notice.ActorId)
        {
            return;
        }

        // The same text on both engines (SQLite reads back-quoted names too) but for the upsert's clause. The recipient's
        // row is the one row selected from: none when they are gone, or hide the actor.
        var upsert = db.Database.IsMySql()
            ? "ON DUPLICATE KEY UPDATE `ActorCount` = `ActorCount` + 1, `LatestActorId` = VALUES(`LatestActorId`), " +
                "`At` = VALUES(`At`), `Seq` = VALUES(`Seq`)"
            : "ON CONFLICT (`RecipientId`, `Kind`, `SubjectId`, `WindowStart`) DO UPDATE SET `ActorCount` = `ActorCount` + 1, " +
                "`LatestActorId` = excluded.`LatestActorId`, `At` = excluded.`At`, `Seq` = excluded.`Seq`";
        await db.Database.ExecuteSqlRawAsync(
            "INSERT INTO `Notifications` " +
            "(`RecipientId`, `Kind`, `SubjectId`, `ItemId`, `WindowStart`, `ActorCount`, `LatestActorId`, `At`, `Seq`) " +
            $"SELECT `Id`, {{1}}, {{2}}, {(notice.ItemId is null ? "NULL" : "{3}")}, {{4}}, 1, {{5}}, {{6}}, {{7}} FROM `Users` " +
            "WHERE `Id` = {0} " +
            "AND NOT EXISTS (SELECT 1 FROM `Blocks` " +
            "WHERE (`BlockerId` = {0} AND `BlockedId` = {5}) OR (`BlockerId` = {5} AND `BlockedId` = {0})) " +
            "AND NOT EXISTS (SELECT 1 FROM `Mutes` WHERE `MuterId` = {0} AND `MutedId` = {5}) " + upsert,
            [
                notice.RecipientId, notice.Kind, notice.SubjectId, notice.ItemId ?? 0,
                Notification.WindowOf(notice.At), notice.ActorId, FeedTime.ToFeedPrecision(notice.At), seq,
            ],
            cancellationToken);
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
            .Where(a => a != recipient && a != actor)
            .Where(new Hiding(recipient, Mutes: true).Shown<long>(db, a => a))
            .Select(a => (long?)a);
        var group = Group(db, notice);
        await group.ExecuteUpdateAsync(
            s => s.SetProperty(n => n.ActorCount, n => n.ActorCount - 1)
                .SetProperty(
                    n => n.LatestActorId,
                    n => n.LatestActorId == actor ? rest.FirstOrDefault() ?? n.LatestActorId : n.LatestActorId),
            cancellationToken);
        await group.Where(n => n.ActorCount <= 0).ExecuteDeleteAsync(cancellationToken);
    }

    /// <summary>Whether the recipient hides the actor: a block either way, or the recipient's mute (primary-key probes).</summary>
    private static Task<bool> HiddenAsync(FeedDbContext db, Notice notice, CancellationToken cancellationToken) =>
        db.Users.Where(u => u.Id == notice.ActorId)
            .AnyAsync(new Hiding(notice.RecipientId, Mutes: true).Hidden<User>(db, u => u.Id), cancellationToken);

    /// <summary>The one row of the notice's group (the unique key).</summary>
    private static IQueryable<Notification> Group(FeedDbContext db, Notice notice)
    {
        var (recipient, kind, subject) = (notice.RecipientId, notice.Kind, notice.SubjectId);
        var window = Notification.WindowOf(notice.At);
        return db.Notifications.Where(n => n.RecipientId == recipient && n.Kind == kind && n.SubjectId == subject
            && n.WindowStart == window);
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
