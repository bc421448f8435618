using Feed.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using MySqlConnector;

namespace Feed.Api.Data;

/// <summary>The <c>Changes</c> configuration section: how long the change log keeps its rows.</summary>
public sealed class ChangeLogOptions
{
    public const string Section = "Changes";

    /// <summary>How long edits and deletions are kept; a token older than this is a 410 (reload the feed).</summary>
    public TimeSpan Retention { get; set; } = TimeSpan.FromDays(7);

    /// <summary>
    /// Rows of the log one read scans at most, whatever its filter: a poll costs at most this many
    /// index keys, and its <c>next</c> moves past all of them even when none was in its kinds.
    /// </summary>
    public int ScanLimit { get; set; } = 1_000;

    /// <summary>
    /// How many changes a token (or a stream's <c>Last-Event-ID</c>) may lie behind the head: past it
    /// the answer is a 410 (reload the feed), so replay is never a week of changes in one go.
    /// </summary>
    public int MaxReplay { get; set; } = 10_000;
}

/// <summary>
/// The write side of the change log: every write that creates, edits or deletes an item records
/// its change here, in its own transaction; reading the log is the live feature's (Live/).
/// </summary>
public static class ChangeLogWrites
{
    private const int SweepBatch = 100;

    /// <summary>
    /// Takes the next number from the counter row (locking it until the caller's transaction ends)
    /// and adds the change's row to <paramref name="db"/>'s unit of work: the caller, inside its
    /// transaction, saves it with the change itself.
    /// </summary>
    public static async Task RecordAsync(FeedDbContext db, FeedItem item, string change, DateTime at, CancellationToken cancellationToken)
    {
        var seq = await NextAsync(db, cancellationToken);
        db.FeedChanges.Add(new FeedChange(seq, item.Id, item.Kind, item.AuthorId, change, at));
    }

