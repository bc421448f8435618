using Feed.Api.Data;
using Feed.Api.Items;
using Feed.Api.Paging;
using Feed.Domain;
using Microsoft.EntityFrameworkCore;

namespace Feed.Api.Live;

/// <summary>What changed after a position of the log, as one reader sees the edited items now.</summary>
/// <param name="Edited">Items edited since the position (each once, not deleted meanwhile), in the order of their last edit.</param>
/// <param name="Deleted">Ids of items deleted since the position.</param>
/// <param name="Next">Where the next read starts: the last change read, or the position given when none was.</param>
/// <param name="HasMore">More changes wait after <paramref name="Next"/>.</param>
public sealed record ChangesSince(IReadOnlyList<FeedEntry> Edited, IReadOnlyList<long> Deleted, FeedPosition Next, bool HasMore);

/// <summary>
/// Reads of the change log: creations, edits and deletions, appended in the transaction that makes
/// them with a commit-ordered number (<see cref="FeedChange.Seq"/>, by <see cref="ChangeLogWrites"/>),
/// swept after <see cref="ChangeLogOptions.Retention"/>. <see cref="ChangesApi"/> and the stream read them.
/// </summary>
public static class ChangeLogReads
{
    public const int PageSize = 100;

    /// <summary>The newest Seq handed out: where a reader without a position starts.</summary>
    public static Task<long> HeadAsync(FeedDbContext db, CancellationToken cancellationToken) =>
        db.FeedSequences.Where(s => s.Name == FeedSequence.Changes).Select(s => s.Value).SingleAsync(cancellationToken);

    /// <summary>
    /// Whether changes after <paramref name="seq"/> were swept: numbers have no gaps, so if the log
    /// has moved past <paramref name="seq"/> and its oldest row is not the next one, some are gone.
    /// </summary>
    public static async Task<bool> SweptSinceAsync(FeedDbContext db, long seq, CancellationToken cancellationToken)
    {
        var head = await HeadAsync(db, cancellationToken);
        if (head <= seq)
        {
            return false;
        }

        var oldest = await db.FeedChanges.Select(c => (long?)c.Seq).MinAsync(cancellationToken);
        return oldest is null || oldest > seq + 1;
    }

    /// <summary>
    /// The edits and deletions after <paramref name="from"/> in the listing's kinds, at most
    /// <see cref="PageSize"/> changes, the edited items as <paramref name="callerId"/> sees them now;
    /// null when some of those changes were swept (the reader must reload, not go on with a hole).
    /// One command for the log (a range of the Seq index), one for the edited items.
    /// </summary>
    public static async Task<ChangesSince?> ReadAsync(
        FeedDbContext db, FeedPosition from, FeedListing listing, long? callerId, CancellationToken cancellationToken)
    {
        if (await SweptSinceAsync(db, from.Id, cancellationToken))
        {
            return null;
        }

        var rows = await Since(db, from.Id, listing).Where(c => c.Change != FeedChange.Created).Take(PageSize + 1)
            .ToListAsync(cancellationToken);
        var hasMore = rows.Count > PageSize;
        rows = rows.Take(PageSize).ToList();
        var next = rows.Count > 0 ? new FeedPosition(rows[^1].At, rows[^1].Seq) : from;

        var deleted = rows.Where(c => c.Change == FeedChange.Deleted).Select(c => c.ItemId).Distinct().ToList();
        var editedIds = rows.Where(c => c.Change == FeedChange.Edited).Select(c => c.ItemId).Distinct().Except(deleted).ToList();
        var edited = editedIds.Count == 0
            ? []
            : await db.FeedItems.Where(i => EF.Constant(editedIds).Contains(i.Id)).ToEntries(db, callerId).ToListAsync(cancellationToken);
        return new ChangesSince([.. edited.OrderBy(e => editedIds.IndexOf(e.Item.Id))], deleted, next, hasMore);
    }

    /// <summary>The changes after <paramref name="seq"/> in commit order, of the listing's kinds.</summary>
    public static IQueryable<FeedChange> Since(FeedDbContext db, long seq, FeedListing listing)
    {
        var changes = db.FeedChanges.Where(c => c.Seq > seq);
        if (listing.Kinds.Count is > 0 and var some && some < FeedKinds.All.Count)
        {
            var kinds = listing.Kinds.ToArray();
            changes = changes.Where(c => EF.Constant(kinds).Contains(c.Kind));
        }

        return changes.OrderBy(c => c.Seq);
    }
}
