using Feed.Api.Comments;
using Feed.Api.Data;
using Feed.Api.Items;
using Feed.Domain;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using MySqlConnector;

namespace Feed.Api.Reports;

/// <summary>How filing a report ended.</summary>
public enum Filing
{
    Filed,
    AlreadyFiled,
    NoSuchItem,
    OwnItem,
    NoSuchComment,
}

/// <summary>How resolving a report ended.</summary>
public enum Resolution
{
    Resolved,
    NoSuchReport,
    AlreadyResolved,
}

/// <summary>
/// Filing and resolving reports, each one transaction that first locks the item's row, as deleting the item does
/// (<see cref="ItemWrites.DeleteAsync"/>): a report commits wholly before the item's deletion or finds no item, and the
/// locks are always taken in one order (item, then reports), so these writes rarely deadlock; when they do, they run again.
/// </summary>
public static class ReportWrites
{
    /// <summary>
    /// Files <paramref name="reporterId"/>'s report of item <paramref name="itemId"/>, once: a second one (a retry, or two
    /// sent at once, which the unique index on (reporter, item) decides) answers the first. The report's id when filed or
    /// already filed.
    /// </summary>
    public static Task<(Filing Outcome, long ReportId)> FileAsync(
        FeedDbContext db, long itemId, long reporterId, string reason, string? details, DateTime now,
        CancellationToken cancellationToken) =>
        FileAsync(db, itemId, 0, reporterId, reason, details, now, cancellationToken);

    /// <summary>
    /// Files <paramref name="reporterId"/>'s report of comment <paramref name="commentId"/> as an item's is filed: once, under
    /// the comment's item (whose row it locks first); <see cref="Filing.OwnItem"/> for the reporter's own comment.
    /// </summary>
    public static async Task<(Filing Outcome, long ReportId)> FileCommentAsync(
        FeedDbContext db, long commentId, long reporterId, string reason, string? details, DateTime now,
        CancellationToken cancellationToken)
    {
        var itemId = await db.Comments.Where(c => c.Id == commentId).Select(c => (long?)c.ItemId).SingleOrDefaultAsync(cancellationToken);
        return itemId is { } id
            ? await FileAsync(db, id, commentId, reporterId, reason, details, now, cancellationToken)
            : (Filing.NoSuchComment, 0L);
    }

    private static async Task<(Filing Outcome, long ReportId)> FileAsync(
        FeedDbContext db, long itemId, long commentId, long reporterId, string reason, string? details, DateTime now,
        CancellationToken cancellationToken)
    {
        try
        {
            return await Resilience.RetryDeadlocksAsync(db, async () =>
            {
                await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
                var item = db.FeedItems.Where(i => i.Id == itemId);
                if (await item.ExecuteUpdateAsync(s => s.SetProperty(i => i.EditedAt, i => i.EditedAt), cancellationToken) == 0)
                {
                    return (commentId == 0 ? Filing.NoSuchItem : Filing.NoSuchComment, 0L);
                }

                var author = commentId == 0
                    ? await item.Select(i => (long?)i.AuthorId).SingleAsync(cancellationToken)
                    : await db.Comments.Where(c => c.Id == commentId).Select(c => (long?)c.AuthorId)
                        .SingleOrDefaultAsync(cancellationToken);
                if (author is null)
                {
                    return (Filing.NoSuchComment, 0L);
                }

                if (author == reporterId)
                {
                    return (Filing.OwnItem, 0L);
                }

                if (await ExistingAsync(db, itemId, commentId, reporterId, cancellationToken) is { } existing)
                {
                    return (Filing.AlreadyFiled, existing);
                }

                var report = new Report(itemId, reporterId, reason, details, now, commentId);
                db.Reports.Add(report);
                await db.SaveChangesAsync(cancellationToken);
                await transaction.CommitAsync(cancellationToken);
                return (Filing.Filed, report.Id);
            }, cancellationToken);
        }
        catch (DbUpdateException e) when (IsDuplicate(e))
        {
            // Another request of the same reporter filed it first: theirs is the report.
            db.ChangeTracker.Clear();
            return await ExistingAsync(db, itemId, commentId, reporterId, cancellationToken) is { } existing
                ? (Filing.AlreadyFiled, existing)
                : throw new InvalidOperationException("A duplicate report was refused, yet none is stored.", e);
        }
    }

