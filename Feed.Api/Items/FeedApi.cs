using System.ComponentModel;
using Feed.Api.Data;
using Feed.Api.Media;
using Feed.Api.Paging;
using Feed.Api.Plumbing.Caching;
using Feed.Api.Plumbing.Identity;
using Feed.Api.Plumbing.Problems;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Feed.Api.Items;

/// <summary>The mixed feed, any item by id, and deleting one. (Likes: Interactions.)</summary>
public static class FeedApi
{
    public static RouteGroupBuilder MapFeedApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/feed").WithTags("Feed");

        group.MapGet("", GetFeed)
            .WithName(nameof(GetFeed))
            .WithSharedFirstPage()
            .WithSummary("The mixed feed, newest first")
            .WithDescription($"{Capitalized(ItemKinds.Words([.. ItemKinds.All.Select(k => k.Plural)], "and"))} " +
                "in one newest-first, cursor-paged feed; `types` narrows it. " +
                "Scroll down with `before=nextCursor`; pull to refresh with `after=refreshCursor`. " +
                "The same links are in the `Link` header.");

        group.MapGet("/items", GetFeedItems)
            .WithName(nameof(GetFeedItems))
            .WithSummary("Several items by id")
            .WithDescription($"Up to {ItemBatch.MaxIds} items of any kind, in the order asked, as the caller sees them now " +
                "(counts and flags): for an app coming back to the foreground that refreshes what is on screen. " +
                "Ids that are not (or no longer) items, or whose author and the caller block one another, are listed in `missing`. " +
                "One query.");

        group.MapGet("/{id:long}", GetFeedItem)
            .WithName(nameof(GetFeedItem))
            .WithSummary("One item of any kind")
            .WithDescription("The item with this id, whatever its kind; `type` tells which. " +
                "404 also when its author and the caller block one another.");

        group.MapDelete("/{id:long}", DeleteFeedItem)
            .WithName(nameof(DeleteFeedItem))
            .WithSummary("Delete an item")
            .WithDescription("Its author, or an admin, deletes the item; its likes and memberships go with it.")
            .RequireAuthorization()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden);

        return group;
    }

    private static string Capitalized(string text) => char.ToUpperInvariant(text[0]) + text[1..];

    public static async Task<Results<Ok<FeedPage<FeedItemResponse>>, ValidationProblem>> GetFeed(
        [AsParameters] PageParameters page,
        [Description("Narrow the feed to these kinds, comma-separated.")] string? types,
        FeedReadDbContext db,
        HttpContext http,
        CancellationToken cancellationToken) =>
        FeedListing.TryParse(types, out var listing, out var errors)
            ? await ItemReads.ReadPageAsync<FeedItemResponse>(db, http, listing, page, cancellationToken)
            : TypedResults.ValidationProblem(errors);

    public static async Task<Results<Ok<FeedItemsResponse>, ValidationProblem>> GetFeedItems(
        [Description("Comma-separated item ids, at most 100, e.g. `1042,1041,1039`.")] string? ids,
        FeedReadDbContext db,
        HttpContext http,
        CancellationToken cancellationToken)
    {
        if (!ItemBatch.TryParse(ids, out var asked, out var errors))
        {
            return TypedResults.ValidationProblem(errors);
        }

        var me = http.User.FeedUserId();
        var entries = await db.FeedItems.Where(i => EF.Constant(asked).Contains(i.Id)) // IN (1, 2, …): primary-key lookups on every engine
            .Unblocked(db, me).ToRows(db, me).ToEntriesAsync(cancellationToken);
        var found = entries.ToDictionary(e => e.Item.Id);
        return TypedResults.Ok(new FeedItemsResponse(
            [.. asked.Where(found.ContainsKey).Select(id => FeedItemResponse.From(found[id], http.MediaUrls()))],
            [.. asked.Where(id => !found.ContainsKey(id))]));
    }

    public static Task<Results<Ok<FeedItemResponse>, NotFoundProblem>> GetFeedItem(
        long id, FeedReadDbContext db, HttpContext http, CancellationToken cancellationToken) =>
        ItemReads.ReadItemAsync<FeedItemResponse>(db, db.FeedItems, "item", id, http, cancellationToken);

    public static async Task<Results<NoContent, NotFoundProblem, ForbidHttpResult>> DeleteFeedItem(
        long id,
        FeedDbContext db,
        HttpContext http,
        IOptions<ChangeLogOptions> changes,
        TimeProvider clock,
        CancellationToken cancellationToken)
    {
        var item = await db.FeedItems.AsNoTracking().SingleOrDefaultAsync(i => i.Id == id, cancellationToken);
        if (item is null)
        {
            return Problem.NotFound("item", id);
        }

        if (item.AuthorId != http.User.RequiredUserId() && !http.User.IsAdmin())
        {
            return TypedResults.Forbid();
        }

        await ItemWrites.DeleteAsync(db, item, clock.GetUtcNow().UtcDateTime, cancellationToken);
        await ChangeLogWrites.SweepAsync(db, changes.Value, clock.GetUtcNow().UtcDateTime);
        return TypedResults.NoContent();
    }
}
