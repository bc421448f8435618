using Feed.Api.Data;
using Feed.Api.Problems;
using Feed.Domain;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

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
        var found = await ToggleAsync(
            db,
            step => item.ExecuteUpdateAsync(s => s.SetProperty(i => i.LikeCount, i => i.LikeCount + step), cancellationToken),
            db.Likes.Where(l => l.ItemId == itemId && l.UserId == userId),
            like ? () => new Like(itemId, userId, clock.GetUtcNow().UtcDateTime) : null,
            cancellationToken);
        return found
            ? TypedResults.Ok(new LikeResponse(itemId, await item.Select(i => i.LikeCount).SingleAsync(cancellationToken), like))
            : Problem.NotFound("item", itemId);
    }

    public static async Task<Results<Ok<MembershipResponse>, NotFoundProblem>> JoinAsync(
        FeedDbContext db, string kind, long itemId, long userId, bool join, TimeProvider clock, CancellationToken cancellationToken)
    {
        var item = db.FeedItems.OfKinds([kind]).OfType<JoinableItem>().Where(i => i.Id == itemId);
        var found = await ToggleAsync(
            db,
            step => item.ExecuteUpdateAsync(s => s.SetProperty(i => i.JoinedCount, i => i.JoinedCount + step), cancellationToken),
            db.Memberships.Where(m => m.ItemId == itemId && m.UserId == userId),
            join ? () => new Membership(itemId, userId, clock.GetUtcNow().UtcDateTime) : null,
            cancellationToken);
        return found
            ? TypedResults.Ok(new MembershipResponse(itemId, await item.Select(i => i.JoinedCount).SingleAsync(cancellationToken), join))
            : Problem.NotFound(kind, itemId);
    }

    /// <summary>
    /// Adds the caller's row (when <paramref name="create"/> is given) or removes it, and moves the
    /// item's counter with it. The counter's UPDATE comes first: it locks the item's row, so every
    /// like (or join) of one item queues there, the existence check that follows cannot race, and no
    /// two transactions each hold a shared foreign-key lock that the other waits on (a deadlock on
    /// MySQL). When the row already was (or was not) there, the transaction is rolled back: the
    /// call is idempotent and the counter untouched. Returns false when the item does not exist.
    /// </summary>
    private static async Task<bool> ToggleAsync<TRow>(
        FeedDbContext db, Func<int, Task<int>> moveCounter, IQueryable<TRow> mine, Func<TRow>? create, CancellationToken cancellationToken)
        where TRow : class
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        if (await moveCounter(create is null ? -1 : 1) == 0)
        {
            return false;
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

        if (changed)
        {
            await transaction.CommitAsync(cancellationToken);
        }
        else
        {
            await transaction.RollbackAsync(cancellationToken);
        }

        return true;
    }
}
