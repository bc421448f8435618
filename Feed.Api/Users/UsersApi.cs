using System.ComponentModel;
using System.Linq.Expressions;
using System.Text.Json.Serialization.Metadata;
using Feed.Api.Data;
using Feed.Api.Media;
using Feed.Api.Plumbing.Identity;
using Feed.Api.Plumbing.Problems;
using Feed.Domain;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Feed.Api.Users;

/// <summary>A user's public profile, and the caller's own: where sign-up's <c>Location</c> points.</summary>
public static class UsersApi
{
    /// <summary>Profiles on the wire: a count of each kind (<see cref="KindCounts.DescribeKinds"/>).</summary>
    public static IHostApplicationBuilder AddFeedUsers(this IHostApplicationBuilder builder)
    {
        builder.Services.ConfigureHttpJsonOptions(o =>
            o.SerializerOptions.TypeInfoResolver = (o.SerializerOptions.TypeInfoResolver ?? new DefaultJsonTypeInfoResolver())
                .WithAddedModifier(KindCounts.DescribeKinds));
        return builder;
    }

    public static RouteGroupBuilder MapUsersApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("").WithTags("Users");

        group.MapGet("/users/{id:long}", GetUser)
            .WithName(nameof(GetUser))
            .WithSummary("A user's profile")
            .WithDescription("The public profile: id, name, display name and bio, when they joined and how many items they wrote. " +
                "404 when no user has this id.");

        group.MapGet("/me", GetMe)
            .WithName(nameof(GetMe))
            .WithSummary("The signed-in user")
            .WithDescription("The caller's own profile, as `GET /users/{id}` shows it. " +
                "401 without a token, or when the token's user no longer exists.")
            .RequireAuthorization()
            .ProducesProblem(StatusCodes.Status401Unauthorized);

        return group.MapProfileEdits();
    }

    public static async Task<Results<Ok<UserProfileResponse>, NotFoundProblem>> GetUser(
        long id, FeedReadDbContext db, HttpContext http, CancellationToken cancellationToken) =>
        await ProfileAsync(db, id, http.User.FeedUserId(), http.MediaUrls(), cancellationToken) is { } profile
            ? TypedResults.Ok(profile)
            : Problem.NotFound("user", id);

    public static async Task<Results<Ok<UserProfileResponse>, UnauthorizedProblem>> GetMe(
        HttpContext http, FeedReadDbContext db, CancellationToken cancellationToken) =>
        await ProfileAsync(db, http.User.RequiredUserId(), null, http.MediaUrls(), cancellationToken) is { } profile
            ? TypedResults.Ok(profile)
            : new UnauthorizedProblem("The token's user no longer exists. Sign in again.");

    /// <summary>
    /// One query: the user's row (none for an account being deleted), their count of each kind (ranges of the items'
    /// author index) and whether <paramref name="callerId"/> follows them (a primary-key lookup; false when anonymous); their avatar's row
    /// by primary key when they have one.
    /// </summary>
    internal static async Task<UserProfileResponse?> ProfileAsync(
        FeedDbContext db, long id, long? callerId, MediaUrls urls, CancellationToken cancellationToken)
    {
        var row = await db.Users.Where(u => u.Id == id && u.DeletedAt == null).Select(ProfileRow(db, callerId))
            .SingleOrDefaultAsync(cancellationToken);
        if (row is null)
        {
            return null;
        }

        // The total is the kinds' sum, not one more count of the same rows.
        var counts = new KindCounts(FeedKinds.All.Zip(row.Counts).ToDictionary(c => c.First, c => c.Second));
        var avatar = row.AvatarMediaId is { } media
            ? await db.Media.AsNoTracking().SingleOrDefaultAsync(m => m.Id == media, cancellationToken)
            : null;
        return new UserProfileResponse(
            row.Id, row.Name, row.DisplayName, row.Bio, row.CreatedAt, counts.Total, counts, row.FollowerCount, row.FollowingCount,
            row.FollowedByMe, AvatarResponse.Of(avatar, urls));
    }

    /// <summary>
    /// A user's row with a count of their items of each kind of <see cref="FeedKinds.All"/>, in its
    /// order: one subquery per kind.
    /// </summary>
    private static Expression<Func<User, Profile>> ProfileRow(FeedDbContext db, long? callerId)
    {
        var signedIn = callerId.HasValue;
        var me = callerId.GetValueOrDefault();
        var user = Expression.Parameter(typeof(User), "u");
        var counts = FeedKinds.All.Select(kind =>
        {
            var items = db.FeedItems.OfKinds([kind]);
            Expression<Func<User, int>> count = u => items.Count(i => i.AuthorId == u.Id);
            return new ParameterSwap(count.Parameters[0], user).Visit(count.Body);
        });
        Expression<Func<User, int[], Profile>> row = (u, c) => new Profile(
            u.Id, u.Name, u.DisplayName, u.Bio, u.CreatedAt, c, u.FollowerCount, u.FollowingCount,
            signedIn && db.Follows.Any(f => f.FollowerId == me && f.FolloweeId == u.Id), u.AvatarMediaId);
        var body = new ParameterSwap(row.Parameters[0], user).Visit(row.Body);
        body = new ParameterSwap(row.Parameters[1], Expression.NewArrayInit(typeof(int), counts)).Visit(body);
        return Expression.Lambda<Func<User, Profile>>(body, user);
    }

    private sealed record Profile(
        long Id, string Name, string? DisplayName, string? Bio, DateTime CreatedAt, int[] Counts, int FollowerCount, int FollowingCount,
        bool FollowedByMe, long? AvatarMediaId);

    private sealed class ParameterSwap(ParameterExpression from, Expression to) : ExpressionVisitor
    {
        protected override Expression VisitParameter(ParameterExpression node) => node == from ? to : node;
    }
}

