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
    public static async Task<(Filing Outcome, long ReportId)> FileAsync(
        FeedDbContext db, long itemId, long reporterId, string reason, string? details, DateTime now,
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
                    return (Filing.NoSuchItem, 0L);
                }

                if (await item.Select(i => i.AuthorId).SingleAsync(cancellationToken) == reporterId)
                {
                    return (Filing.OwnItem, 0L);
                }

                if (await ExistingAsync(db, itemId, reporterId, cancellationToken) is { } existing)
                {
                    return (Filing.AlreadyFiled, existing);
                }

                var report = new Report(itemId, reporterId, reason, details, now);
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
            return await ExistingAsync(db, itemId, reporterId, cancellationToken) is { } existing
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
        var itemId = await db.Reports.Where(r => r.Id == reportId).Select(r => (long?)r.ItemId).SingleOrDefaultAsync(cancellationToken);
        if (itemId is not { } id)
        {
            return Resolution.NoSuchReport;
        }

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

            if (remove)
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

    private static Task<long?> ExistingAsync(FeedDbContext db, long itemId, long reporterId, CancellationToken cancellationToken) =>
        db.Reports.Where(r => r.ReporterId == reporterId && r.ItemId == itemId).Select(r => (long?)r.Id)
            .SingleOrDefaultAsync(cancellationToken);

    /// <summary>A unique index refused the row (MySQL 1062; SQLite's UNIQUE or PRIMARY KEY constraint).</summary>
    private static bool IsDuplicate(Exception e) =>
        e.InnerException is MySqlException { ErrorCode: MySqlErrorCode.DuplicateKeyEntry }
            or SqliteException { SqliteExtendedErrorCode: 1555 or 2067 };
}
