using Feed.Api.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using JsonOptions = Microsoft.AspNetCore.Http.Json.JsonOptions;
using Feed.Domain;
using Microsoft.AspNetCore.Http.HttpResults;
using Feed.Api.Plumbing.ConditionalGets;
using Feed.Api.Plumbing.Identity;
using Feed.Api.Plumbing.Problems;

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

/// <summary>An edit's outcome; the item as its author now sees it when done; the field when invalid.</summary>
public sealed record Revision(EditOutcome Outcome, FeedEntry? Entry = null, string? Field = null);

/// <summary>
/// Writing items: each write is one transaction with its change-log row (so the change log and the
/// stream see exactly the writes that committed), run again on a deadlock. The cores take no HTTP
/// request, so live fake traffic (Admin's LiveTraffic) goes through them as the API does.
/// </summary>
public static class ItemWrites
{
    /// <summary>Stores a new item by the caller and answers 201 with its location and the item.</summary>
    public static async Task<Created<TResponse>> CreateAsync<TResponse>(
        FeedDbContext db, HttpContext http, FeedItem item, string path, CancellationToken cancellationToken)
        where TResponse : FeedItemResponse
    {
        await AddAsync(db, item, cancellationToken);
        var response = (TResponse)FeedItemResponse.From(new FeedEntry(item, http.User.UserName(), LikedByMe: false, JoinedByMe: false));
        return TypedResults.Created($"{path}/{item.Id}", response);
    }

    /// <summary>The item and its "created" change commit together, the change numbered in commit order (the stream's order).</summary>
    public static Task AddAsync(FeedDbContext db, FeedItem item, CancellationToken cancellationToken) =>
        Resilience.RetryDeadlocksAsync(db, async () =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            db.FeedItems.Add(item);
            await db.SaveChangesAsync(cancellationToken);
            await ChangeLogWrites.RecordAsync(db, item, FeedChange.Created, item.CreatedAt, cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return true;
        }, cancellationToken);

    /// <summary>
    /// Deletes <paramref name="item"/> (as read before); likes and memberships go by ON DELETE
    /// CASCADE in the same statement, and the change log gets its row in the same transaction, only
    /// when this call deleted it (true then). A deadlock with a concurrent like rolls it all back, so it is run again.
    /// </summary>
    public static Task<bool> DeleteAsync(FeedDbContext db, FeedItem item, DateTime at, CancellationToken cancellationToken) =>
        Resilience.RetryDeadlocksAsync(db, async () =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            var deleted = await db.FeedItems.Where(i => i.Id == item.Id).ExecuteDeleteAsync(cancellationToken) > 0;
            if (deleted)
            {
                await ChangeLogWrites.RecordAsync(db, item, FeedChange.Deleted, at, cancellationToken);
                await db.SaveChangesAsync(cancellationToken);
            }

            await transaction.CommitAsync(cancellationToken);
            return deleted;
        }, cancellationToken);

    /// <summary>
    /// The author changes their item's own fields, as <see cref="ReviseAsync"/> does, and the answer:
    /// 404 when there is no such item of this kind, 403 when the caller did not write it (an admin
    /// may delete an item, not rewrite someone's words), 412 when <c>If-Match</c> does not name the
    /// item as it is now, else the item as its author now sees it, with its new <c>ETag</c>.
    /// </summary>
    public static async Task<Results<Ok<TResponse>, ValidationProblem, NotFoundProblem, ForbiddenProblem, PreconditionFailedProblem>> EditAsync<TItem, TResponse>(
        FeedDbContext db, HttpContext http, string what, long id, bool changes, Action<TItem, DateTime> edit, TimeProvider clock, CancellationToken cancellationToken)
        where TItem : FeedItem
        where TResponse : FeedItemResponse
    {
        var json = http.RequestServices.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions;
        var revision = await ReviseAsync(
            db, id, http.User.RequiredUserId(), before => EntityTags.IfMatchAllows(http.Request, () => EntityTags.Of(FeedItemResponse.From(before), typeof(TResponse), json)),
            changes ? edit : null, clock.GetUtcNow().UtcDateTime, cancellationToken);
        await ChangeLogWrites.SweepAsync(db, http.RequestServices.GetRequiredService<IOptions<ChangeLogOptions>>().Value, clock.GetUtcNow().UtcDateTime);
        switch (revision.Outcome)
        {
            case EditOutcome.NotFound:
                return Problem.NotFound(what, id);
            case EditOutcome.NotAuthor:
                return new ForbiddenProblem($"Only its author may edit this {what} (an admin may delete it, not rewrite it).");
            case EditOutcome.Stale:
                return new PreconditionFailedProblem($"The {what} changed since the version If-Match names. Read it again (GET) and apply your edit to what it is now.");
            case EditOutcome.Invalid:
                // The domain's rule (not blank) that the request's length checks cannot see: the field's name and why.
                return TypedResults.ValidationProblem(new Dictionary<string, string[]> { [revision.Field!] = [$"{revision.Field} must not be blank."] });
            default:
                var response = (TResponse)FeedItemResponse.From(revision.Entry!);
                http.Response.GetTypedHeaders().ETag = EntityTags.Of(response, typeof(TResponse), json);
                return TypedResults.Ok(response);
        }
    }

    /// <summary>
    /// Edits item <paramref name="id"/> of kind <typeparamref name="TItem"/> for <paramref name="caller"/>
    /// (nothing when <paramref name="edit"/> is null: an empty merge patch), in one transaction that
    /// first locks the item's row, so <paramref name="allowed"/> (a precondition on the item as it
    /// is) cannot race another edit. The item keeps its place in the feed.
    /// </summary>
    public static Task<Revision> ReviseAsync<TItem>(
        FeedDbContext db, long id, long caller, Func<FeedEntry, bool> allowed, Action<TItem, DateTime>? edit, DateTime at, CancellationToken cancellationToken)
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

            var before = await item.ToEntries(db, caller).SingleAsync(cancellationToken);
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
                    return new Revision(EditOutcome.Invalid, Field: field);
                }

                await ChangeLogWrites.RecordAsync(db, tracked, FeedChange.Edited, at, cancellationToken); // in this transaction: logged if and only if edited
                await db.SaveChangesAsync(cancellationToken);
                entry = before with { Item = tracked };
            }

            await transaction.CommitAsync(cancellationToken);
            return new Revision(EditOutcome.Done, entry);
        }, cancellationToken);
    }
}
