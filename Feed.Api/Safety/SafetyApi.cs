using System.ComponentModel;
using Feed.Api.Data;
using Feed.Api.Follows;
using Feed.Api.Interactions;
using Feed.Api.Paging;
using Feed.Api.Plumbing.Identity;
using Feed.Api.Plumbing.Problems;
using Feed.Domain;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Feed.Api.Safety;

/// <summary>
/// Blocking and muting people, and the caller's lists of them. What a block or a mute hides is applied
/// where items are read (the listings' screening, <see cref="Hiding"/>); what a block refuses, where
/// likes, joins and follows are written.
/// </summary>
public static class SafetyApi
{
    public static IEndpointRouteBuilder MapSafetyApi(this IEndpointRouteBuilder app)
    {
        var users = app.MapGroup("/users/{id:long}").WithTags("Safety").RequireAuthorization()
            .ProducesProblem(StatusCodes.Status401Unauthorized);

        users.MapPut("/block", BlockUser)
            .WithName(nameof(BlockUser))
            .WithSummary("Block a user")
            .WithDescription("Idempotent. From now on neither of you sees the other's items in any listing (feeds, a user's items, " +
                "home, batch reads, new counts, changes, streams; `GET /feed/{id}` answers 404), neither can like, join or follow " +
                "the other's items or the other (403), and the follows between you end both ways at once. They are not told. " +
                "404 for an unknown user, 400 for yourself.");

        users.MapDelete("/block", UnblockUser)
            .WithName(nameof(UnblockUser))
            .WithSummary("Unblock a user")
            .WithDescription("Idempotent: unblocking someone you have not blocked changes nothing. The follows the block ended " +
                "stay ended. (If they blocked you too, that block stands.)");

        users.MapPut("/mute", MuteUser)
            .WithName(nameof(MuteUser))
            .WithSummary("Mute a user")
            .WithDescription("Idempotent. Their items leave your mixed feed, kind feeds, home and their new counts and live " +
                "views; nothing else changes: you still see them on their profile (`/users/{id}/items`), may follow them, " +
                "and they are not told. 404 for an unknown user, 400 for yourself.");

        users.MapDelete("/mute", UnmuteUser)
            .WithName(nameof(UnmuteUser))
            .WithSummary("Unmute a user")
            .WithDescription("Idempotent: unmuting someone you have not muted changes nothing. Their items come back at once.");

        var me = app.MapGroup("/me").WithTags("Safety").RequireAuthorization().ProducesProblem(StatusCodes.Status401Unauthorized);

        me.MapGet("/blocks", GetMyBlocks)
            .WithName(nameof(GetMyBlocks))
            .WithSummary("Whom you blocked")
            .WithDescription("The users you blocked, the most recent first, cursor-paged like the feed " +
                "(`before` to scroll, `after` to refresh). Its cursors are yours and this list's.");

        me.MapGet("/mutes", GetMyMutes)
            .WithName(nameof(GetMyMutes))
            .WithSummary("Whom you muted")
            .WithDescription("The users you muted, the most recent first, cursor-paged like `/me/blocks`.");
        return app;
    }

    public static Task<Results<NoContent, NotFoundProblem, ValidationProblem>> BlockUser(
        long id, FeedDbContext db, HttpContext http, TimeProvider clock, CancellationToken cancellationToken) =>
        AnswerAsync(
            http, id, "block", me => SafetyWrites.BlockAsync(db, me, id, block: true, clock.GetUtcNow().UtcDateTime, cancellationToken));

    public static Task<Results<NoContent, NotFoundProblem, ValidationProblem>> UnblockUser(
        long id, FeedDbContext db, HttpContext http, TimeProvider clock, CancellationToken cancellationToken) =>
        AnswerAsync(
            http, id, "unblock", me => SafetyWrites.BlockAsync(db, me, id, block: false, clock.GetUtcNow().UtcDateTime, cancellationToken));

    public static Task<Results<NoContent, NotFoundProblem, ValidationProblem>> MuteUser(
        long id, FeedDbContext db, HttpContext http, TimeProvider clock, IOptions<HomeOptions> home, CancellationToken cancellationToken) =>
        MuteAsync(id, mute: true, db, http, clock, home.Value, cancellationToken);

    public static Task<Results<NoContent, NotFoundProblem, ValidationProblem>> UnmuteUser(
        long id, FeedDbContext db, HttpContext http, TimeProvider clock, IOptions<HomeOptions> home, CancellationToken cancellationToken) =>
        MuteAsync(id, mute: false, db, http, clock, home.Value, cancellationToken);

    public static Task<Results<Ok<FeedPage<ListedUserResponse>>, ValidationProblem, NotFoundProblem>> GetMyBlocks(
        [AsParameters] PageParameters page, FeedReadDbContext db, HttpContext http, CancellationToken cancellationToken)
    {
        var me = http.User.RequiredUserId();
        return new PeopleListing<Block, ListedUserResponse>(
                $"blocks:{me}",
                db.Blocks.Where(b => b.BlockerId == me),
                _ => Task.FromResult(true),
                b => b.CreatedAt,
                b => b.BlockedId,
                (b, u) => new ListedUserResponse(b.BlockedId, u.Name, b.CreatedAt),
                r => new FeedPosition(r.Since, r.UserId))
            .AnswerPageAsync(page, "user", me, db, http, cancellationToken);
    }

    public static Task<Results<Ok<FeedPage<ListedUserResponse>>, ValidationProblem, NotFoundProblem>> GetMyMutes(
        [AsParameters] PageParameters page, FeedReadDbContext db, HttpContext http, CancellationToken cancellationToken)
    {
        var me = http.User.RequiredUserId();
        return new PeopleListing<Mute, ListedUserResponse>(
                $"mutes:{me}",
                db.Mutes.Where(m => m.MuterId == me),
                _ => Task.FromResult(true),
                m => m.CreatedAt,
                m => m.MutedId,
                (m, u) => new ListedUserResponse(m.MutedId, u.Name, m.CreatedAt),
                r => new FeedPosition(r.Since, r.UserId))
            .AnswerPageAsync(page, "user", me, db, http, cancellationToken);
    }

    private static Task<Results<NoContent, NotFoundProblem, ValidationProblem>> MuteAsync(
        long id, bool mute, FeedDbContext db, HttpContext http, TimeProvider clock, HomeOptions home, CancellationToken ct) =>
        AnswerAsync(
            http,
            id,
            mute ? "mute" : "unmute",
            me => SafetyWrites.MuteAsync(db, me, id, mute, home.FollowBackfill, clock.GetUtcNow().UtcDateTime, ct));

    private static async Task<Results<NoContent, NotFoundProblem, ValidationProblem>> AnswerAsync(
        HttpContext http, long id, string verb, Func<long, Task<bool?>> write)
    {
        var me = http.User.RequiredUserId();
        if (id == me)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["id"] = [$"You cannot {verb} yourself."] });
        }

        return await write(me) is null ? Problem.NotFound("user", id) : TypedResults.NoContent();
    }
}

/// <summary>A user on one of the caller's lists (blocked or muted), and since when.</summary>
public sealed record ListedUserResponse(
    long UserId,
    string Name,
    [property: Description("When you blocked (or muted) them: UTC, with microseconds.")] DateTime Since);
