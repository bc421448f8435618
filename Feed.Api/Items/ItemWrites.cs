using Feed.Api.Data;
using Feed.Api.Media;
using Feed.Domain;
using Microsoft.EntityFrameworkCore;

namespace Feed.Api.Items;

/// <summary>How an edit ended (<see cref="ItemWrites.ReviseAsync"/>).</summary>
public enum EditOutcome
{
    Done,
    NotFound,
    NotAuthor,
    Stale,
    Invalid,
}

/// <summary>An edit's outcome; the item as its author now sees it when done; the field and why when invalid.</summary>
public sealed record Revision(EditOutcome Outcome, FeedEntry? Entry = null, string? Field = null, string? Error = null);

/// <summary>
/// Writing items: each write is one transaction with its change-log row (so the change log and the
/// stream see exactly the writes that committed), run again on a deadlock. The cores take no HTTP
/// request and answer none: they take plain values and return what happened (a <see cref="Revision"/>),
/// which each endpoint maps to HTTP; live fake traffic (SeedJobs' LiveTraffic) goes through them as the API does.
/// </summary>
public static class ItemWrites
{
    /// <summary>
    /// The item, its pictures (<paramref name="mediaIds"/>, <see cref="ItemMedia.SetAsync"/>), its "created" change
    /// (numbered in commit order: the stream's order), its place in its author's home and its fan-out job to the
    /// followers' homes commit together. Null when done; why not when an upload cannot be attached (nothing is written).
    /// </summary>
    public static Task<MediaRefusal?> AddAsync(
        FeedDbContext db, FeedItem item, CancellationToken cancellationToken, IReadOnlyList<long>? mediaIds = null) =>
        Resilience.RetryDeadlocksAsync(db, async () =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            db.FeedItems.Add(item);
            await db.SaveChangesAsync(cancellationToken);
            if (mediaIds is { Count: > 0 }
                && await ItemMedia.SetAsync(db, item.Id, item.AuthorId, mediaIds, cancellationToken) is { } refusal)
            {
                db.Entry(item).State = EntityState.Detached;
                return refusal;
            }

            await ChangeLogWrites.RecordAsync(db, item, FeedChange.Created, item.CreatedAt, cancellationToken);
            await HomeDelivery.RecordAsync(db, item, cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return (MediaRefusal?)null;
        }, cancellationToken);

    /// <summary>
    /// Deletes <paramref name="item"/> (as read before); likes and memberships go by ON DELETE
    /// CASCADE in the same statement, and the change log gets its row in the same transaction, only
    /// when this call deleted it (true then). Its media rows are deleted and their files queued
    /// (<see cref="MediaRemoval"/>) in the same transaction, after the item's row is locked, so an
    /// edit attaching an upload (which locks it first too) comes wholly before or finds no item.
    /// A deadlock with a concurrent like rolls it all back, so it is run again.
    /// </summary>
    public static Task<bool> DeleteAsync(FeedDbContext db, FeedItem item, DateTime at, CancellationToken cancellationToken) =>
        Resilience.RetryDeadlocksAsync(db, async () =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            var deleted = await DeleteInTransactionAsync(db, item, at, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return deleted;
        }, cancellationToken);

    /// <summary>
    /// <see cref="DeleteAsync"/>'s work inside the caller's transaction, which commits it (or retries all of it on a
    /// deadlock): a write that deletes an item together with rows of its own (resolving a report) does it through here.
    /// </summary>
    public static async Task<bool> DeleteInTransactionAsync(
        FeedDbContext db, FeedItem item, DateTime at, CancellationToken cancellationToken)
    {
        var row = db.FeedItems.Where(i => i.Id == item.Id);
        if (await row.ExecuteUpdateAsync(s => s.SetProperty(i => i.EditedAt, i => i.EditedAt), cancellationToken) > 0)
        {
            var media = await db.Media.AsNoTracking().Where(m => m.ItemId == item.Id).ToListAsync(cancellationToken);
            await MediaRemoval.RemoveAsync(db, media, at, cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
        }

        var deleted = await db.FeedItems.Where(i => i.Id == item.Id).ExecuteDeleteAsync(cancellationToken) > 0;
        if (deleted)
        {
            await ChangeLogWrites.RecordAsync(db, item, FeedChange.Deleted, at, cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
        }

        return deleted;
    }

    /// <summary>
    /// Edits item <paramref name="id"/> of kind <typeparamref name="TItem"/> for <paramref name="caller"/>
    /// (nothing when <paramref name="edit"/> is null: an empty merge patch), in one transaction that
    /// first locks the item's row, so <paramref name="allowed"/> (a precondition on the item as it
    /// is) cannot race another edit. The item keeps its place in the feed.
    /// </summary>
    public static Task<Revision> ReviseAsync<TItem>(
        FeedDbContext db,
        long id,
        long caller,
        Func<FeedEntry, bool> allowed,
        Action<TItem, DateTime>? edit,
        DateTime at,
        CancellationToken cancellationToken,
        IReadOnlyList<long>? mediaIds = null)
        where TItem : FeedItem
    {
        var item = db.FeedItems.OfType<TItem>().Where(i => i.Id == id);
        return Resilience.RetryDeadlocksAsync(db, async () =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            if (await item.ExecuteUpdateAsync(s => s.SetProperty(i => i.EditedAt, i => i.EditedAt), cancellationToken) == 0)
            {
                return new Revision(EditOutcome.NotFound);
            }

            var before = await item.ToRows(db, caller).SingleEntryAsync(cancellationToken);
            if (before.Item.AuthorId != caller)
            {
                return new Revision(EditOutcome.NotAuthor);
            }

            if (!allowed(before))
            {
                return new Revision(EditOutcome.Stale);
            }

            var entry = before;
            if (edit is not null)
            {
                var tracked = await item.SingleAsync(cancellationToken);
                try
                {
                    edit(tracked, at);
                }
                catch (ArgumentException e) when (e.ParamName is { } field)
                {
                    return new Revision(EditOutcome.Invalid, Field: field, Error: e.Message);
                }

                if (mediaIds is not null && await ItemMedia.SetAsync(db, id, caller, mediaIds, cancellationToken) is { } refusal)
                {
                    return new Revision(EditOutcome.Invalid, Field: refusal.Field, Error: refusal.Error);
                }

                // In this transaction: logged if and only if edited.
                await ChangeLogWrites.RecordAsync(db, tracked, FeedChange.Edited, at, cancellationToken);
                await db.SaveChangesAsync(cancellationToken);
                entry = mediaIds is null
                    ? before with { Item = tracked }
                    : await item.ToRows(db, caller).SingleEntryAsync(cancellationToken);
            }

            await transaction.CommitAsync(cancellationToken);
            return new Revision(EditOutcome.Done, entry);
        }, cancellationToken);
    }
}