    /// <summary>
    /// Records that an item's like or joined count changed, coalesced: the item has one
    /// <see cref="FeedChange.Counts"/> row, moved to the next number (inserted the first time), so
    /// however many likes come, a reader finds the item once after its position, and reads the counts
    /// as they are then. Called inside the like's transaction while it holds the item's row, so two
    /// changes of one item's counts never race here. Saved at once (the caller's unit of work may be
    /// rolled back, never half saved). Answers the number it took (a notification of the same change is numbered with it).
    /// </summary>
    public static async Task<long> RecordCountsAsync(FeedDbContext db, long itemId, DateTime at, CancellationToken cancellationToken)
    {
        var seq = await NextAsync(db, cancellationToken);
        var stamp = FeedTime.ToFeedPrecision(at);
        var moved = await db.FeedChanges.Where(c => c.ItemId == itemId && c.Change == FeedChange.Counts)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.Seq, seq).SetProperty(c => c.At, stamp), cancellationToken);
        if (moved == 0)
        {
            var item = await db.FeedItems.Where(i => i.Id == itemId)
                .Select(i => new { Kind = EF.Property<string>(i, FeedDbContext.Discriminator), i.AuthorId })
                .SingleAsync(cancellationToken);
            db.FeedChanges.Add(new FeedChange(seq, itemId, item.Kind, item.AuthorId, FeedChange.Counts, stamp));
            await db.SaveChangesAsync(cancellationToken);
        }

        return seq;
    }

    /// <summary>
    /// Records one change of each item in a single step, for set-based writes (an account's deletion): the
    /// numbers are taken from the counter at once (locking it until the caller's transaction ends), in the
    /// items' order. For <see cref="FeedChange.Counts"/> each item's counts row is replaced, so it stays one
    /// row an item, at the new number. Written at once, in one statement, inside the caller's transaction.
    /// </summary>
    public static async Task RecordManyAsync(
        FeedDbContext db, IReadOnlyList<ChangedItem> items, string change, DateTime at, CancellationToken cancellationToken)
    {
        if (items.Count == 0)
        {
            return;
        }

        var counter = db.FeedSequences.Where(s => s.Name == FeedSequence.Changes);
        await counter.ExecuteUpdateAsync(s => s.SetProperty(c => c.Value, c => c.Value + items.Count), cancellationToken);
        var last = await counter.Select(c => c.Value).SingleAsync(cancellationToken);
        if (change == FeedChange.Counts)
        {
            var ids = items.Select(i => i.Id).ToList();
            await db.FeedChanges.Where(c => ids.Contains(c.ItemId) && c.Change == FeedChange.Counts).ExecuteDeleteAsync(cancellationToken);
        }

        // One multi-row INSERT, not EF's batch of one INSERT per row: on a Galera cluster a transaction aborted by
        // another node's commit reports it at the batch's first statement, and the batch's later statements then ran
        // outside it and committed (seen: a lone "deleted" row numbered past the counter, and every later change a
        // duplicate key). The numbers, ids and kinds are the database's own; the time is a parameter.
        var first = last - items.Count + 1;
        if (items.Any(i => !i.Kind.All(char.IsAsciiLetterLower)) || !change.All(char.IsAsciiLetterLower))
        {
            throw new ArgumentException("Kinds and changes are lower-case words.", nameof(items));
        }

        var rows = items.Select((item, n) => $"({first + n}, {item.Id}, '{item.Kind}', {item.AuthorId}, '{change}', {{0}})");
        var insert = "INSERT INTO `FeedChanges` (`Seq`, `ItemId`, `Kind`, `AuthorId`, `Change`, `At`) VALUES " + string.Join(", ", rows);
        await db.Database.ExecuteSqlRawAsync(insert, [FeedTime.ToFeedPrecision(at)], cancellationToken);
    }

    /// <summary>
    /// The next change number, locking the counter row until the caller's transaction ends: the order of commits. A write
    /// that records no change but needs a place in that order (a follow's notification) takes one too; the log has holes.
    /// </summary>
    public static async Task<long> NextAsync(FeedDbContext db, CancellationToken cancellationToken)
    {
        if (db.Database.IsMySql() && db.Database.CurrentTransaction is { } transaction)
        {
            // One round trip: the new value comes back in the UPDATE's OK packet (LAST_INSERT_ID(expr) sets it for this
            // connection), not from a SELECT after it. Measured on a like (bench/likes_ab.sh): one statement of ten.
            await using var command = db.Database.GetDbConnection().CreateCommand();
            command.Transaction = transaction.GetDbTransaction();
            command.CommandText = "UPDATE `FeedSequences` SET `Value` = LAST_INSERT_ID(`Value` + 1) WHERE `Name` = 'changes'";
            await command.ExecuteNonQueryAsync(cancellationToken);
            return ((MySqlCommand)command).LastInsertedId;
        }

        var counter = db.FeedSequences.Where(s => s.Name == FeedSequence.Changes);
        await counter.ExecuteUpdateAsync(s => s.SetProperty(c => c.Value, c => c.Value + 1), cancellationToken);
        return await counter.Select(c => c.Value).SingleAsync(cancellationToken);
    }

    /// <summary>
    /// Deletes a batch of rows past the retention: each change sweeps up after a few old ones, so no
    /// job is needed. The swept mark (<see cref="FeedSequence.Swept"/>) is raised first, to the highest
    /// number the batch deletes, so a reader never misses a deletion without being told (410). After
    /// the change committed, so not cancelled with the request: a client that leaves must not turn a
    /// done write into an error.
    /// </summary>
    public static async Task SweepAsync(FeedDbContext db, ChangeLogOptions options, DateTime now)
    {
        var cutoff = now - options.Retention;
        var upTo = await db.FeedChanges.Where(c => c.At < cutoff).OrderBy(c => c.At).Take(SweepBatch)
            .MaxAsync(c => (long?)c.Seq, CancellationToken.None);
        if (upTo is not { } mark)
        {
            return;
        }

        await db.FeedSequences.Where(s => s.Name == FeedSequence.Swept && s.Value < mark)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.Value, mark), CancellationToken.None);
        await db.FeedChanges.Where(c => c.At < cutoff && c.Seq <= mark).OrderBy(c => c.Seq).Take(SweepBatch)
            .ExecuteDeleteAsync(CancellationToken.None);
    }
}

/// <summary>An item as the change log records it: its id, kind and author.</summary>
public sealed record ChangedItem(long Id, string Kind, long AuthorId);
