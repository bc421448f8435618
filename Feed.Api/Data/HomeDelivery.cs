using Feed.Domain;
using Microsoft.EntityFrameworkCore;

namespace Feed.Api.Data;

/// <summary>
/// Writing the homes (<see cref="HomeEntry"/>), in set-based statements the database runs without
/// rows passing through the server: an item reaches its author's home in its own transaction and its
/// followers' homes by fan-out jobs (<see cref="HomeFanOut"/>) worked off in chunks, each chunk one
/// short transaction; a follow copies the followee's latest items in, an unfollow takes them out.
/// Every insert ignores a row already there, so a chunk done twice is done once.
/// </summary>
/// <remarks>
/// Races are settled by the locks of <c>INSERT … SELECT</c> (a locking read on InnoDB): a chunk
/// reading the follows waits for a follow being committed and sees it; a follow's backfill reading
/// the items waits for an item being committed and sees it. So an item and a follow that cross reach
/// the home by one way or the other. On SQLite one writer at a time settles them.
/// </remarks>
public static class HomeDelivery
{
    private const string Columns = "(`OwnerId`, `ItemId`, `ArrivedAt`, `AuthorId`, `Kind`)";

    /// <summary>
    /// Inside the item's transaction, after it is saved: the item in its author's home at once, and a
    /// job to take it to the followers, unless they read it at read time (<see cref="IsPulled"/>).
    /// Added to the unit of work; the caller saves.
    /// </summary>
    public static async Task RecordAsync(FeedDbContext db, FeedItem item, CancellationToken cancellationToken)
    {
        db.HomeEntries.Add(new HomeEntry
        {
            OwnerId = item.AuthorId,
            ItemId = item.Id,
            ArrivedAt = item.CreatedAt,
            AuthorId = item.AuthorId,
            Kind = item.Kind,
        });
        var pulledSince = await PulledSinceAsync(db, item.AuthorId, cancellationToken);
        if (!IsPulled(pulledSince, item.CreatedAt))
        {
            db.HomeFanOuts.Add(new HomeFanOut { ItemId = item.Id, AuthorId = item.AuthorId, Kind = item.Kind, CreatedAt = item.CreatedAt });
        }
    }

    /// <summary>
    /// Whether an item created at <paramref name="createdAt"/> by an author pulled since
    /// <paramref name="pulledSince"/> is read into homes at read time rather than copied: the one rule
    /// the writes, the fan-out and the reads share.
    /// </summary>
    public static bool IsPulled(DateTime? pulledSince, DateTime createdAt) => pulledSince is { } since && createdAt >= since;

    /// <summary>
    /// In a follow's transaction (or after a seed made its follows), marks the authors who have reached
    /// <paramref name="threshold"/> followers as read at read time from <paramref name="now"/> on; once.
    /// </summary>
    public static Task<int> PullFamousAsync(
        FeedDbContext db, int threshold, DateTime now, long? author, CancellationToken cancellationToken)
    {
        var since = FeedTime.ToFeedPrecision(now);
        var famous = db.Users.Where(u => u.PulledSince == null && u.FollowerCount >= threshold);
        famous = author is { } one ? famous.Where(u => u.Id == one) : famous;
        return famous.ExecuteUpdateAsync(s => s.SetProperty(u => u.PulledSince, since), cancellationToken);
    }

