using Feed.Api.Data;
using Feed.Api.Items;
using Feed.Api.Paging;
using Feed.Domain;
using Microsoft.EntityFrameworkCore;

namespace Feed.Api.Live;

/// <summary>What changed after a position of the log, as one reader sees the edited items now.</summary>
/// <param name="Edited">Items edited since the position (each once, not deleted meanwhile), in the order of their last edit.</param>
/// <param name="Deleted">Ids of items deleted since the position.</param>
/// <param name="Counts">Like, joined and comment counts of items whose counts changed (not in the other two), as they are now.</param>
/// <param name="Next">Where the next read starts: past every row this read scanned, whatever its kinds.</param>
/// <param name="HasMore">More changes wait after <paramref name="Next"/>.</param>
public sealed record ChangesSince(
    IReadOnlyList<FeedEntry> Edited, IReadOnlyList<long> Deleted, IReadOnlyList<ItemCounts> Counts, FeedPosition Next, bool HasMore);

/// <summary>An item's like count, for games and teams its joined count, and its comment count.</summary>
public sealed record ItemCounts(long Id, int LikeCount, int? JoinedCount, int CommentCount);

/// <summary>
/// Reads of the change log: creations, edits, deletions and count changes, appended in the
/// transaction that makes them with a commit-ordered number (<see cref="FeedChange.Seq"/>, by
/// <see cref="ChangeLogWrites"/>), swept after <see cref="ChangeLogOptions.Retention"/>.
/// <see cref="ChangesApi"/> and the stream read them. Every read scans at most
/// <see cref="ChangeLogOptions.ScanLimit"/> rows and moves past them all; a position more than
/// <see cref="ChangeLogOptions.MaxReplay"/> rows behind, or whose changes were swept, is not read at all.
/// </summary>
public static class ChangeLogReads
{
    public const int PageSize = 100;

    /// <summary>The newest Seq handed out: where a reader without a position starts.</summary>
    public static Task<long> HeadAsync(FeedDbContext db, CancellationToken cancellationToken) =>
        db.FeedSequences.Where(s => s.Name == FeedSequence.Changes).Select(s => s.Value).SingleAsync(cancellationToken);

    /// <summary>
    /// Whether a reader at <paramref name="seq"/> must reload rather than read on: changes after it were
    /// swept (the swept mark is past it), or more than <see cref="ChangeLogOptions.MaxReplay"/> rows
    /// follow it (one index range of that many keys, counted in the database). Three small commands.
    /// </summary>
    public static async Task<bool> TooFarBehindAsync(
        FeedDbContext db, long seq, ChangeLogOptions options, CancellationToken cancellationToken)
    {
        var marks = await db.FeedSequences.Where(s => s.Name == FeedSequence.Changes || s.Name == FeedSequence.Swept)
            .ToDictionaryAsync(s => s.Name, s => s.Value, cancellationToken);
        if (marks[FeedSequence.Changes] <= seq)
        {
            return false;
        }

        return marks.GetValueOrDefault(FeedSequence.Swept) > seq
            || !await db.FeedChanges.AnyAsync(cancellationToken) // emptied (a reset): a moved row never leaves the log empty
            || await ScanEndAsync(db, seq, options.MaxReplay + 1, cancellationToken) is not null;
    }

    /// <summary>
    /// The Seq of the <paramref name="rows"/>-th row after <paramref name="seq"/>, or null when fewer
    /// follow: how far a read of at most that many rows may go. An index-only range of the Seq index.
    /// </summary>
    public static Task<long?> ScanEndAsync(FeedDbContext db, long seq, int rows, CancellationToken cancellationToken) =>
        db.FeedChanges.Where(c => c.Seq > seq).OrderBy(c => c.Seq).Select(c => (long?)c.Seq).Skip(rows - 1)
            .FirstOrDefaultAsync(cancellationToken);

