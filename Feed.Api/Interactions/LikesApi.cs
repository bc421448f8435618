using System.ComponentModel;
using Feed.Api.Data;
using Feed.Api.Paging;
using Feed.Api.Plumbing.Identity;
using Feed.Api.Plumbing.Problems;
using Feed.Domain;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Feed.Api.Interactions;

/// <summary>Liking any item, under the mixed feed's routes.</summary>
public static class LikesApi
{
    public static RouteGroupBuilder MapLikesApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/feed").WithTags("Feed");

        group.MapPut("/{id:long}/like", LikeItem)
            .WithName(nameof(LikeItem))
            .WithSummary("Like an item")
            .WithDescription("Idempotent: liking twice is one like. Answers the item's new like count. " +
                "403 when you and the item's author block one another.")
            .RequireAuthorization()
            .ProducesProblem(StatusCodes.Status401Unauthorized);

        group.MapDelete("/{id:long}/like", UnlikeItem)
            .WithName(nameof(UnlikeItem))
            .WithSummary("Take a like back")
            .WithDescription("Idempotent: unliking an item you do not like changes nothing. Answers the item's new like count.")
            .RequireAuthorization()
            .ProducesProblem(StatusCodes.Status401Unauthorized);

        group.MapGet("/{id:long}/likes", GetLikes)
            .WithName(nameof(GetLikes))
            .WithSummary("Who liked an item")
            .WithDescription("Users who like the item, the most recent like first, cursor-paged like the feed " +
                "(`before` to scroll, `after` to refresh). 404 when no item has this id.");

        return group;
    }

    public static Task<Results<Ok<FeedPage<LikerResponse>>, ValidationProblem, NotFoundProblem>> GetLikes(
        long id, [AsParameters] PageParameters page, FeedReadDbContext db, HttpContext http, CancellationToken cancellationToken) =>
        new PeopleListing<Like, LikerResponse>(
                $"likes:{id}",
                db.Likes.Where(l => l.ItemId == id),
                token => db.FeedItems.AnyAsync(i => i.Id == id, token),
                l => l.CreatedAt,
                l => l.UserId,
                (l, u) => new LikerResponse(l.UserId, u.Name, l.CreatedAt),
                l => new FeedPosition(l.LikedAt, l.UserId))
            .AnswerPageAsync(page, "item", id, db, http, cancellationToken);

    public static Task<Results<Ok<LikeResponse>, NotFoundProblem, ForbiddenProblem>> LikeItem(
        long id, FeedDbContext db, HttpContext http, TimeProvider clock, CancellationToken cancellationToken) =>
        SetLikeAsync(db, id, http.User.RequiredUserId(), like: true, clock, cancellationToken);

    public static Task<Results<Ok<LikeResponse>, NotFoundProblem, ForbiddenProblem>> UnlikeItem(
        long id, FeedDbContext db, HttpContext http, TimeProvider clock, CancellationToken cancellationToken) =>
        SetLikeAsync(db, id, http.User.RequiredUserId(), like: false, clock, cancellationToken);

    private static async Task<Results<Ok<LikeResponse>, NotFoundProblem, ForbiddenProblem>> SetLikeAsync(
        FeedDbContext db, long id, long userId, bool like, TimeProvider clock, CancellationToken cancellationToken) =>
        await InteractionWrites.LikeAsync(db, id, userId, like, clock, cancellationToken) switch
        {
            null => Problem.NotFound("item", id),
            { Refused: true } => new ForbiddenProblem(BlockedDetail("like", "item")),
            { Count: var count } => TypedResults.Ok(new LikeResponse(id, count, like)),
        };

    /// <summary>Why a like or a join is refused: the same words wherever one is.</summary>
    public static string BlockedDetail(string action, string what) =>
        $"You cannot {action} this {what}: you and its author block one another. Unblock them first (DELETE /users/{{id}}/block).";
}

public sealed record LikeResponse(long ItemId, int LikeCount, bool LikedByMe);

public sealed record LikerResponse(long UserId, string Name, [property: Description("UTC, with microseconds.")] DateTime LikedAt);
