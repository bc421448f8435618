using Feed.Domain;
using Microsoft.EntityFrameworkCore;

namespace Feed.Api.Data;

/// <summary>The <c>Changes</c> configuration section: how long the change log keeps its rows.</summary>
public sealed class ChangeLogOptions
{
    public const string Section = "Changes";

    /// <summary>How long edits and deletions are kept; a token older than this is a 410 (reload the feed).</summary>
    public TimeSpan Retention { get; set; } = TimeSpan.FromDays(7);
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
        var counter = db.FeedSequences.Where(s => s.Name == FeedSequence.Changes);
        await counter.ExecuteUpdateAsync(s => s.SetProperty(c => c.Value, c => c.Value + 1), cancellationToken);
        var seq = await counter.Select(c => c.Value).SingleAsync(cancellationToken);
        db.FeedChanges.Add(new FeedChange(seq, item.Id, item.Kind, item.AuthorId, change, at));
    }

    /// <summary>
    /// Deletes a batch of rows past the retention: each change sweeps up after a few old ones, so no
    /// job is needed. After the change committed, so not cancelled with the request: a client that
    /// leaves must not turn a done write into an error.
    /// </summary>
    public static Task SweepAsync(FeedDbContext db, ChangeLogOptions options, DateTime now)
    {
        var cutoff = now - options.Retention;
        return db.FeedChanges.Where(c => c.At < cutoff).OrderBy(c => c.At).Take(SweepBatch).ExecuteDeleteAsync(CancellationToken.None);
    }
}
