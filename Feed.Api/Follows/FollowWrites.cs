using Feed.Api.Data;
using Feed.Api.Data.Notifications;
using Feed.Domain;
using Microsoft.EntityFrameworkCore;

namespace Feed.Api.Follows;

/// <summary>What a follow or an unfollow left: the followee's follower count then, and whether the caller follows them.</summary>
public sealed record FollowState(long UserId, int FollowerCount, bool FollowedByMe)
{
    /// <summary>The follow was refused: the two users block one another (nothing changed).</summary>
    public bool Refused { get; init; }
}

/// <summary>
/// Following and unfollowing, beside the interactions' writes: a row per (follower, followee), both
/// users' counters moved by SQL, and the follower's home changed, in one transaction. They answer
/// plain values (null: no such user); <see cref="FollowsApi"/> makes HTTP of them.
/// </summary>
public static class FollowWrites
{
    /// <summary>
    /// <paramref name="follower"/> follows (or unfollows) <paramref name="followee"/>. Idempotent:
    /// following twice is one follow, unfollowing someone not followed changes nothing. The followee's
    /// counter moves first: it locks their row, so the follows of one user queue there and the check
    /// that follows cannot race. A follow copies the followee's latest <see cref="HomeOptions.FollowBackfill"/>
    /// items into the follower's home (<see cref="HomeDelivery.BackfillAsync"/>) and, when the followee
    /// thereby reaches <see cref="HomeOptions.PullAbove"/> followers, makes their new items read at read
    /// time from now on (<see cref="HomeDelivery.PullFamousAsync"/>); an unfollow takes all of theirs out.
    /// Both users' rows are locked first, in id order (<see cref="LockBothAsync"/>);
    /// a deadlock with another write (an item of the followee's) runs it again. A follow between two users
    /// who block one another is refused: a block locks the same rows first, so the two never cross.
    /// </summary>
    public static Task<FollowState?> FollowAsync(
        FeedDbContext db, long follower, long followee, bool follow, HomeOptions home, DateTime now, CancellationToken cancellationToken)
    {
        var target = db.Users.Where(u => u.Id == followee);
        var me = db.Users.Where(u => u.Id == follower);
        var mine = db.Follows.Where(f => f.FollowerId == follower && f.FolloweeId == followee);
        return Resilience.RetryDeadlocksAsync(db, async () =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            await LockBothAsync(db, follower, followee, cancellationToken);
            var moved = await target.ExecuteUpdateAsync(
                s => s.SetProperty(u => u.FollowerCount, u => u.FollowerCount + (follow ? 1 : 0)), cancellationToken);
            if (moved == 0)
            {
                return (FollowState?)null;
            }

            bool changed;
            if (follow)
            {
                if (await Hiding.BetweenAsync(db, follower, followee, cancellationToken))
                {
                    await transaction.RollbackAsync(cancellationToken);
                    return new FollowState(followee, 0, false) { Refused = true };
                }

                changed = !await mine.AnyAsync(cancellationToken);
                if (changed)
                {
                    db.Follows.Add(new Follow(follower, followee, now));
                    await db.SaveChangesAsync(cancellationToken);
                    await HomeDelivery.BackfillAsync(db, follower, followee, home.FollowBackfill, cancellationToken);
                    await HomeDelivery.PullFamousAsync(db, home.PullAbove, now, followee, cancellationToken);
                }
            }
            else
            {
                changed = await EndAsync(db, follower, followee, cancellationToken);
            }

            var count = await target.Select(u => u.FollowerCount).SingleAsync(cancellationToken);
            if (!changed)
            {
                await transaction.RollbackAsync(cancellationToken);
                return new FollowState(followee, follow ? count - 1 : count, follow);
            }

            if (follow)
            {
                await me.ExecuteUpdateAsync(s => s.SetProperty(u => u.FollowingCount, u => u.FollowingCount + 1), cancellationToken);

                // Last: the number locks the change log's counter until the commit.
                var seq = await ChangeLogWrites.NextAsync(db, cancellationToken);
                var notice = new Notice(followee, Notification.Follow, 0, null, follower, now);
                await NotificationWrites.AddAsync(db, notice, seq, cancellationToken);
            }

            await transaction.CommitAsync(cancellationToken);
            return new FollowState(followee, count, follow);
        }, cancellationToken);
    }

    /// <summary>
    /// The unfollow itself, inside a transaction that holds both users' rows (<see cref="LockBothAsync"/>):
    /// the follow row goes, the followee's items leave the follower's home, both counters move. False when
    /// <paramref name="follower"/> did not follow <paramref name="followee"/> (nothing changes). A block ends
    /// the follows between two users both ways through here.
    /// </summary>
    public static async Task<bool> EndAsync(FeedDbContext db, long follower, long followee, CancellationToken cancellationToken)
    {
        var row = db.Follows.Where(f => f.FollowerId == follower && f.FolloweeId == followee);
        if (await row.Select(f => (DateTime?)f.CreatedAt).FirstOrDefaultAsync(cancellationToken) is not { } made
            || await row.ExecuteDeleteAsync(cancellationToken) == 0)
        {
            return false;
        }

        await NotificationWrites.TakeBackAsync(
            db,
            new Notice(followee, Notification.Follow, 0, null, follower, made),
            w => db.Follows.Where(f => f.FolloweeId == followee && f.CreatedAt >= w.Start && f.CreatedAt < w.End)
                .OrderByDescending(f => f.CreatedAt).Select(f => f.FollowerId),
            cancellationToken);

        await HomeDelivery.RemoveAsync(db, follower, followee, cancellationToken);
        await db.Users.Where(u => u.Id == followee)
            .ExecuteUpdateAsync(s => s.SetProperty(u => u.FollowerCount, u => u.FollowerCount - 1), cancellationToken);
        await db.Users.Where(u => u.Id == follower)
            .ExecuteUpdateAsync(s => s.SetProperty(u => u.FollowingCount, u => u.FollowingCount - 1), cancellationToken);
        return true;
    }

    /// <summary>
    /// Both users' rows, locked in id order before anything else is written: two follows that share
    /// users (one and its reverse, a group following each other) queue on the lower row instead of
    /// each holding one row and waiting, through a foreign-key check, for the other. Left to the
    /// deadlock retries, 7 users following each other at once (84 requests) on MariaDB met 127-165
    /// deadlocks (none with the lock); 12 users (264 requests) ran half the requests out of pooled
    /// connections (503). SQLite has one writer.
    /// </summary>
    public static async Task LockBothAsync(FeedDbContext db, long follower, long followee, CancellationToken cancellationToken)
    {
        if (db.Database.IsMySql())
        {
            await db.Database.ExecuteSqlRawAsync(
                "SELECT `Id` FROM `Users` WHERE `Id` IN ({0}, {1}) ORDER BY `Id` FOR UPDATE",
                [Math.Min(follower, followee), Math.Max(follower, followee)],
                cancellationToken);
        }
    }
}
