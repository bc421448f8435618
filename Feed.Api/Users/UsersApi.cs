using System.ComponentModel;
using Feed.Api.Data;
using Feed.Domain;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Feed.Api.Plumbing.Identity;
using Feed.Api.Plumbing.Problems;

namespace Feed.Api.Users;

/// <summary>A user's public profile, and the caller's own: where sign-up's <c>Location</c> points.</summary>
public static class UsersApi
{
    public static RouteGroupBuilder MapUsersApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("").WithTags("Users");

        group.MapGet("/users/{id:long}", GetUser)
            .WithName(nameof(GetUser))
            .WithSummary("A user's profile")
            .WithDescription("The public profile: id, name, when they joined and how many items they wrote. 404 when no user has this id.");

        group.MapGet("/me", GetMe)
            .WithName(nameof(GetMe))
            .WithSummary("The signed-in user")
            .WithDescription("The caller's own profile, as `GET /users/{id}` shows it. 401 without a token, or when the token's user no longer exists.")
            .RequireAuthorization()
            .ProducesProblem(StatusCodes.Status401Unauthorized);

        return group;
    }

    public static async Task<Results<Ok<UserProfileResponse>, NotFoundProblem>> GetUser(long id, FeedReadDbContext db, CancellationToken cancellationToken) =>
        await ProfileAsync(db, id, cancellationToken) is { } profile ? TypedResults.Ok(profile) : Problem.NotFound("user", id);

    public static async Task<Results<Ok<UserProfileResponse>, UnauthorizedProblem>> GetMe(HttpContext http, FeedReadDbContext db, CancellationToken cancellationToken) =>
        await ProfileAsync(db, http.User.RequiredUserId(), cancellationToken) is { } profile
            ? TypedResults.Ok(profile)
            : new UnauthorizedProblem("The token's user no longer exists. Sign in again.");

    /// <summary>One query: the user's row and their count of each kind (ranges of the items' author index).</summary>
    private static async Task<UserProfileResponse?> ProfileAsync(FeedDbContext db, long id, CancellationToken cancellationToken)
    {
        IQueryable<FeedItem> posts = db.FeedItems.OfKinds([FeedKinds.Post]), games = db.FeedItems.OfKinds([FeedKinds.Game]), teams = db.FeedItems.OfKinds([FeedKinds.Team]);
        var row = await db.Users.Where(u => u.Id == id)
            .Select(u => new { u.Id, u.Name, u.CreatedAt, Counts = new KindCounts(posts.Count(i => i.AuthorId == u.Id), games.Count(i => i.AuthorId == u.Id), teams.Count(i => i.AuthorId == u.Id)) })
            .SingleOrDefaultAsync(cancellationToken);
        // The total is the kinds' sum, not a fourth count of the same rows.
        return row is null ? null : new UserProfileResponse(row.Id, row.Name, row.CreatedAt, row.Counts.Post + row.Counts.Game + row.Counts.Team, row.Counts);
    }
}

public sealed record UserProfileResponse(
    long Id,
    string Name,
    [property: Description("When the user signed up: UTC, with microseconds.")] DateTime JoinedAt,
    [property: Description("How many items the user wrote, of every kind.")] int ItemCount,
    [property: Description("How many of each kind.")] KindCounts ItemCounts);

/// <summary>A count per kind of item.</summary>
public sealed record KindCounts(int Post, int Game, int Team);
