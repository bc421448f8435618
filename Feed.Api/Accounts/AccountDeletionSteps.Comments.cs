using Feed.Api.Data;
using Feed.Domain;
using Microsoft.EntityFrameworkCore;

namespace Feed.Api.Accounts;

internal static partial class AccountDeletionSteps
{
    /// <summary>
    /// The account's comments on other people's items (those on its own items went with them), oldest first: their
    /// items' rows are locked first (MySQL, in id order, as a comment locks its item), then the comments are read again
    /// and deleted, a top-level one with its replies (the foreign key cascades). Each item's comment count drops by every
    /// row that went, each thread's reply count by its replies that went while it stays, and the counts change is logged.
    /// Reply notifications about the account's top-level comments go with them.
    /// </summary>
    public static async Task<int> CommentsAsync(FeedDbContext db, long userId, int chunk, DateTime at, CancellationToken cancellationToken)
    {
        var ids = await db.Comments.Where(c => c.AuthorId == userId).OrderBy(c => c.Id).Take(chunk).Select(c => c.Id)
            .ToListAsync(cancellationToken);
        if (ids.Count == 0)
        {
            return 0;
        }

        var itemIds = await db.Comments.Where(c => ids.Contains(c.Id)).Select(c => c.ItemId).Distinct().OrderBy(i => i)
            .ToListAsync(cancellationToken);
        if (db.Database.IsMySql())
        {
            // Numbers the database gave: nothing a caller sends goes into the text.
            var lockItems = $"SELECT `Id` FROM `FeedItems` WHERE `Id` IN ({string.Join(", ", itemIds)}) ORDER BY `Id` FOR UPDATE";
            await db.Database.ExecuteSqlRawAsync(lockItems, cancellationToken);
        }

        // Read again under the items' locks: no reply comes or goes under these comments meanwhile.
        var comments = await db.Comments.Where(c => ids.Contains(c.Id))
            .Select(c => new { c.Id, c.ItemId, c.ReplyToId }).ToListAsync(cancellationToken);
        var tops = comments.Where(c => c.ReplyToId is null).Select(c => c.Id).ToList();
        var replies = tops.Count == 0
            ? []
            : await db.Comments.Where(c => c.ReplyToId != null && tops.Contains(c.ReplyToId.Value))
                .Select(c => new { c.Id, c.ItemId, c.ReplyToId }).ToListAsync(cancellationToken);
        var gone = comments.Concat(replies).DistinctBy(c => c.Id).ToList();
        await db.Comments.Where(c => ids.Contains(c.Id)).ExecuteDeleteAsync(cancellationToken);

        foreach (var (itemId, count) in gone.GroupBy(c => c.ItemId).Select(g => (g.Key, g.Count())))
        {
            await db.FeedItems.Where(i => i.Id == itemId)
                .ExecuteUpdateAsync(s => s.SetProperty(i => i.CommentCount, i => i.CommentCount - count), cancellationToken);
        }

        var stays = comments.Where(c => c.ReplyToId is { } top && !tops.Contains(top));
        foreach (var (topId, count) in stays.GroupBy(c => c.ReplyToId!.Value).Select(g => (g.Key, g.Count())))
        {
            await db.Comments.Where(c => c.Id == topId)
                .ExecuteUpdateAsync(s => s.SetProperty(c => c.ReplyCount, c => c.ReplyCount - count), cancellationToken);
        }

        if (tops.Count > 0)
        {
            await db.Notifications.Where(n => n.Kind == Notification.Reply && tops.Contains(n.SubjectId))
                .ExecuteDeleteAsync(cancellationToken);
        }

        await LogCountsAsync(db, itemIds, at, cancellationToken);
        return ids.Count;
    }
}
