using System.ComponentModel;
using Feed.Api.Data;
using Feed.Domain;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Feed.Api.Apis;

/// <summary>The mixed feed, any item by id, and what signed-in users do to any item (like, delete).</summary>
public static class FeedApi
{
    public static RouteGroupBuilder MapFeedApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/feed").WithTags("Feed");

        group.MapGet("", GetFeed)
            .WithName(nameof(GetFeed))
            .WithSummary("The mixed feed, newest first")
            .WithDescription("Posts, games and teams in one newest-first, cursor-paged feed; `types` narrows it. " +
                "Scroll down with `before=nextCursor`; pull to refresh with `after=refreshCursor`. The same links are in the `Link` header.");

        group.MapGet("/{id:long}", GetFeedItem)
            .WithName(nameof(GetFeedItem))
            .WithSummary("One item of any kind")
            .WithDescription("The item with this id, whatever its kind; `type` tells which.");

        group.MapDelete("/{id:long}", DeleteFeedItem)
            .WithName(nameof(DeleteFeedItem))
            .WithSummary("Delete an item")
            .WithDescription("Its author, or an admin, deletes the item; its likes and memberships go with it.")
            .RequireAuthorization()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden);

        group.MapPut("/{id:long}/like", LikeItem)
            .WithName(nameof(LikeItem))
            .WithSummary("Like an item")
            .WithDescription("Idempotent: liking twice is one like. Answers the item's new like count.")
            .RequireAuthorization()
            .ProducesProblem(StatusCodes.Status401Unauthorized);

        group.MapDelete("/{id:long}/like", UnlikeItem)
            .WithName(nameof(UnlikeItem))
            .WithSummary("Take a like back")
            .WithDescription("Idempotent: unliking an item you do not like changes nothing. Answers the item's new like count.")
            .RequireAuthorization()
            .ProducesProblem(StatusCodes.Status401Unauthorized);

        return group;
    }

    public static async Task<Results<Ok<FeedPage<FeedItemResponse>>, ValidationProblem>> GetFeed(
        [AsParameters] PageQuery query,
        [Description("Narrow the feed to these kinds, comma-separated: `post`, `game`, `team`.")] string? types,
        [FromKeyedServices(FeedDatabase.Reads)] FeedDbContext db,
        HttpContext http,
        CancellationToken cancellationToken)
    {
        var kinds = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var type in (types ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            if (!FeedKinds.All.Contains(type))
            {
                return TypedResults.ValidationProblem(new Dictionary<string, string[]>
                {
                    ["types"] = [$"Unknown type '{type}'. Use post, game or team, comma-separated."],
                });
            }

            kinds.Add(type);
        }

        return await FeedPages.ReadFeedAsync<FeedItemResponse>(db, http, query, kinds, cancellationToken);
    }

    public static async Task<Results<Ok<FeedItemResponse>, NotFoundProblem>> GetFeedItem(
        long id, [FromKeyedServices(FeedDatabase.Reads)] FeedDbContext db, HttpContext http, CancellationToken cancellationToken) =>
        await ReadItemAsync<FeedItemResponse>(db, db.FeedItems, "item", id, http, cancellationToken);

    /// <summary>One item of <paramref name="items"/> as the caller sees it; 404 naming <paramref name="what"/> when there is none with this id.</summary>
    public static async Task<Results<Ok<TItem>, NotFoundProblem>> ReadItemAsync<TItem>(
        FeedDbContext db, IQueryable<FeedItem> items, string what, long id, HttpContext http, CancellationToken cancellationToken)
        where TItem : FeedItemResponse
    {
        var entry = await items.Where(i => i.Id == id).ToEntries(db, http.User.FeedUserId()).SingleOrDefaultAsync(cancellationToken);
        return entry is null
            ? Problems.NotFound(what, id)
            : TypedResults.Ok((TItem)FeedItemResponse.From(entry));
    }

    public static async Task<Results<NoContent, NotFoundProblem, ForbidHttpResult>> DeleteFeedItem(
        long id, FeedDbContext db, HttpContext http, CancellationToken cancellationToken)
    {
        var authorId = await db.FeedItems.Where(i => i.Id == id).Select(i => (long?)i.AuthorId).SingleOrDefaultAsync(cancellationToken);
        if (authorId is null)
        {
            return Problems.NotFound("item", id);
        }

        if (authorId != http.User.RequiredUserId() && !http.User.IsAdmin())
        {
            return TypedResults.Forbid();
        }

        // Likes and memberships go by ON DELETE CASCADE, in the same statement.
        await db.FeedItems.Where(i => i.Id == id).ExecuteDeleteAsync(cancellationToken);
        return TypedResults.NoContent();
    }

    public static Task<Results<Ok<LikeResponse>, NotFoundProblem>> LikeItem(
        long id, FeedDbContext db, HttpContext http, TimeProvider clock, CancellationToken cancellationToken) =>
        Interactions.LikeAsync(db, id, http.User.RequiredUserId(), like: true, clock, cancellationToken);

    public static Task<Results<Ok<LikeResponse>, NotFoundProblem>> UnlikeItem(
        long id, FeedDbContext db, HttpContext http, TimeProvider clock, CancellationToken cancellationToken) =>
        Interactions.LikeAsync(db, id, http.User.RequiredUserId(), like: false, clock, cancellationToken);

    /// <summary>Stores a new item by the caller and answers 201 with its location and the item.</summary>
    public static async Task<Created<TItem>> CreateItemAsync<TItem>(
        FeedDbContext db, HttpContext http, FeedItem item, string path, CancellationToken cancellationToken)
        where TItem : FeedItemResponse
    {
        db.FeedItems.Add(item);
        await db.SaveChangesAsync(cancellationToken);
        var response = (TItem)FeedItemResponse.From(new FeedEntry(item, http.User.UserName(), LikedByMe: false, JoinedByMe: false));
        return TypedResults.Created($"{path}/{item.Id}", response);
    }
}
