using System.ComponentModel;
using Feed.Api.Data;
using Feed.Api.Paging;
using Feed.Api.Plumbing.Identity;
using Feed.Api.Plumbing.Problems;
using Feed.Domain;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Feed.Api.Interactions;

/// <summary>Joining, leaving and listing the members of a game or a team: the same routes under each kind's group.</summary>
public static class MembershipsApi
{
    public static RouteGroupBuilder MapMembershipsApi(this IEndpointRouteBuilder app, string kind, string prefix, string tag)
    {
        var group = app.MapGroup(prefix).WithTags(tag);
        var name = char.ToUpperInvariant(kind[0]) + kind[1..];

        group.MapPut("/{id:long}/membership", (
                long id, FeedDbContext db, HttpContext http, TimeProvider clock, CancellationToken cancellationToken) =>
                SetMembershipAsync(db, kind, id, http.User.RequiredUserId(), join: true, clock, cancellationToken))
            .WithName($"Join{name}")
            .WithSummary($"Join a {kind}")
            .WithDescription($"Idempotent: joining twice is one membership. Answers the {kind}'s new joined count. " +
                $"404 for any id that is not a {kind} (posts cannot be joined); 403 when you and its author block one another.")
            .RequireAuthorization()
            .ProducesProblem(StatusCodes.Status401Unauthorized);

        group.MapDelete("/{id:long}/membership", (
                long id, FeedDbContext db, HttpContext http, TimeProvider clock, CancellationToken cancellationToken) =>
                SetMembershipAsync(db, kind, id, http.User.RequiredUserId(), join: false, clock, cancellationToken))
            .WithName($"Leave{name}")
            .WithSummary($"Leave a {kind}")
            .WithDescription($"Idempotent: leaving a {kind} you have not joined changes nothing. Answers the {kind}'s new joined count.")
            .RequireAuthorization()
            .ProducesProblem(StatusCodes.Status401Unauthorized);

        group.MapGet("/{id:long}/members", (
                [AsParameters] PageParameters page, long id, FeedReadDbContext db, HttpContext http, CancellationToken cancellationToken) =>
                GetMembersAsync(db, http, kind, id, page, cancellationToken))
            .WithName($"Get{name}Members")
            .WithSummary($"Who joined a {kind}")
            .WithDescription("Members, the most recently joined first, cursor-paged like the feed " +
                "(`before` to scroll, `after` to refresh).");

        return group;
    }

    /// <summary>
    /// The members of a game or team, the most recently joined first (<see cref="PeopleListing{TRow, TPerson}"/>);
    /// only when the item is of this kind.
    /// </summary>
    public static Task<Results<Ok<FeedPage<MemberResponse>>, ValidationProblem, NotFoundProblem>> GetMembersAsync(
        FeedDbContext db, HttpContext http, string kind, long id, PageParameters parameters, CancellationToken cancellationToken)
    {
        var ofKind = db.FeedItems.OfKinds([kind]);
        return new PeopleListing<Membership, MemberResponse>(
                $"members:{id}",
                db.Memberships.Where(m => m.ItemId == id && ofKind.Any(i => i.Id == id)),
                token => ofKind.AnyAsync(i => i.Id == id, token),
                m => m.JoinedAt,
                m => m.UserId,
                (m, u) => new MemberResponse(m.UserId, u.Name, m.JoinedAt),
                m => new FeedPosition(m.JoinedAt, m.UserId))
            .AnswerPageAsync(parameters, kind, id, db, http, cancellationToken);
    }

    /// <summary>Joins or leaves as HTTP: the new joined count, or 404 when no <paramref name="kind"/> has this id.</summary>
    private static async Task<Results<Ok<MembershipResponse>, NotFoundProblem, ForbiddenProblem>> SetMembershipAsync(
        FeedDbContext db, string kind, long id, long userId, bool join, TimeProvider clock, CancellationToken cancellationToken) =>
        await InteractionWrites.JoinAsync(db, kind, id, userId, join, clock, cancellationToken) switch
        {
            null => Problem.NotFound(kind, id),
            { Refused: true } => new ForbiddenProblem(LikesApi.BlockedDetail("join", kind)),
            { Count: var count } => TypedResults.Ok(new MembershipResponse(id, count, join)),
        };
}

public sealed record MembershipResponse(long ItemId, int JoinedCount, bool JoinedByMe);

public sealed record MemberResponse(long UserId, string Name, [property: Description("UTC, with microseconds.")] DateTime JoinedAt);
