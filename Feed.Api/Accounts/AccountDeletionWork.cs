using Feed.Api.Data;
using Feed.Domain;
using Microsoft.EntityFrameworkCore;

namespace Feed.Api.Accounts;

/// <summary>A worker's hold on a deletion: which one, whose account, and until when no one else may claim it.</summary>
public sealed record DeletionLease(long Id, long UserId, DateTime Until);

/// <summary>
/// One chunk done: the step and how many rows it took, and the lease to go on with (null when the account is
/// gone, its last step, or when the lease was lost to another worker: then the caller claims afresh).
/// </summary>
public sealed record DeletionChunk(DeletionLease? Lease, string Step, int Rows)
{
    public const string Account = "account", Lost = "lost";
}

/// <summary>
/// Works off deleted accounts (<see cref="AccountDeletion"/>), one chunk a transaction, claimed from the
/// database by any instance: the due deletion with the earliest <c>NotBefore</c> (on MySQL
/// <c>FOR UPDATE SKIP LOCKED</c>, so workers take different ones), held by moving <c>NotBefore</c> a lease
/// ahead with each chunk. A chunk of a held deletion first checks, under the row's lock, that the lease is
/// still this worker's (the same <c>NotBefore</c>): a worker that stalled past its lease finds it taken and
/// does nothing, so no chunk is ever worked twice. One that died leaves its last committed chunk; the next
/// claim after the lease goes on from there (every step starts from what is left).
/// </summary>
public static class AccountDeletionWork
{
    /// <summary>
    /// Claims a due deletion (or goes on with <paramref name="held"/>) and works its next chunk; null when no
    /// deletion was due (idle).
    /// </summary>
    public static Task<DeletionChunk?> WorkNextAsync(
        FeedDbContext db, DeletionLease? held, AccountDeletionOptions options, Func<DateTime> now, CancellationToken cancellationToken) =>
        Resilience.RetryDeadlocksAsync(db, async () =>
        {
            var at = FeedTime.ToFeedPrecision(now());
            if (held is null && !await db.AccountDeletions.AnyAsync(d => d.NotBefore <= at, cancellationToken))
            {
                return null; // idle: one read, no transaction (on SQLite a transaction takes the write lock)
            }

            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            var deletion = held is null ? await ClaimAsync(db, at, cancellationToken) : await HoldAsync(db, held, cancellationToken);
            if (deletion is null)
            {
                return held is null ? null : new DeletionChunk(null, DeletionChunk.Lost, 0);
            }

            // The account's row first: a follow of it, or a like of its own still in flight, waits here, and
            // what the steps read next is every row committed before.
            var account = db.Users.Where(u => u.Id == deletion.UserId);
            await account.ExecuteUpdateAsync(s => s.SetProperty(u => u.DeletedAt, u => u.DeletedAt), cancellationToken);
            var (step, rows) = await NextStepAsync(db, deletion.UserId, options.Chunk, at, cancellationToken);
            if (rows == 0)
            {
                // Nothing of it is left but what goes with its row: sessions, blocks, mutes, reports, this deletion.
                await account.ExecuteDeleteAsync(cancellationToken);
                await transaction.CommitAsync(cancellationToken);
                return new DeletionChunk(null, DeletionChunk.Account, 1);
            }

            var until = FeedTime.ToFeedPrecision(at + options.Lease);
            var items = step == Steps.Items ? rows : 0;
            await db.AccountDeletions.Where(d => d.Id == deletion.Id).ExecuteUpdateAsync(
                s => s.SetProperty(d => d.NotBefore, until).SetProperty(d => d.ItemsDeleted, d => d.ItemsDeleted + items),
                cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return new DeletionChunk(new DeletionLease(deletion.Id, deletion.UserId, until), step, rows);
        }, cancellationToken);

    /// <summary>The steps in their order: the first with something left does a chunk. Last, nothing: the account goes.</summary>
    private static async Task<(string Step, int Rows)> NextStepAsync(
        FeedDbContext db, long userId, int chunk, DateTime at, CancellationToken cancellationToken)
    {
        (string, Func<Task<int>>)[] steps =
        [
            (Steps.Items, () => AccountDeletionSteps.ItemsAsync(db, userId, chunk, at, cancellationToken)),
            (Steps.Comments, () => AccountDeletionSteps.CommentsAsync(db, userId, chunk, at, cancellationToken)),
            (Steps.Likes, () => AccountDeletionSteps.LikesAsync(db, userId, chunk, at, cancellationToken)),
            (Steps.Memberships, () => AccountDeletionSteps.MembershipsAsync(db, userId, chunk, at, cancellationToken)),
            (Steps.Following, () => AccountDeletionSteps.FollowingAsync(db, userId, chunk, cancellationToken)),
            (Steps.Followers, () => AccountDeletionSteps.FollowersAsync(db, userId, chunk, cancellationToken)),
            (Steps.Home, () => AccountDeletionSteps.HomeAsync(db, userId, chunk, cancellationToken)),
            (Steps.Media, () => AccountDeletionSteps.MediaAsync(db, userId, chunk, at, cancellationToken)),
            (Steps.IdempotencyKeys, () => AccountDeletionSteps.IdempotencyKeysAsync(db, userId, chunk, cancellationToken)),
        ];
        foreach (var (step, run) in steps)
        {
            if (await run() is > 0 and var rows)
            {
                return (step, rows);
            }
        }

        return (DeletionChunk.Account, 0);
    }

    /// <summary>The due deletion no one holds, with the earliest <c>NotBefore</c>, locked for this transaction.</summary>
    private static async Task<AccountDeletion?> ClaimAsync(FeedDbContext db, DateTime now, CancellationToken cancellationToken)
    {
        var due = db.Database.IsMySql()
            ? db.AccountDeletions.FromSqlRaw(
                "SELECT * FROM `AccountDeletions` WHERE `NotBefore` <= {0} ORDER BY `NotBefore`, `Id` LIMIT 1 FOR UPDATE SKIP LOCKED", now)
            : db.AccountDeletions.Where(d => d.NotBefore <= now).OrderBy(d => d.NotBefore).ThenBy(d => d.Id).Take(1);
        return (await due.AsNoTracking().ToListAsync(cancellationToken)).SingleOrDefault();
    }

    /// <summary>The held deletion, locked, if the lease is still this worker's; null when another took it over (or it is done).</summary>
    private static async Task<AccountDeletion?> HoldAsync(FeedDbContext db, DeletionLease held, CancellationToken cancellationToken)
    {
        var mine = db.Database.IsMySql()
            ? db.AccountDeletions.FromSqlRaw(
                "SELECT * FROM `AccountDeletions` WHERE `Id` = {0} AND `NotBefore` = {1} FOR UPDATE", held.Id, held.Until)
            : db.AccountDeletions.Where(d => d.Id == held.Id && d.NotBefore == held.Until);
        return (await mine.AsNoTracking().ToListAsync(cancellationToken)).SingleOrDefault();
    }

    /// <summary>The steps' names, as <see cref="DeletionChunk.Step"/> reports them.</summary>
    public static class Steps
    {
        public const string Items = "items", Comments = "comments", Likes = "likes", Memberships = "memberships", Following = "following",
            Followers = "followers", Home = "home", Media = "media", IdempotencyKeys = "idempotency-keys";
    }
}
