using Feed.Api.Data;
using Feed.Api.Problems;
using Feed.Api.Users;
using Microsoft.AspNetCore.Http.HttpResults;

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

    public static Task<Results<Ok<LikeResponse>, NotFoundProblem>> LikeItem(
        long id, FeedDbContext db, HttpContext http, TimeProvider clock, CancellationToken cancellationToken) =>
        Counters.LikeAsync(db, id, http.User.RequiredUserId(), like: true, clock, cancellationToken);

    public static Task<Results<Ok<LikeResponse>, NotFoundProblem>> UnlikeItem(
        long id, FeedDbContext db, HttpContext http, TimeProvider clock, CancellationToken cancellationToken) =>
        Counters.LikeAsync(db, id, http.User.RequiredUserId(), like: false, clock, cancellationToken);
}

public sealed record LikeResponse(long ItemId, int LikeCount, bool LikedByMe);
