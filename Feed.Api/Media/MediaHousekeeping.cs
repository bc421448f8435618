using Feed.Api.Data;
using Feed.Domain;
using Microsoft.EntityFrameworkCore;

namespace Feed.Api.Media;

/// <summary>
/// The media's background upkeep, in the database and in chunks, safe from any number of instances at
/// once: unattached uploads past their lifetime are deleted (with their files queued), and the queued
/// files are deleted from the store.
/// </summary>
public static class MediaHousekeeping
{
    /// <summary>How long a claimed deletion is left to its worker before another may take it.</summary>
    private static readonly TimeSpan DeletionLease = TimeSpan.FromMinutes(1);

    /// <summary>
    /// Deletes up to <paramref name="chunk"/> uploads made before <paramref name="cutoff"/> that belong to no post and
    /// are no one's avatar, oldest first, in one transaction with their files' queue rows. The rows are read with a lock
    /// (on MySQL <c>FOR UPDATE SKIP LOCKED</c>: another sweeper takes others, and an attach waits for this commit and
    /// then finds no row); SQLite has one writer. Returns how many it deleted.
    /// </summary>
    public static Task<int> SweepExpiredAsync(
        FeedDbContext db, DateTime cutoff, int chunk, DateTime now, CancellationToken cancellationToken) =>
        Resilience.RetryDeadlocksAsync(db, async () =>
        {
            var expired = db.Media.Where(m => m.ItemId == null && m.CreatedAt < cutoff && !db.Users.Any(u => u.AvatarMediaId == m.Id));
            if (!await expired.AnyAsync(cancellationToken))
            {
                return 0; // nothing to do: one read, no transaction
            }

            db.ChangeTracker.Clear();
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            var rows = db.Database.IsMySql()
                ? db.Media.FromSqlRaw(
                    "SELECT * FROM `Media` AS m WHERE m.`ItemId` IS NULL AND m.`CreatedAt` < {0} " +
                    "AND NOT EXISTS (SELECT 1 FROM `Users` AS u WHERE u.`AvatarMediaId` = m.`Id`) " +
                    "ORDER BY m.`ItemId`, m.`CreatedAt` LIMIT {1} FOR UPDATE SKIP LOCKED",
                    cutoff, chunk)
                : expired.OrderBy(m => m.CreatedAt).Take(chunk);
            var media = await rows.AsNoTracking().ToListAsync(cancellationToken);
            var deleted = await MediaRemoval.RemoveAsync(db, media, now, cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return deleted;
        }, cancellationToken);

    /// <summary>
    /// Deletes up to <paramref name="chunk"/> due files from the store: claims them (moves them on by a lease, in one
    /// short transaction), deletes each from the store, then its queue row; a file the store fails to delete is tried
    /// again later, each time later still. Returns how many files it deleted, or null when none was due.
    /// </summary>
    public static async Task<int?> DeleteQueuedFilesAsync(
        FeedDbContext db, IMediaStore store, int chunk, DateTime now, CancellationToken cancellationToken)
    {
        var claimed = await ClaimDeletionsAsync(db, chunk, now, cancellationToken);
        if (claimed.Count == 0)
        {
            return null;
        }

        var done = new List<long>();
        foreach (var deletion in claimed)
        {
            try
            {
                await store.DeleteAsync(deletion.Key, cancellationToken);
                done.Add(deletion.Id);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                var wait = TimeSpan.FromSeconds(Math.Min(3600, 30 * Math.Pow(2, deletion.Attempts)));
                var retryAt = FeedTime.ToFeedPrecision(now + wait);
                await db.MediaDeletions.Where(d => d.Id == deletion.Id).ExecuteUpdateAsync(
                    s => s.SetProperty(d => d.Attempts, d => d.Attempts + 1).SetProperty(d => d.NotBefore, retryAt), cancellationToken);
            }
        }

        await db.MediaDeletions.Where(d => done.Contains(d.Id)).ExecuteDeleteAsync(cancellationToken);
        return done.Count;
    }

    private static Task<List<MediaDeletion>> ClaimDeletionsAsync(
        FeedDbContext db, int chunk, DateTime now, CancellationToken cancellationToken) =>
        Resilience.RetryDeadlocksAsync(db, async () =>
        {
            var due = db.MediaDeletions.Where(d => d.NotBefore <= now);
            if (!await due.AnyAsync(cancellationToken))
            {
                return [];
            }

            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            var rows = db.Database.IsMySql()
                ? db.MediaDeletions.FromSqlRaw(
                    "SELECT * FROM `MediaDeletions` WHERE `NotBefore` <= {0} ORDER BY `NotBefore` LIMIT {1} FOR UPDATE SKIP LOCKED",
                    now,
                    chunk)
                : due.OrderBy(d => d.NotBefore).Take(chunk);
            var claimed = await rows.AsNoTracking().ToListAsync(cancellationToken);
            var ids = claimed.Select(d => d.Id).ToList();
            var until = FeedTime.ToFeedPrecision(now + DeletionLease);
            await db.MediaDeletions.Where(d => ids.Contains(d.Id))
                .ExecuteUpdateAsync(s => s.SetProperty(d => d.NotBefore, until), cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return claimed;
        }, cancellationToken);
}
