using Feed.Api.Data;
using Feed.Api.Data.Notifications;
using Feed.Domain;
using Microsoft.EntityFrameworkCore;

namespace Feed.Api.Interactions;

/// <summary>An item's counter after a like or a join; <see cref="Refused"/>: its author and the caller block one another.</summary>
public readonly record struct Toggled(int Count, bool Refused = false);

/// <summary>
/// The writes of likes and memberships, beside <c>ItemWrites</c>: a row per (item, user) plus a
/// counter on the item, changed together in one transaction, with the counter moved by SQL
/// (<c>SET n = n + 1</c>), never from memory. They answer the counter as it is then, or null when
/// no such item exists; the endpoints (<see cref="LikesApi"/>, <see cref="MembershipsApi"/>) make
/// HTTP answers of that, live traffic counts it.
/// </summary>
public static class InteractionWrites
{
    /// <summary>
    /// Likes (or unlikes) an item for <paramref name="userId"/>: the item's like count then, or null
    /// when no item has this id; refused when a block stands between the caller and the author.
    /// </summary>
    public static Task<Toggled?> LikeAsync(
        FeedDbContext db, long itemId, long userId, bool like, TimeProvider clock, CancellationToken cancellationToken)
    {
        var item = db.FeedItems.Where(i => i.Id == itemId);
        var mine = db.Likes.Where(l => l.ItemId == itemId && l.UserId == userId);
        var now = clock.GetUtcNow().UtcDateTime;
        return ToggleAsync(
            db,
            item,
            itemId,
            userId,
            now,
            step => item.ExecuteUpdateAsync(s => s.SetProperty(i => i.LikeCount, i => i.LikeCount + step), cancellationToken),
            () => item.Select(i => new Counter(i.LikeCount, i.AuthorId, mine.Select(l => (DateTime?)l.CreatedAt).FirstOrDefault()))
                .SingleAsync(cancellationToken),
            mine,
            like ? () => new Like(itemId, userId, now) : null,
            new Told(
                Notification.Like,
                w => db.Likes.Where(l => l.ItemId == itemId && l.CreatedAt >= w.Start && l.CreatedAt < w.End)
                    .OrderByDescending(l => l.CreatedAt).Select(l => l.UserId)),
            cancellationToken);
    }

    /// <summary>
    /// Joins (or leaves) an item of <paramref name="kind"/> for <paramref name="userId"/>: its joined
    /// count then, or null when no item of this kind has this id; refused as a like is.
    /// </summary>
    public static Task<Toggled?> JoinAsync(
        FeedDbContext db, string kind, long itemId, long userId, bool join, TimeProvider clock, CancellationToken cancellationToken)
    {
        var item = db.FeedItems.OfKinds([kind]).OfType<JoinableItem>().Where(i => i.Id == itemId);
        var mine = db.Memberships.Where(m => m.ItemId == itemId && m.UserId == userId);
        var now = clock.GetUtcNow().UtcDateTime;
        return ToggleAsync(
            db,
            item,
            itemId,
            userId,
            now,
            step => item.ExecuteUpdateAsync(s => s.SetProperty(i => i.JoinedCount, i => i.JoinedCount + step), cancellationToken),
            () => item.Select(i => new Counter(i.JoinedCount, i.AuthorId, mine.Select(m => (DateTime?)m.JoinedAt).FirstOrDefault()))
                .SingleAsync(cancellationToken),
            mine,
            join ? () => new Membership(itemId, userId, now) : null,
            new Told(
                Notification.Join,
                w => db.Memberships.Where(m => m.ItemId == itemId && m.JoinedAt >= w.Start && m.JoinedAt < w.End)
                    .OrderByDescending(m => m.JoinedAt).Select(m => m.UserId)),
            cancellationToken);
    }

    /// <summary>
    /// Adds the caller's row (when <paramref name="create"/> is given) or removes it, moves the
    /// item's counter with it, and answers the counter as it is then; null when the item does not
    /// exist (or was deleted meanwhile). The counter's UPDATE comes first: it locks the item's row,
    /// so every like (or join) of one item queues there, the existence check that follows cannot
    /// race, and the counter read back is this transaction's. When the row already was (or was not)
    /// there, the transaction is rolled back: the call is idempotent and the counter untouched. A
    /// deadlock with a concurrent delete rolls the whole transaction back, so it is run again
    /// (<see cref="Resilience.RetryDeadlocksAsync{T}"/>). A change moves the item's counts row of the
    /// change log (<see cref="ChangeLogWrites.RecordCountsAsync"/>) in the same transaction, last, so
    /// the log's counter is locked for as short a time as it can be. A like or join (not taking one back)
    /// is refused when the caller and the item's author block one another: read after the item's row is
    /// locked, so a block committed before is seen; a block committed after finds the like made before it.
    /// </summary>
    private static Task<Toggled?> ToggleAsync<TItem, TRow>(
        FeedDbContext db,
        IQueryable<TItem> item,
        long itemId,
        long userId,
        DateTime at,
        Func<int, Task<int>> moveCounter,
        Func<Task<Counter>> readCounter,
        IQueryable<TRow> mine,
        Func<TRow>? create,
        Told told,
        CancellationToken cancellationToken)
        where TItem : FeedItem
        where TRow : class => Resilience.RetryDeadlocksAsync(db, async () =>
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var step = create is null ? -1 : 1;
        if (await moveCounter(step) == 0)
        {
            return (Toggled?)null;
        }

        if (create is not null && await item.AnyAsync(
            i => db.Blocks.Any(b => (b.BlockerId == userId && b.BlockedId == i.AuthorId)
                || (b.BlockerId == i.AuthorId && b.BlockedId == userId)),
            cancellationToken))
        {
            await transaction.RollbackAsync(cancellationToken);
            return new Toggled(0, Refused: true);
        }

        // Read while the item's row is still locked by this transaction: after it ends, a waiting
        // delete may take the row. Rolled back, the counter is as it was before this step.
        var (count, author, made) = await readCounter();
        bool changed;
        if (create is not null)
        {
            changed = made is null;
            if (changed)
            {
                db.Add(create());
                await db.SaveChangesAsync(cancellationToken);
            }
        }
        else
        {
            changed = made is not null && await mine.ExecuteDeleteAsync(cancellationToken) > 0;
            if (changed)
            {
                var notice = new Notice(author, told.Kind, itemId, itemId, userId, made!.Value);
                await NotificationWrites.TakeBackAsync(db, notice, told.Others, cancellationToken);
            }
        }

        if (changed)
        {
            var seq = await ChangeLogWrites.RecordCountsAsync(db, itemId, at, cancellationToken);
            if (create is not null)
            {
                await NotificationWrites.AddAsync(db, new Notice(author, told.Kind, itemId, itemId, userId, at), seq, cancellationToken);
            }

            await transaction.CommitAsync(cancellationToken);
            return new Toggled(count);
        }

        await transaction.RollbackAsync(cancellationToken);
        return new Toggled(count - step);
    }, cancellationToken);

    /// <summary>An item's counter, its author and when the caller's row was made (null: it is not there): one statement.</summary>
    private sealed record Counter(int Count, long AuthorId, DateTime? Mine);

    /// <summary>
    /// What a toggle tells the item's author (<see cref="NotificationWrites"/>): the notification's kind, and who else did
    /// the same in a window, newest first (to name them when the one taken back was named).
    /// </summary>
    private sealed record Told(string Kind, Func<NoticeWindow, IQueryable<long>> Others);
}
