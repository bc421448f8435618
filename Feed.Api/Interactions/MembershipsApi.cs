using System.ComponentModel;
using Feed.Api.Data;
using Feed.Api.Paging;
using Feed.Api.Problems;
using Feed.Api.Users;
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

        group.MapPut("/{id:long}/membership", (long id, FeedDbContext db, HttpContext http, TimeProvider clock, CancellationToken cancellationToken) =>
                Counters.JoinAsync(db, kind, id, http.User.RequiredUserId(), join: true, clock, cancellationToken))
            .WithName($"Join{name}")
            .WithSummary($"Join a {kind}")
            .WithDescription($"Idempotent: joining twice is one membership. Answers the {kind}'s new joined count. 404 for any id that is not a {kind} (posts cannot be joined).")
            .RequireAuthorization()
            .ProducesProblem(StatusCodes.Status401Unauthorized);

        group.MapDelete("/{id:long}/membership", (long id, FeedDbContext db, HttpContext http, TimeProvider clock, CancellationToken cancellationToken) =>
                Counters.JoinAsync(db, kind, id, http.User.RequiredUserId(), join: false, clock, cancellationToken))
            .WithName($"Leave{name}")
            .WithSummary($"Leave a {kind}")
            .WithDescription($"Idempotent: leaving a {kind} you have not joined changes nothing. Answers the {kind}'s new joined count.")
            .RequireAuthorization()
            .ProducesProblem(StatusCodes.Status401Unauthorized);

        group.MapGet("/{id:long}/members", ([AsParameters] PageParameters page, long id, FeedReadDbContext db, HttpContext http, CancellationToken cancellationToken) =>
                GetMembersAsync(db, http, kind, id, page, cancellationToken))
            .WithName($"Get{name}Members")
            .WithSummary($"Who joined a {kind}")
            .WithDescription("Members, the most recently joined first, cursor-paged like the feed (`before` to scroll, `after` to refresh).");

        return group;
    }

    public static async Task<Results<Ok<FeedPage<MemberResponse>>, ValidationProblem, NotFoundProblem>> GetMembersAsync(
        FeedDbContext db, HttpContext http, string kind, long id, PageParameters parameters, CancellationToken cancellationToken)
    {
        if (!parameters.TryRead($"members:{id}", http.User.FeedUserId(), out var page, out var errors))
        {
            return TypedResults.ValidationProblem(errors);
        }

        var slice = await Keyset.ReadAsync(MembersQuery(db, kind, id, page), m => new FeedPosition(m.JoinedAt, m.UserId), page, cancellationToken);
        // An empty page may mean there is no such item: only then a second, primary-key query.
        if (slice.Rows.Count == 0 && !slice.HasOlder && !slice.HasNewer && !await db.FeedItems.OfKinds([kind]).AnyAsync(i => i.Id == id, cancellationToken))
        {
            return Problem.NotFound(kind, id);
        }

        return TypedResults.Ok(slice.ToPage(page, http, m => m));
    }

    /// <summary>One query: the page's memberships from the (ItemId, JoinedAt, UserId) index (only when the item is of this kind), the probe, and the names.</summary>
    public static IQueryable<MemberResponse> MembersQuery(FeedDbContext db, string kind, long itemId, PageRequest page)
    {
        var ofKind = db.FeedItems.OfKinds([kind]);
        var members = db.Memberships.Where(m => m.ItemId == itemId && ofKind.Any(i => i.Id == itemId));
        return Keyset.Window(members, m => m.JoinedAt, m => m.UserId, page, m => m)
            .Join(db.Users, m => m.UserId, u => u.Id, (m, u) => new MemberResponse(m.UserId, u.Name, m.JoinedAt));
    }
}

public sealed record MembershipResponse(long ItemId, int JoinedCount, bool JoinedByMe);

public sealed record MemberResponse(long UserId, string Name, [property: Description("UTC, with microseconds.")] DateTime JoinedAt);