public sealed record UserProfileResponse(
    long Id,
    [property: Description("The sign-in name: unique, 3 to 32 characters.")] string Name,
    [property: Description("How they are shown beside their name (`PATCH /me` sets yours); null when unset: show `name`.")]
    string? DisplayName,
    [property: Description("A few words about them, up to 160 characters; null when none.")] string? Bio,
    [property: Description("When the user signed up: UTC, with microseconds.")] DateTime JoinedAt,
    [property: Description("How many items the user wrote, of every kind.")] int ItemCount,
    [property: Description("How many of each kind.")] KindCounts ItemCounts,
    [property: Description("How many follow the user.")] int FollowerCount,
    [property: Description("How many the user follows.")] int FollowingCount,
    [property: Description("Whether you follow the user; false when you are not signed in (and on your own profile).")] bool FollowedByMe,
    [property: Description("Their picture (`PATCH /me` sets yours); null when they have none.")] AvatarResponse? Avatar);

// On the wire an object with one required integer per kind of FeedKinds.All, in its order
// ({"post": 180, "game": 21, "team": 13}): its contract is made from the list (DescribeKinds), and
// the document's schema is read from that contract. The summary is the schema's description.

/// <summary>A count per kind of item.</summary>
public sealed class KindCounts(IReadOnlyDictionary<string, int> counts)
{
    private readonly Dictionary<string, int> _counts = new(counts);

    /// <summary>The count of <paramref name="kind"/>; 0 for a kind not counted.</summary>
    public int this[string kind] => _counts.GetValueOrDefault(kind);

    /// <summary>Every kind's count, summed.</summary>
    public int Total => FeedKinds.All.Sum(kind => this[kind]);

    /// <summary>Gives <see cref="KindCounts"/>' JSON contract one property per kind, read and written.</summary>
    public static void DescribeKinds(JsonTypeInfo info)
    {
        if (info.Type != typeof(KindCounts))
        {
            return;
        }

        info.CreateObject = () => new KindCounts(new Dictionary<string, int>());
        info.Properties.Clear();
        foreach (var kind in FeedKinds.All)
        {
            var property = info.CreateJsonPropertyInfo(typeof(int), kind);
            property.Get = counts => ((KindCounts)counts)[kind];
            property.Set = (counts, count) => ((KindCounts)counts)._counts[kind] = (int)count!;
            property.IsRequired = true;
            info.Properties.Add(property);
        }
    }
}
