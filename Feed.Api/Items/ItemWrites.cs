using Feed.Api.Data;
using Feed.Api.Paging;
using Feed.Api.Problems;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using JsonOptions = Microsoft.AspNetCore.Http.Json.JsonOptions;
using Feed.Api.Users;
using Feed.Domain;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Feed.Api.Items;

public static class ItemWrites
{
    /// <summary>Stores a new item by the caller and answers 201 with its location and the item.</summary>
    public static async Task<Created<TResponse>> CreateAsync<TResponse>(
        FeedDbContext db, HttpContext http, FeedItem item, string path, CancellationToken cancellationToken)
        where TResponse : FeedItemResponse
    {
        await Resilience.RetryDeadlocksAsync(db, async () =>
        {
            // The item and its "created" change commit together, the change numbered in commit order (the stream's order).
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            db.FeedItems.Add(item);
            await db.SaveChangesAsync(cancellationToken);
            await ChangeLog.RecordAsync(db, item, FeedChange.Created, item.CreatedAt, cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return true;
        }, cancellationToken);
        var response = (TResponse)FeedItemResponse.From(new FeedEntry(item, http.User.UserName(), LikedByMe: false, JoinedByMe: false));
        return TypedResults.Created($"{path}/{item.Id}", response);
    }

    /// <summary>
    /// The author changes their item's own fields (<paramref name="edit"/>; nothing when
    /// <paramref name="changes"/> is false: an empty merge patch). In one transaction that first
    /// locks the item's row: 404 when there is no such item of this kind, 403 when the caller did
    /// not write it (an admin may delete an item, not rewrite someone's words), 412 when
    /// <c>If-Match</c> does not name the item as it is now. The item keeps its place in the feed.
    /// Answers the item as its author now sees it, with its new <c>ETag</c>.
    /// </summary>
    public static async Task<Results<Ok<TResponse>, ValidationProblem, NotFoundProblem, ForbiddenProblem, PreconditionFailedProblem>> EditAsync<TItem, TResponse>(
        FeedDbContext db, HttpContext http, string what, long id, bool changes, Action<TItem, DateTime> edit, TimeProvider clock, CancellationToken cancellationToken)
        where TItem : FeedItem
        where TResponse : FeedItemResponse
    {
        var caller = http.User.RequiredUserId();
        var json = http.RequestServices.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions;
        var item = db.FeedItems.OfType<TItem>().Where(i => i.Id == id);
        var result = await Resilience.RetryDeadlocksAsync(db, async () =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            if (await item.ExecuteUpdateAsync(s => s.SetProperty(i => i.EditedAt, i => i.EditedAt), cancellationToken) == 0)
            {
                return (Results<Ok<TResponse>, ValidationProblem, NotFoundProblem, ForbiddenProblem, PreconditionFailedProblem>)Problem.NotFound(what, id);
            }

            var before = await item.ToEntries(db, caller).SingleAsync(cancellationToken);
            if (before.Item.AuthorId != caller)
            {
                return new ForbiddenProblem($"Only its author may edit this {what} (an admin may delete it, not rewrite it).");
            }

            if (!EntityTags.IfMatchAllows(http.Request, () => EntityTags.Of(FeedItemResponse.From(before), typeof(TResponse), json)))
            {
                return new PreconditionFailedProblem($"The {what} changed since the version If-Match names. Read it again (GET) and apply your edit to what it is now.");
            }

            var entry = before;
            if (changes)
            {
                var tracked = await item.SingleAsync(cancellationToken);
                var at = clock.GetUtcNow().UtcDateTime;
                try
                {
                    edit(tracked, at);
                }
                catch (ArgumentException e) when (e.ParamName is { } field)
                {
                    // The domain's rule (not blank) that the request's length checks cannot see: the field's name and why.
                    return TypedResults.ValidationProblem(new Dictionary<string, string[]> { [field] = [$"{field} must not be blank."] });
                }

                await ChangeLog.RecordAsync(db, tracked, FeedChange.Edited, at, cancellationToken); // in this transaction: logged if and only if edited
                await db.SaveChangesAsync(cancellationToken);
                entry = before with { Item = tracked };
            }

            await transaction.CommitAsync(cancellationToken);
            var response = (TResponse)FeedItemResponse.From(entry);
            http.Response.GetTypedHeaders().ETag = EntityTags.Of(response, typeof(TResponse), json);
            return TypedResults.Ok(response);
        }, cancellationToken);
        await ChangeLog.SweepAsync(db, http, clock.GetUtcNow().UtcDateTime);
        return result;
    }
}