    /// <summary>
    /// Where a read after <paramref name="seq"/> stops: after <see cref="ChangeLogOptions.ScanLimit"/>
    /// rows, or at the head (everything up to it has committed: the numbers follow commit order).
    /// </summary>
    public static async Task<(long End, bool Capped)> ScanWindowAsync(
        FeedDbContext db, long seq, ChangeLogOptions options, CancellationToken cancellationToken)
    {
        var head = await HeadAsync(db, cancellationToken);
        return await ScanEndAsync(db, seq, options.ScanLimit, cancellationToken) is { } end ? (end, true) : (Math.Max(head, seq), false);
    }

    /// <summary>
    /// The edits, deletions and count changes after <paramref name="from"/> in the listing's kinds,
    /// at most <see cref="PageSize"/> of them within one scan window, the edited items as
    /// <paramref name="callerId"/> sees them now; null when the position is too far behind (the reader
    /// must reload, not go on with a hole). A constant number of commands, each an index range.
    /// </summary>
    public static async Task<ChangesSince?> ReadAsync(
        FeedDbContext db, FeedPosition from, FeedListing listing, long? callerId, ChangeLogOptions options,
        CancellationToken cancellationToken)
    {
        if (await TooFarBehindAsync(db, from.Id, options, cancellationToken))
        {
            return null;
        }

        var (end, capped) = await ScanWindowAsync(db, from.Id, options, cancellationToken);
        var changes = Between(db, from.Id, end, listing).Where(c => c.Change != FeedChange.Created);
        if (callerId is { } me)
        {
            // Changes of the items of authors hidden from the caller are left out (a primary-key probe a change, within the window).
            changes = changes.Where(new Hiding(me, Mutes: true).Shown<FeedChange>(db, c => c.AuthorId));
        }

        var rows = await changes.Take(PageSize + 1).ToListAsync(cancellationToken);
        var full = rows.Count > PageSize;
        rows = rows.Take(PageSize).ToList();
        var next = full ? new FeedPosition(rows[^1].At, rows[^1].Seq) : new FeedPosition(rows.LastOrDefault()?.At ?? from.At, end);

        var deleted = rows.Where(c => c.Change == FeedChange.Deleted).Select(c => c.ItemId).Distinct().ToList();
        var editedIds = rows.Where(c => c.Change == FeedChange.Edited).Select(c => c.ItemId).Distinct().Except(deleted).ToList();
        var countedIds = rows.Where(c => c.Change == FeedChange.Counts).Select(c => c.ItemId).Except(deleted).Except(editedIds).ToList();
        var edited = editedIds.Count == 0
            ? []
            : await db.FeedItems.Where(i => EF.Constant(editedIds).Contains(i.Id)).ToRows(db, callerId).ToEntriesAsync(cancellationToken);
        var counts = countedIds.Count == 0
            ? []
            : await db.FeedItems.Where(i => EF.Constant(countedIds).Contains(i.Id))
                .Select(i => new ItemCounts(i.Id, i.LikeCount, i is JoinableItem ? ((JoinableItem)i).JoinedCount : null, i.CommentCount))
                .ToListAsync(cancellationToken);
        return new ChangesSince(
            [.. edited.OrderBy(e => editedIds.IndexOf(e.Item.Id))],
            deleted,
            [.. counts.OrderBy(c => countedIds.IndexOf(c.Id))],
            next,
            full || capped);
    }

    /// <summary>The changes after <paramref name="seq"/> up to <paramref name="end"/>, in commit order, of the listing's kinds.</summary>
    public static IQueryable<FeedChange> Between(FeedDbContext db, long seq, long end, FeedListing listing)
    {
        var changes = db.FeedChanges.Where(c => c.Seq > seq && c.Seq <= end);
        if (listing.Kinds.Count is > 0 and var some && some < FeedKinds.All.Count)
        {
            var kinds = listing.Kinds.ToArray();
            changes = changes.Where(c => EF.Constant(kinds).Contains(c.Kind));
        }

        return changes.OrderBy(c => c.Seq);
    }
}
