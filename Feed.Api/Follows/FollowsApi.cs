using System.ComponentModel;
using Feed.Api.Data;
using Feed.Api.Interactions;
using Feed.Api.Paging;
using Feed.Api.Plumbing.Identity;
using Feed.Api.Plumbing.Problems;
using Feed.Domain;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Feed.Api.Follows;

/// <summary>Following people, who follows whom, and the home those follows make (<see cref="HomeApi"/>).</summary>
public static class FollowsApi
{
    /// <summary>The <c>Home</c> options and the fan-out workers that take new items to followers' homes.</summary>
    public static IHostApplicationBuilder AddFeedFollows(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<HomeOptions>().BindConfiguration(HomeOptions.Section)
            .Validate(
                o => o.FollowBackfill >= 0 && o.PullAbove > 0 && o.PullSettle >= TimeSpan.Zero
                    && o.FanOutChunk > 0 && o.FanOutWorkers >= 0 && o.FanOutPollInterval > TimeSpan.Zero,
                "Home: the backfill, workers and settle must not be negative; the threshold, chunk and poll interval positive.")
            .ValidateOnStart();
        builder.Services.AddSingleton<HomeTimeline>();
        builder.Services.AddHostedService<HomeFanOutWorker>();
        return builder;
    }

    /// <summary>The follow routes under <c>/users/{id}</c>, then the home (<see cref="HomeApi"/>).</summary>
    public static IEndpointRouteBuilder MapFollowsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/users/{id:long}").WithTags("Users");

        group.MapPut("/follow", FollowUser)
            .WithName(nameof(FollowUser))
            .WithSummary("Follow a user")
            .WithDescription("Idempotent: following twice is one follow. Their latest items join your home at once " +
                "(up to 100, at their own times), and every item they write from now on. Answers their new follower count. " +
                "404 for an unknown user, 400 for yourself, 403 when you and they block one another.")
            .RequireAuthorization()
            .ProducesProblem(StatusCodes.Status401Unauthorized);

        group.MapDelete("/follow", UnfollowUser)
            .WithName(nameof(UnfollowUser))
            .WithSummary("Unfollow a user")
            .WithDescription("Idempotent: unfollowing someone you do not follow changes nothing. Their items leave your home at once. " +
                "Answers their new follower count.")
            .RequireAuthorization()
            .ProducesProblem(StatusCodes.Status401Unauthorized);

        group.MapGet("/followers", GetFollowers)
            .WithName(nameof(GetFollowers))
            .WithSummary("Who follows a user")
            .WithDescription("The user's followers, the most recent follow first, cursor-paged like the feed " +
                "(`before` to scroll, `after` to refresh). 404 when no user has this id.");

        group.MapGet("/following", GetFollowing)
            .WithName(nameof(GetFollowing))
            .WithSummary("Whom a user follows")
            .WithDescription("The users this user follows, the most recent follow first, cursor-paged like the feed. " +
                "404 when no user has this id.");
        return app.MapHomeApi();
    }

    public static Task<Results<Ok<FollowResponse>, NotFoundProblem, ValidationProblem, ForbiddenProblem>> FollowUser(
        long id, FeedDbContext db, HttpContext http, IOptions<HomeOptions> options, TimeProvider clock, CancellationToken cancellation) =>
        SetFollowAsync(db, http, id, follow: true, options.Value, clock, cancellation);

    public static Task<Results<Ok<FollowResponse>, NotFoundProblem, ValidationProblem, ForbiddenProblem>> UnfollowUser(
        long id, FeedDbContext db, HttpContext http, IOptions<HomeOptions> options, TimeProvider clock, CancellationToken cancellation) =>
        SetFollowAsync(db, http, id, follow: false, options.Value, clock, cancellation);

    public static Task<Results<Ok<FeedPage<FollowerResponse>>, ValidationProblem, NotFoundProblem>> GetFollowers(
        long id, [AsParameters] PageParameters page, FeedReadDbContext db, HttpContext http, CancellationToken cancellationToken) =>
        new PeopleListing<Follow, FollowerResponse>(
                $"followers:{id}",
                db.Follows.Where(f => f.FolloweeId == id),
                token => db.Users.AnyAsync(u => u.Id == id, token),
                f => f.CreatedAt,
                f => f.FollowerId,
                (f, u) => new FollowerResponse(f.FollowerId, u.Name, f.CreatedAt),
                f => new FeedPosition(f.FollowedAt, f.UserId))
            .AnswerPageAsync(page, "user", id, db, http, cancellationToken);

    public static Task<Results<Ok<FeedPage<FollowerResponse>>, ValidationProblem, NotFoundProblem>> GetFollowing(
        long id, [AsParameters] PageParameters page, FeedReadDbContext db, HttpContext http, CancellationToken cancellationToken) =>
        new PeopleListing<Follow, FollowerResponse>(
                $"following:{id}",
                db.Follows.Where(f => f.FollowerId == id),
                token => db.Users.AnyAsync(u => u.Id == id, token),
                f => f.CreatedAt,
                f => f.FolloweeId,
                (f, u) => new FollowerResponse(f.FolloweeId, u.Name, f.CreatedAt),
                f => new FeedPosition(f.FollowedAt, f.UserId))
            .AnswerPageAsync(page, "user", id, db, http, cancellationToken);

    private static async Task<Results<Ok<FollowResponse>, NotFoundProblem, ValidationProblem, ForbiddenProblem>> SetFollowAsync(
        FeedDbContext db, HttpContext http, long id, bool follow, HomeOptions options, TimeProvider clock, CancellationToken cancellation)
    {
        var me = http.User.RequiredUserId();
        if (id == me)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                ["id"] = [follow ? "You cannot follow yourself: your own items are always in your home." : "You cannot unfollow yourself."],
            });
        }

        var state = await FollowWrites.FollowAsync(
            db, me, id, follow, options, clock.GetUtcNow().UtcDateTime, cancellation);
        return state switch
        {
            null => Problem.NotFound("user", id),
            { Refused: true } => new ForbiddenProblem(
                "You cannot follow this user: you and they block one another. Unblock them first (DELETE /users/{id}/block)."),
            _ => TypedResults.Ok(new FollowResponse(state.UserId, state.FollowerCount, state.FollowedByMe)),
        };
    }
}

public sealed record FollowResponse(
    long UserId,
    [property: Description("How many follow the user now.")] int FollowerCount,
    [property: Description("Whether you follow the user now.")] bool FollowedByMe);

public sealed record FollowerResponse(
    long UserId,
    string Name,
    [property: Description("When the follow began: UTC, with microseconds.")] DateTime FollowedAt);
