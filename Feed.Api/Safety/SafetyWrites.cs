using Feed.Api.Data;
using Feed.Api.Follows;
using Feed.Domain;
using Microsoft.EntityFrameworkCore;

namespace Feed.Api.Safety;

/// <summary>
/// Blocking and muting, beside the follows' writes: a row per (user, other), idempotent, written in a
/// transaction that first holds both users' rows in id order (<see cref="FollowWrites.LockBothAsync"/>), as
/// a follow does: a block and a follow between the same two users queue there and never cross, and many
/// clients of one user writing at once find the row the first one wrote. A block ends the follows between
/// the two both ways through the follows' own unfollow (<see cref="FollowWrites.EndAsync"/>: counters, homes),
/// in the same transaction. They answer plain values (null: no such user); <see cref="SafetyApi"/> makes HTTP of them.
/// </summary>
public static class SafetyWrites
{
    /// <summary><paramref name="me"/> blocks (or unblocks) <paramref name="other"/>: whether it changed; null: no such user.</summary>
    public static Task<bool?> BlockAsync(
        FeedDbContext db, long me, long other, bool block, DateTime now, CancellationToken cancellationToken) =>
        WriteAsync(
            db,
            me,
            other,
            db.Blocks.Where(b => b.BlockerId == me && b.BlockedId == other),
            block ? () => new Block(me, other, now) : null,
            async () =>
            {
                if (!block)
                {
                    return; // the follows a block ended stay ended
                }

                await FollowWrites.EndAsync(db, me, other, cancellationToken);
                await FollowWrites.EndAsync(db, other, me, cancellationToken);
            },
            cancellationToken);

    /// <summary>
    /// <paramref name="me"/> mutes (or unmutes) <paramref name="other"/>: whether it changed; null: no such user. A
    /// mute takes the muted user's items out of the muter's home as an unfollow does (and the fan-out copies no more
    /// of them there); an unmute of someone followed puts their latest <paramref name="backfill"/> back, as a follow does.
    /// </summary>
    public static Task<bool?> MuteAsync(
        FeedDbContext db, long me, long other, bool mute, int backfill, DateTime now, CancellationToken cancellationToken)
    {
        var follows = db.Follows.Where(f => f.FollowerId == me && f.FolloweeId == other);
        return WriteAsync(
            db,
            me,
            other,
            db.Mutes.Where(m => m.MuterId == me && m.MutedId == other),
            mute ? () => new Mute(me, other, now) : null,
            async () =>
            {
                if (await follows.AnyAsync(cancellationToken))
                {
                    _ = mute
                        ? await HomeDelivery.RemoveAsync(db, me, other, cancellationToken)
                        : await HomeDelivery.BackfillAsync(db, me, other, backfill, cancellationToken);
                }
            },
            cancellationToken);
    }

    /// <summary>
    /// Adds the row (when <paramref name="create"/> is given) or removes it, then, when that changed anything, runs
    /// <paramref name="then"/> in the same transaction.
    /// The first write is a no-op update of the other user's row: it tells whether they exist and, on SQLite,
    /// takes the one writer's lock before anything is read. A deadlock runs the whole transaction again.
    /// </summary>
    private static Task<bool?> WriteAsync<TRow>(
        FeedDbContext db, long me, long other, IQueryable<TRow> mine, Func<TRow>? create, Func<Task> then,
        CancellationToken cancellationToken)
        where TRow : class => Resilience.RetryDeadlocksAsync(db, async () =>
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await FollowWrites.LockBothAsync(db, me, other, cancellationToken);
        var found = await db.Users.Where(u => u.Id == other)
            .ExecuteUpdateAsync(s => s.SetProperty(u => u.FollowerCount, u => u.FollowerCount), cancellationToken);
        if (found == 0)
        {
            return (bool?)null;
        }

        bool changed;
        if (create is not null)
        {
            await CertifyAgainstFollowsAsync(db, me, other, cancellationToken);
            changed = !await mine.AnyAsync(cancellationToken);
            if (changed)
            {
                db.Add(create());
                await db.SaveChangesAsync(cancellationToken);
            }
        }
        else
        {
            changed = await mine.ExecuteDeleteAsync(cancellationToken) > 0;
        }

        if (changed)
        {
            await then();
            await transaction.CommitAsync(cancellationToken);
        }
        else
        {
            await transaction.RollbackAsync(cancellationToken);
        }

        return changed;
    }, cancellationToken);

    /// <summary>
    /// On MySQL, a real change of both users' rows (a counter moved up and back): on a Galera cluster the row locks taken
    /// first are local to a node, and the touch of the other's row that finds them is a no-op, which certification does
    /// not see. A follow between the two writes both rows too, so of a block (or mute) and a follow committed at once on
    /// two nodes, certification refuses one, which runs again and then sees the other.
    /// </summary>
    private static async Task CertifyAgainstFollowsAsync(FeedDbContext db, long me, long other, CancellationToken cancellationToken)
    {
        if (!db.Database.IsMySql())
        {
            return;
        }

        var both = db.Users.Where(u => u.Id == me || u.Id == other);
        await both.ExecuteUpdateAsync(s => s.SetProperty(u => u.FollowerCount, u => u.FollowerCount + 1), cancellationToken);
        await both.ExecuteUpdateAsync(s => s.SetProperty(u => u.FollowerCount, u => u.FollowerCount - 1), cancellationToken);
    }
}
