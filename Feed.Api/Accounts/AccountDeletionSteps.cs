using Feed.Api.Data;
using Feed.Api.Media;
using Feed.Domain;
using Microsoft.EntityFrameworkCore;

namespace Feed.Api.Accounts;

/// <summary>
/// The steps of an account's deletion, each one chunk of at most <c>chunk</c> rows, set-based, inside the
/// caller's transaction, answering how many rows it took (0: nothing of its kind is left). Every step
/// starts from what is left, so a chunk done twice (never, under the lease) or cut off (rolled back) leaves
/// nothing wrong: the next call takes what is there. Rows that carry a counter (an item's likes and
/// members, a user's follows) are locked first on MySQL, in id order, as a like or a follow locks them,
/// then their rows are deleted with <c>RETURNING</c>, and the counters move by exactly what was deleted.
/// </summary>
internal static partial class AccountDeletionSteps
{
    /// <summary>
    /// The account's oldest items, each as a deletion of one item (<c>ItemWrites.DeleteAsync</c>): their
    /// media rows go and their files are queued, their likes, memberships, home entries and fan-out jobs go
    /// by cascade, and each gets its "deleted" change, so every feed, home, stream and change log learns.
    /// </summary>
    public static async Task<int> ItemsAsync(FeedDbContext db, long userId, int chunk, DateTime at, CancellationToken cancellationToken)
    {
        var items = await db.Database.SqlQueryRaw<ChangedItem>(
            $"SELECT `Id`, `{FeedDbContext.Discriminator}` AS `Kind`, `AuthorId` FROM `FeedItems` WHERE `AuthorId` = {{0}} " +
            $"ORDER BY `CreatedAt`, `Id` LIMIT {{1}}{ForUpdate(db)}",
            userId, chunk).ToListAsync(cancellationToken);
        if (items.Count == 0)
        {
            return 0;
        }

        var ids = items.Select(i => i.Id).ToList();
        var media = await db.Media.AsNoTracking().Where(m => m.ItemId != null && ids.Contains(m.ItemId.Value))
            .ToListAsync(cancellationToken);
        await MediaRemoval.RemoveAsync(db, media, at, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await db.FeedItems.Where(i => ids.Contains(i.Id)).ExecuteDeleteAsync(cancellationToken);
        await ChangeLogWrites.RecordManyAsync(db, items, FeedChange.Deleted, at, cancellationToken);
        return items.Count;
    }

    /// <summary>The account's likes on items: each item's like count drops by one, and its counts change is logged.</summary>
    public static async Task<int> LikesAsync(FeedDbContext db, long userId, int chunk, DateTime at, CancellationToken cancellationToken)
    {
        var ids = await db.Likes.Where(l => l.UserId == userId).OrderBy(l => l.ItemId).Take(chunk).Select(l => l.ItemId)
            .ToListAsync(cancellationToken);
        var unliked = await TakeRowsAsync(db, "Likes", userId, ids, cancellationToken);
        await db.FeedItems.Where(i => unliked.Contains(i.Id))
            .ExecuteUpdateAsync(s => s.SetProperty(i => i.LikeCount, i => i.LikeCount - 1), cancellationToken);
        await LogCountsAsync(db, unliked, at, cancellationToken);
        return ids.Count;
    }

    /// <summary>The account's memberships of games and teams: each item's joined count drops by one, logged as a like's is.</summary>
    public static async Task<int> MembershipsAsync(
        FeedDbContext db, long userId, int chunk, DateTime at, CancellationToken cancellationToken)
    {
        var ids = await db.Memberships.Where(m => m.UserId == userId).OrderBy(m => m.ItemId).Take(chunk).Select(m => m.ItemId)
            .ToListAsync(cancellationToken);
        var left = await TakeRowsAsync(db, "Memberships", userId, ids, cancellationToken);
        await db.FeedItems.OfType<JoinableItem>().Where(i => left.Contains(i.Id))
            .ExecuteUpdateAsync(s => s.SetProperty(i => i.JoinedCount, i => i.JoinedCount - 1), cancellationToken);
        await LogCountsAsync(db, left, at, cancellationToken);
        return ids.Count;
    }

    /// <summary>Whom the account follows: each followee's follower count drops by one (and the account's following count).</summary>
    public static async Task<int> FollowingAsync(FeedDbContext db, long userId, int chunk, CancellationToken cancellationToken)
    {
        var ids = await db.Follows.Where(f => f.FollowerId == userId).OrderBy(f => f.FolloweeId).Take(chunk).Select(f => f.FolloweeId)
            .ToListAsync(cancellationToken);
        var gone = await TakeFollowsAsync(db, userId, ids, "FollowerId", "FolloweeId", cancellationToken);
        await db.Users.Where(u => gone.Contains(u.Id))
            .ExecuteUpdateAsync(s => s.SetProperty(u => u.FollowerCount, u => u.FollowerCount - 1), cancellationToken);
        await db.Users.Where(u => u.Id == userId)
            .ExecuteUpdateAsync(s => s.SetProperty(u => u.FollowingCount, u => u.FollowingCount - gone.Count), cancellationToken);
        return ids.Count;
    }

    /// <summary>Who follows the account: each follower's following count drops by one (and the account's follower count).</summary>
    public static async Task<int> FollowersAsync(FeedDbContext db, long userId, int chunk, CancellationToken cancellationToken)
    {
        var ids = await db.Follows.Where(f => f.FolloweeId == userId).OrderBy(f => f.FollowerId).Take(chunk).Select(f => f.FollowerId)
            .ToListAsync(cancellationToken);
        var gone = await TakeFollowsAsync(db, userId, ids, "FolloweeId", "FollowerId", cancellationToken);
        await db.Users.Where(u => gone.Contains(u.Id))
            .ExecuteUpdateAsync(s => s.SetProperty(u => u.FollowingCount, u => u.FollowingCount - 1), cancellationToken);
        await db.Users.Where(u => u.Id == userId)
            .ExecuteUpdateAsync(s => s.SetProperty(u => u.FollowerCount, u => u.FollowerCount - gone.Count), cancellationToken);
        return ids.Count;
    }

    /// <summary>The account's own home: the entries of other people's items it held.</summary>
    public static async Task<int> HomeAsync(FeedDbContext db, long userId, int chunk, CancellationToken cancellationToken)
    {
        var mine = db.HomeEntries.Where(h => h.OwnerId == userId);
        var ids = await mine.OrderBy(h => h.ArrivedAt).ThenBy(h => h.ItemId).Take(chunk).Select(h => h.ItemId)
            .ToListAsync(cancellationToken);
        return ids.Count == 0 ? 0 : await mine.Where(h => ids.Contains(h.ItemId)).ExecuteDeleteAsync(cancellationToken);
    }

    /// <summary>The account's uploads left (unattached ones, the avatar): rows deleted, files queued for the store.</summary>
    public static async Task<int> MediaAsync(FeedDbContext db, long userId, int chunk, DateTime at, CancellationToken cancellationToken)
    {
        var media = await db.Media.AsNoTracking().Where(m => m.OwnerId == userId).OrderBy(m => m.Id).Take(chunk)
            .ToListAsync(cancellationToken);
        await MediaRemoval.RemoveAsync(db, media, at, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        return media.Count;
    }

    /// <summary>The account's idempotency keys: a retried <c>DELETE /me</c> with its key is replayed until here.</summary>
    public static async Task<int> IdempotencyKeysAsync(FeedDbContext db, long userId, int chunk, CancellationToken cancellationToken)
    {
        var mine = db.IdempotentRequests.Where(r => r.UserId == userId);
        var keys = await mine.OrderBy(r => r.Key).Take(chunk).Select(r => r.Key).ToListAsync(cancellationToken);
        return keys.Count == 0 ? 0 : await mine.Where(r => keys.Contains(r.Key)).ExecuteDeleteAsync(cancellationToken);
    }

    /// <summary>
    /// Deletes the account's rows of <paramref name="table"/> (likes or memberships) on <paramref name="itemIds"/>,
    /// after locking those items' rows (MySQL; SQLite has one writer): the items whose row this deleted, so each
    /// counter drops once for each row that went, whatever ran before or at the same time.
    /// </summary>
    private static async Task<List<long>> TakeRowsAsync(
        FeedDbContext db, string table, long userId, List<long> itemIds, CancellationToken cancellationToken)
    {
        if (itemIds.Count == 0)
        {
            return [];
        }

        // Numbers the database gave, and this class's table names: nothing a caller sends goes into the text.
        var list = string.Join(", ", itemIds);
        var lockItems = $"SELECT `Id` FROM `FeedItems` WHERE `Id` IN ({list}) ORDER BY `Id` FOR UPDATE";
        var delete = $"DELETE FROM `{table}` WHERE `UserId` = {{0}} AND `ItemId` IN ({list}) RETURNING `ItemId` AS `Value`";
        if (db.Database.IsMySql())
        {
            await db.Database.ExecuteSqlRawAsync(lockItems, cancellationToken);
        }

        return await db.Database.SqlQueryRaw<long>(delete, userId).ToListAsync(cancellationToken);
    }

    /// <summary>
    /// Deletes the account's follows with <paramref name="otherIds"/> (the account in <paramref name="mine"/>, the others in
    /// <paramref name="theirs"/>), after locking the others' rows in id order as a follow locks them: those whose follow this deleted.
    /// </summary>
    private static async Task<List<long>> TakeFollowsAsync(
        FeedDbContext db, long userId, List<long> otherIds, string mine, string theirs, CancellationToken cancellationToken)
    {
        if (otherIds.Count == 0)
        {
            return [];
        }

        var list = string.Join(", ", otherIds);
        var lockUsers = $"SELECT `Id` FROM `Users` WHERE `Id` IN ({list}) ORDER BY `Id` FOR UPDATE";
        var delete = $"DELETE FROM `Follows` WHERE `{mine}` = {{0}} AND `{theirs}` IN ({list}) RETURNING `{theirs}` AS `Value`";
        if (db.Database.IsMySql())
        {
            await db.Database.ExecuteSqlRawAsync(lockUsers, cancellationToken);
        }

        return await db.Database.SqlQueryRaw<long>(delete, userId).ToListAsync(cancellationToken);
    }

    /// <summary>The new counts of these items in the change log, as a like records them.</summary>
    private static async Task LogCountsAsync(FeedDbContext db, List<long> itemIds, DateTime at, CancellationToken cancellationToken)
    {
        if (itemIds.Count == 0)
        {
            return;
        }

        var items = await db.FeedItems.Where(i => itemIds.Contains(i.Id)).OrderBy(i => i.Id)
            .Select(i => new ChangedItem(i.Id, EF.Property<string>(i, FeedDbContext.Discriminator), i.AuthorId))
            .ToListAsync(cancellationToken);
        await ChangeLogWrites.RecordManyAsync(db, items, FeedChange.Counts, at, cancellationToken);
    }

    private static string ForUpdate(FeedDbContext db) => db.Database.IsMySql() ? " FOR UPDATE" : "";
}
