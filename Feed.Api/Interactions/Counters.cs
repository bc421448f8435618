using Feed.Api.Data;
using Feed.Domain;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Feed.Api.Plumbing.Problems;

namespace Feed.Api.Interactions;

/// <summary>
/// Likes and memberships: a row per (item, user) plus a counter on the item, changed together in
/// one transaction, with the counter moved by SQL (<c>SET n = n + 1</c>), never from memory.
/// </summary>
public static class Counters
{
    public static async Task<Results<Ok<LikeResponse>, NotFoundProblem>> LikeAsync(
        FeedDbContext db, long itemId, long userId, bool like, TimeProvider clock, CancellationToken cancellationToken)
    {
        var item = db.FeedItems.Where(i => i.Id == itemId);
        var count = await ToggleAsync(
            db,
            step => item.ExecuteUpdateAsync(s => s.SetProperty(i => i.LikeCount, i => i.LikeCount + step), cancellationToken),
            () => item.Select(i => i.LikeCount).SingleAsync(cancellationToken),
            db.Likes.Where(l => l.ItemId == itemId && l.UserId == userId),
            like ? () => new Like(itemId, userId, clock.GetUtcNow().UtcDateTime) : null,
            cancellationToken);
        return count is { } likes
            ? TypedResults.Ok(new LikeResponse(itemId, likes, like))
            : Problem.NotFound("item", itemId);
    }

    public static async Task<Results<Ok<MembershipResponse>, NotFoundProblem>> JoinAsync(
        FeedDbContext db, string kind, long itemId, long userId, bool join, TimeProvider clock, CancellationToken cancellationToken)
    {
        var item = db.FeedItems.OfKinds([kind]).OfType<JoinableItem>().Where(i => i.Id == itemId);
        var count = await ToggleAsync(
            db,
            step => item.ExecuteUpdateAsync(s => s.SetProperty(i => i.JoinedCount, i => i.JoinedCount + step), cancellationToken),
            () => item.Select(i => i.JoinedCount).SingleAsync(cancellationToken),
            db.Memberships.Where(m => m.ItemId == itemId && m.UserId == userId),
            join ? () => new Membership(itemId, userId, clock.GetUtcNow().UtcDateTime) : null,
            cancellationToken);
        return count is { } joined
            ? TypedResults.Ok(new MembershipResponse(itemId, joined, join))
            : Problem.NotFound(kind, itemId);
    }

    /// <summary>
    /// Adds the caller's row (when <paramref name="create"/> is given) or removes it, moves the
    /// item's counter with it, and answers the counter as it is then; null when the item does not
    /// exist (or was deleted meanwhile). The counter's UPDATE comes first: it locks the item's row,
    /// so every like (or join) of one item queues there, the existence check that follows cannot
    /// race, and the counter read back is this transaction's. When the row already was (or was not)
    /// there, the transaction is rolled back: the call is idempotent and the counter untouched. A
    /// deadlock with a concurrent delete rolls the whole transaction back, so it is run again
    /// (<see cref="Resilience.RetryDeadlocksAsync{T}"/>).
    /// </summary>
    private static Task<int?> ToggleAsync<TRow>(
        FeedDbContext db, Func<int, Task<int>> moveCounter, Func<Task<int>> readCounter, IQueryable<TRow> mine, Func<TRow>? create, CancellationToken cancellationToken)
        where TRow : class => Resilience.RetryDeadlocksAsync(db, async () =>
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var step = create is null ? -1 : 1;
        if (await moveCounter(step) == 0)
        {
            return (int?)null;
        }

        bool changed;
        if (create is not null)
        {
            changed = !await mine.AnyAsync(cancellationToken);
            if (changed)
            {
                db.Add(create());
                await db.SaveChangesAsync(cancellationToken);
            }
        }
        else
        {
            changed = await mine.ExecuteDeleteAsync(cancellationToken) > 0;
        }

        // Read while the item's row is still locked by this transaction: after it ends, a waiting
        // delete may take the row. Rolled back, the counter is as it was before this step.
        var count = await readCounter();
        if (changed)
        {
            await transaction.CommitAsync(cancellationToken);
            return count;
        }

        await transaction.RollbackAsync(cancellationToken);
        return count - step;
    }, cancellationToken);
}