    /// <summary>
    /// Claims the oldest job no one else holds and takes its item to the next <paramref name="chunk"/>
    /// followers, in one transaction; deletes the job after its last chunk. The number of followers
    /// reached, or null when there was no job to claim. On MySQL the claim is
    /// <c>FOR UPDATE SKIP LOCKED</c>: every worker of every instance takes a different job. The item's
    /// arrival is <paramref name="now"/> read after the claim, just before the insert: read before, a
    /// claim that waited (a busy cluster: 0.3 s seen) would place the item below a refresh cursor handed
    /// out meanwhile.
    /// </summary>
    public static Task<int?> DeliverNextAsync(FeedDbContext db, int chunk, Func<DateTime> now, CancellationToken cancellationToken) =>
        Resilience.RetryDeadlocksAsync(db, async () =>
        {
            if (!await db.HomeFanOuts.AnyAsync(cancellationToken))
            {
                return (int?)null; // idle: one read, no transaction (on SQLite a transaction takes the write lock)
            }

            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            var claim = db.Database.IsMySql()
                ? db.HomeFanOuts.FromSqlRaw("SELECT * FROM `HomeFanOuts` ORDER BY `Id` LIMIT 1 FOR UPDATE SKIP LOCKED")
                : db.HomeFanOuts.OrderBy(j => j.Id).Take(1);
            var job = (await claim.AsNoTracking().ToListAsync(cancellationToken)).SingleOrDefault();
            if (job is null)
            {
                return null; // every job is held by another worker: wait as an idle one does
            }

            if (await PulledMeanwhileAsync(db, job, cancellationToken))
            {
                await transaction.CommitAsync(cancellationToken);
                return 0;
            }

            var last = await ChunkEndAsync(db, job, chunk, cancellationToken);
            var upTo = last is null ? "" : " AND f.`FollowerId` <= {5}";
            var reached = await db.Database.ExecuteSqlRawAsync(
                $"{InsertIgnore(db)} `HomeEntries` {Columns} SELECT f.`FollowerId`, {{0}}, {{1}}, {{2}}, {{3}} " +
                $"FROM `Follows` AS f{ByFollowee(db)} WHERE f.`FolloweeId` = {{2}} AND f.`FollowerId` > {{4}}{upTo}" +
                NotMutedBy("f.`FollowerId`", "{2}"),
                [job.ItemId, FeedTime.ToFeedPrecision(now()), job.AuthorId, job.Kind, job.After, last ?? 0],
                cancellationToken);
            var thisJob = db.HomeFanOuts.Where(j => j.Id == job.Id);
            _ = last is { } next
                ? await thisJob.ExecuteUpdateAsync(s => s.SetProperty(j => j.After, next), cancellationToken)
                : await thisJob.ExecuteDeleteAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return reached;
        }, cancellationToken);

    /// <summary>
    /// When the job's author came to be read at read time after the item was written (the follow that
    /// crossed the threshold committed between the item's check and now), the job is dropped, with any
    /// copies it made before (none, unless the two crossed on different nodes of a cluster): the item
    /// is read at read time, and a home must not show it twice.
    /// </summary>
    private static async Task<bool> PulledMeanwhileAsync(FeedDbContext db, HomeFanOut job, CancellationToken cancellationToken)
    {
        var since = await PulledSinceAsync(db, job.AuthorId, cancellationToken);
        if (!IsPulled(since, job.CreatedAt))
        {
            return false;
        }

        await db.HomeEntries.Where(h => h.ItemId == job.ItemId && h.OwnerId != job.AuthorId).ExecuteDeleteAsync(cancellationToken);
        await db.HomeFanOuts.Where(j => j.Id == job.Id).ExecuteDeleteAsync(cancellationToken);
        return true;
    }

    /// <summary>
    /// The last follower of the job's next chunk, or null when the rest fits in one: a range of at most
    /// <paramref name="chunk"/> entries of the followee's index, after the job's last follower.
    /// </summary>
    private static Task<long?> ChunkEndAsync(FeedDbContext db, HomeFanOut job, int chunk, CancellationToken cancellationToken) =>
        db.Database.SqlQueryRaw<long?>(
            $"SELECT f.`FollowerId` AS `Value` FROM `Follows` AS f{ByFollowee(db)} WHERE f.`FolloweeId` = {{0}} " +
            "AND f.`FollowerId` > {1} ORDER BY f.`FollowerId` LIMIT 1 OFFSET {2}",
            job.AuthorId, job.After, chunk - 1).FirstOrDefaultAsync(cancellationToken);

    /// <summary>
    /// On MySQL, the index hint the chunk statements need: MariaDB 10.11 plans
    /// <c>FolloweeId = ? AND FollowerId &gt; ?</c> as a <c>ref</c> on the followee alone and reads every
    /// follower before the chunk (200,999 rows and 560 ms for the chunk after 200,000 of 400,000
    /// followers); forced, it is a range of 1,000 rows in 1.1 ms.
    /// </summary>
    private static string ByFollowee(FeedDbContext db) =>
        db.Database.IsMySql() ? " FORCE INDEX (`IX_Follows_FolloweeId_FollowerId`)" : "";

