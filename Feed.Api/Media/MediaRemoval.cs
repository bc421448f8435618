using Feed.Api.Data;
using Feed.Domain;
using Microsoft.EntityFrameworkCore;

namespace Feed.Api.Media;

/// <summary>
/// Deleting media and their files. A media row is deleted in a transaction that also queues every key
/// it may have written (<see cref="MediaDeletion"/>): the row and the promise to delete its files commit
/// together, and the store is touched only after the commit, by <see cref="MediaHousekeeping.DeleteQueuedFilesAsync"/>.
/// The expiry sweep uses it; so do a post's deletion and an account's.
/// </summary>
public static class MediaRemoval
{
    /// <summary>
    /// Inside the caller's transaction: deletes these media rows (as read, under a lock or by the only writer) and queues
    /// their files. Returns how many rows it deleted; the caller saves (the queue rows are added to the unit of work).
    /// </summary>
    public static async Task<int> RemoveAsync(
        FeedDbContext db, IReadOnlyCollection<MediaObject> media, DateTime now, CancellationToken cancellationToken)
    {
        if (media.Count == 0)
        {
            return 0;
        }

        var ids = media.Select(m => m.Id).ToList();
        var deleted = await db.Media.Where(m => ids.Contains(m.Id)).ExecuteDeleteAsync(cancellationToken);
        Enqueue(db, media.SelectMany(MediaKeys.All), now);
        return deleted;
    }

    /// <summary>Queues keys for deletion (added to the unit of work; the caller saves in its transaction).</summary>
    public static void Enqueue(FeedDbContext db, IEnumerable<string> keys, DateTime now)
    {
        var at = FeedTime.ToFeedPrecision(now);
        db.MediaDeletions.AddRange(keys.Select(key => new MediaDeletion { Key = key, EnqueuedAt = at, NotBefore = at }));
    }
}
