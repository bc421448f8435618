using Feed.Api.Data;
using Feed.Api.Data.Notifications;
using Feed.Domain;
using Microsoft.EntityFrameworkCore;

namespace Feed.Api.Comments;

/// <summary>How a comment write ended.</summary>
public enum CommentOutcome
{
    Done,
    NoSuchItem,
    NoSuchComment,

    /// <summary>The comment replied to is not under this item.</summary>
    NoSuchParent,

    /// <summary>A block stands between the caller and the item's author.</summary>
    BlockedByItemAuthor,

    /// <summary>A block stands between the caller and the author of the comment replied to.</summary>
    BlockedByCommentAuthor,

    /// <summary>The caller may not do this to the comment.</summary>
    NotAllowed,
}

/// <summary>
/// The writes of comments, each one transaction that first locks the item's row by moving its
/// <see cref="FeedItem.CommentCount"/> by SQL (as likes move theirs: <c>InteractionWrites</c>), so every comment write
/// of one item, the item's deletion and a report's removal queue there; then the checks, the rows, the parent's
/// <see cref="Comment.ReplyCount"/> (by SQL), the notifications (<see cref="NotificationWrites"/>) and the item's counts
/// row of the change log. A deadlock rolls it all back and it runs again. No HTTP here: the endpoints make answers of
/// the outcomes.
/// </summary>
public static class CommentWrites
{
    /// <summary>
    /// Adds <paramref name="authorId"/>'s comment to item <paramref name="itemId"/> (under <paramref name="replyToId"/>'s
    /// thread when given): the new comment's id when <see cref="CommentOutcome.Done"/>.
    /// </summary>
    public static Task<(CommentOutcome Outcome, long Id)> CreateAsync(
        FeedDbContext db, long itemId, long authorId, string text, long? replyToId, DateTime at, CancellationToken cancellationToken) =>
        Resilience.RetryDeadlocksAsync(db, async () =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            var item = db.FeedItems.Where(i => i.Id == itemId);
            if (await item.ExecuteUpdateAsync(s => s.SetProperty(i => i.CommentCount, i => i.CommentCount + 1), cancellationToken) == 0)
            {
                return (CommentOutcome.NoSuchItem, 0L);
            }

            var itemAuthor = await item.Select(i => i.AuthorId).SingleAsync(cancellationToken);
            if (await Hiding.BetweenAsync(db, authorId, itemAuthor, cancellationToken))
            {
                await transaction.RollbackAsync(cancellationToken);
                return (CommentOutcome.BlockedByItemAuthor, 0L);
            }

            Comment? parent = null, top = null;
            if (replyToId is { } parentId)
            {
                parent = await db.Comments.AsNoTracking()
                    .SingleOrDefaultAsync(c => c.Id == parentId && c.ItemId == itemId, cancellationToken);
                top = parent?.ReplyToId is { } topId
                    ? await db.Comments.AsNoTracking().SingleOrDefaultAsync(c => c.Id == topId, cancellationToken)
                    : parent;
                if (parent is null || top is null)
                {
                    await transaction.RollbackAsync(cancellationToken);
                    return (CommentOutcome.NoSuchParent, 0L);
                }

                if (await Hiding.BetweenAsync(db, authorId, parent.AuthorId, cancellationToken)
                    || (top.AuthorId != parent.AuthorId && await Hiding.BetweenAsync(db, authorId, top.AuthorId, cancellationToken)))
                {
                    await transaction.RollbackAsync(cancellationToken);
                    return (CommentOutcome.BlockedByCommentAuthor, 0L);
                }
            }

            var comment = new Comment(itemId, authorId, text, parent, at);
            db.Comments.Add(comment);
            await db.SaveChangesAsync(cancellationToken);
            db.Entry(comment).State = EntityState.Detached;
            if (top is not null)
            {
                await db.Comments.Where(c => c.Id == top.Id)
                    .ExecuteUpdateAsync(s => s.SetProperty(c => c.ReplyCount, c => c.ReplyCount + 1), cancellationToken);
            }

            // The counts' change number numbers the notifications too: taken in this transaction, it follows commit order.
            var seq = await ChangeLogWrites.RecordCountsAsync(db, itemId, at, cancellationToken);
            await NotificationWrites.AddAsync(
                db, new Notice(itemAuthor, Notification.Comment, itemId, itemId, authorId, comment.CreatedAt), seq, cancellationToken);
            if (top is not null && top.AuthorId != itemAuthor)
            {
                // One notification a person: the item's author, told of the comment, is not told of the reply too.
                await NotificationWrites.AddAsync(
                    db, new Notice(top.AuthorId, Notification.Reply, top.Id, itemId, authorId, comment.CreatedAt), seq, cancellationToken);
            }

            await transaction.CommitAsync(cancellationToken);
            return (CommentOutcome.Done, comment.Id);
        }, cancellationToken);

    /// <summary>Changes the text of comment <paramref name="id"/>: its author's alone.</summary>
    public static async Task<CommentOutcome> EditAsync(
        FeedDbContext db, long id, long callerId, string text, DateTime at, CancellationToken cancellationToken)
    {
        var comment = await db.Comments.SingleOrDefaultAsync(c => c.Id == id, cancellationToken);
        if (comment is null)
        {
            return CommentOutcome.NoSuchComment;
        }

        if (comment.AuthorId != callerId)
        {
            return CommentOutcome.NotAllowed;
        }

        comment.Edit(text, at);

        // Only the text and the time are written: an UPDATE of a row deleted meanwhile changes nothing.
        var changed = await db.Comments.Where(c => c.Id == id).ExecuteUpdateAsync(
            s => s.SetProperty(c => c.Text, comment.Text).SetProperty(c => c.EditedAt, comment.EditedAt), cancellationToken);
        db.Entry(comment).State = EntityState.Detached;
        return changed == 0 ? CommentOutcome.NoSuchComment : CommentOutcome.Done;
    }

    /// <summary>
    /// Deletes comment <paramref name="id"/> and, for a top-level one, its replies (the foreign key cascades): for its
    /// author, the item's author, or an admin (<paramref name="isAdmin"/>). The item's count drops by all of them, the
    /// thread's reply count by one for a reply; the notifications it made are taken back, and a top-level comment's
    /// reply notifications go with it.
    /// </summary>
    public static Task<CommentOutcome> DeleteAsync(
        FeedDbContext db, long id, long callerId, bool isAdmin, DateTime at, CancellationToken cancellationToken) =>
        Resilience.RetryDeadlocksAsync(db, async () =>
        {
            var itemId = await db.Comments.Where(c => c.Id == id).Select(c => (long?)c.ItemId).SingleOrDefaultAsync(cancellationToken);
            if (itemId is null)
            {
                return CommentOutcome.NoSuchComment;
            }

            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            var item = db.FeedItems.Where(i => i.Id == itemId);
            if (await item.ExecuteUpdateAsync(s => s.SetProperty(i => i.CommentCount, i => i.CommentCount), cancellationToken) == 0)
            {
                return CommentOutcome.NoSuchComment; // the item went, and its comments with it
            }

            // Read while the item's row is locked: no reply is added or removed under the comment meanwhile.
            var comment = await db.Comments.AsNoTracking().SingleOrDefaultAsync(c => c.Id == id, cancellationToken);
            if (comment is null)
            {
                return CommentOutcome.NoSuchComment;
            }

            var itemAuthor = await item.Select(i => i.AuthorId).SingleAsync(cancellationToken);
            if (comment.AuthorId != callerId && itemAuthor != callerId && !isAdmin)
            {
                return CommentOutcome.NotAllowed;
            }

            await DeleteInTransactionAsync(db, comment, itemAuthor, cancellationToken);
            await ChangeLogWrites.RecordCountsAsync(db, comment.ItemId, at, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return CommentOutcome.Done;
        }, cancellationToken);

    /// <summary>
    /// <see cref="DeleteAsync"/>'s work, inside the caller's transaction, which locked the item's row first: the rows,
    /// the counters, the notifications. The caller records the counts in the change log (once for many).
    /// </summary>
    public static async Task DeleteInTransactionAsync(
        FeedDbContext db, Comment comment, long itemAuthor, CancellationToken cancellationToken)
    {
        var (id, itemId) = (comment.Id, comment.ItemId);
        var replies = comment.ReplyToId is null ? await db.Comments.CountAsync(c => c.ReplyToId == id, cancellationToken) : 0;
        if (await db.Comments.Where(c => c.Id == id).ExecuteDeleteAsync(cancellationToken) == 0)
        {
            return;
        }

        await db.FeedItems.Where(i => i.Id == itemId)
            .ExecuteUpdateAsync(s => s.SetProperty(i => i.CommentCount, i => i.CommentCount - (1 + replies)), cancellationToken);
        await NotificationWrites.TakeBackAsync(
            db,
            new Notice(itemAuthor, Notification.Comment, itemId, itemId, comment.AuthorId, comment.CreatedAt),
            w => db.Comments.Where(c => c.ItemId == itemId && c.CreatedAt >= w.Start && c.CreatedAt < w.End)
                .OrderByDescending(c => c.CreatedAt).Select(c => c.AuthorId),
            cancellationToken);
        if (comment.ReplyToId is { } topId)
        {
            await db.Comments.Where(c => c.Id == topId)
                .ExecuteUpdateAsync(s => s.SetProperty(c => c.ReplyCount, c => c.ReplyCount - 1), cancellationToken);
            var topAuthor = await db.Comments.Where(c => c.Id == topId).Select(c => (long?)c.AuthorId)
                .SingleOrDefaultAsync(cancellationToken);
            if (topAuthor is { } recipient && recipient != itemAuthor)
            {
                await NotificationWrites.TakeBackAsync(
                    db,
                    new Notice(recipient, Notification.Reply, topId, itemId, comment.AuthorId, comment.CreatedAt),
                    w => db.Comments.Where(c => c.ReplyToId == topId && c.CreatedAt >= w.Start && c.CreatedAt < w.End)
                        .OrderByDescending(c => c.CreatedAt).Select(c => c.AuthorId),
                    cancellationToken);
            }
        }
        else
        {
            await db.Notifications.Where(n => n.Kind == Notification.Reply && n.SubjectId == id).ExecuteDeleteAsync(cancellationToken);
        }
    }
}