    /// <summary>
    /// A follow's backfill, in its transaction: the followee's latest <paramref name="count"/> items
    /// into the follower's home, each at its own time (so they take their place in the past, not on top);
    /// of a followee read at read time, the latest of those written before (the later ones are read).
    /// </summary>
    public static async Task<int> BackfillAsync(
        FeedDbContext db, long followerId, long followeeId, int count, CancellationToken cancellationToken)
    {
        var pulledSince = await PulledSinceAsync(db, followeeId, cancellationToken);
        var before = pulledSince is null ? "" : " AND i.`CreatedAt` < {3}";
        return await db.Database.ExecuteSqlRawAsync(
            $"{InsertIgnore(db)} `HomeEntries` {Columns} " +
            $"SELECT {{0}}, i.`Id`, i.`CreatedAt`, i.`AuthorId`, i.`{FeedDbContext.Discriminator}` FROM `FeedItems` AS i " +
            $"WHERE i.`AuthorId` = {{1}}{before}{NotMutedBy("{0}", "{1}")} ORDER BY i.`CreatedAt` DESC, i.`Id` DESC LIMIT {{2}}",
            [followerId, followeeId, count, pulledSince ?? DateTime.MaxValue],
            cancellationToken);
    }

    /// <summary>
    /// An unfollow, in its transaction: every item of the followee out of the follower's home (one
    /// index range). On MySQL the items whose fan-out is still under way are first put in (and so
    /// taken out with the rest): on a Galera cluster a chunk on another node that read the follow
    /// before this unfollow and committed first is in no conflict with it otherwise (its read of the
    /// follow is not certified; its reference to the follower's row does not conflict with this
    /// transaction's later update of that row), and would leave the item in the home; writing the
    /// same (item, owner) rows makes certification refuse this transaction, which is then run again.
    /// </summary>
    public static async Task<int> RemoveAsync(FeedDbContext db, long followerId, long followeeId, CancellationToken cancellationToken)
    {
        if (db.Database.IsMySql())
        {
            // A plain read (no lock on the jobs a worker holds); usually nothing: the followee's items not yet delivered.
            var pending = await db.HomeFanOuts.Where(j => j.AuthorId == followeeId)
                .Select(j => new { j.ItemId, j.Kind, j.CreatedAt }).ToListAsync(cancellationToken);
            foreach (var job in pending)
            {
                // IGNORE: a row already there, or an item deleted since (its foreign key), is no error.
                await db.Database.ExecuteSqlRawAsync(
                    $"INSERT IGNORE INTO `HomeEntries` {Columns} VALUES ({{0}}, {{1}}, {{2}}, {{3}}, {{4}})",
                    [followerId, job.ItemId, job.CreatedAt, followeeId, job.Kind],
                    cancellationToken);
            }
        }

        return await db.HomeEntries.Where(h => h.OwnerId == followerId && h.AuthorId == followeeId).ExecuteDeleteAsync(cancellationToken);
    }

    /// <summary>Since when the user's items are read at read time (<see cref="User.PulledSince"/>); null if not, or gone.</summary>
    private static Task<DateTime?> PulledSinceAsync(FeedDbContext db, long userId, CancellationToken cancellationToken) =>
        db.Users.Where(u => u.Id == userId).Select(u => u.PulledSince).SingleOrDefaultAsync(cancellationToken);

    /// <summary>
    /// A home gets no copies of an author its owner muted: one primary-key probe of <c>Mutes</c> per owner (a muted
    /// author's items leave the muter's home as an unfollowed one's do; see <c>SafetyWrites.MuteAsync</c>).
    /// </summary>
    private static string NotMutedBy(string owner, string author) =>
        $" AND NOT EXISTS (SELECT 1 FROM `Mutes` AS m WHERE m.`MuterId` = {owner} AND m.`MutedId` = {author})";

    private static string InsertIgnore(FeedDbContext db) => db.Database.IsMySql() ? "INSERT IGNORE INTO" : "INSERT OR IGNORE INTO";
}