    /// <summary>
    /// Resolves report <paramref name="reportId"/> for admin <paramref name="adminId"/>: <paramref name="remove"/> deletes its
    /// item through the item deletion (change log, stream, homes and media learn of it as when its author deletes it) and
    /// marks every open report of the item <c>removed</c>; else this report alone is <c>dismissed</c>. Only an open report
    /// is resolved: of two admins at once, the first one's conditional update wins and the other finds it resolved.
    /// </summary>
    public static async Task<Resolution> ResolveAsync(
        FeedDbContext db, long reportId, long adminId, bool remove, DateTime now, CancellationToken cancellationToken)
    {
        var reported = await db.Reports.Where(r => r.Id == reportId).Select(r => new { r.ItemId, r.CommentId })
            .SingleOrDefaultAsync(cancellationToken);
        if (reported is null)
        {
            return Resolution.NoSuchReport;
        }

        var (id, commentId) = (reported.ItemId, reported.CommentId);
        var at = FeedTime.ToFeedPrecision(now);
        var state = remove ? Report.Removed : Report.Dismissed;
        return await Resilience.RetryDeadlocksAsync(db, async () =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            var item = db.FeedItems.Where(i => i.Id == id);
            var itemExists = await item.ExecuteUpdateAsync(s => s.SetProperty(i => i.EditedAt, i => i.EditedAt), cancellationToken) > 0;
            var resolved = await db.Reports.Where(r => r.Id == reportId && r.State == Report.Open).ExecuteUpdateAsync(s => s
                .SetProperty(r => r.State, state)
                .SetProperty(r => r.ResolvedBy, adminId)
                .SetProperty(r => r.ResolvedAt, at), cancellationToken) > 0;
            if (!resolved)
            {
                return await db.Reports.AnyAsync(r => r.Id == reportId, cancellationToken)
                    ? Resolution.AlreadyResolved
                    : Resolution.NoSuchReport;
            }

            if (remove && commentId != 0)
            {
                await RemoveCommentAsync(db, id, commentId, at, cancellationToken);
                await db.Reports.Where(r => r.ItemId == id && r.CommentId == commentId && r.State == Report.Open).ExecuteUpdateAsync(s => s
                    .SetProperty(r => r.State, Report.Removed)
                    .SetProperty(r => r.ResolvedBy, adminId)
                    .SetProperty(r => r.ResolvedAt, at), cancellationToken);
            }
            else if (remove)
            {
                if (itemExists)
                {
                    var removed = await item.AsNoTracking().SingleAsync(cancellationToken);
                    await ItemWrites.DeleteInTransactionAsync(db, removed, at, cancellationToken);
                }

                await db.Reports.Where(r => r.ItemId == id && r.State == Report.Open).ExecuteUpdateAsync(s => s
                    .SetProperty(r => r.State, Report.Removed)
                    .SetProperty(r => r.ResolvedBy, adminId)
                    .SetProperty(r => r.ResolvedAt, at), cancellationToken);
            }

            await transaction.CommitAsync(cancellationToken);
            return Resolution.Resolved;
        }, cancellationToken);
    }

    /// <summary>Deletes a reported comment (and its replies) as its author's delete does, the item's row locked already.</summary>
    private static async Task RemoveCommentAsync(
        FeedDbContext db, long itemId, long commentId, DateTime at, CancellationToken cancellationToken)
    {
        var comment = await db.Comments.AsNoTracking().SingleOrDefaultAsync(c => c.Id == commentId, cancellationToken);
        if (comment is null)
        {
            return;
        }

        var itemAuthor = await db.FeedItems.Where(i => i.Id == itemId).Select(i => i.AuthorId).SingleAsync(cancellationToken);
        await CommentWrites.DeleteInTransactionAsync(db, comment, itemAuthor, cancellationToken);
        await ChangeLogWrites.RecordCountsAsync(db, itemId, at, cancellationToken);
    }

    private static Task<long?> ExistingAsync(
        FeedDbContext db, long itemId, long commentId, long reporterId, CancellationToken cancellationToken) =>
        db.Reports.Where(r => r.ReporterId == reporterId && r.ItemId == itemId && r.CommentId == commentId).Select(r => (long?)r.Id)
            .SingleOrDefaultAsync(cancellationToken);

    /// <summary>A unique index refused the row (MySQL 1062; SQLite's UNIQUE or PRIMARY KEY constraint).</summary>
    private static bool IsDuplicate(Exception e) =>
        e.InnerException is MySqlException { ErrorCode: MySqlErrorCode.DuplicateKeyEntry }
            or SqliteException { SqliteExtendedErrorCode: 1555 or 2067 };
}
