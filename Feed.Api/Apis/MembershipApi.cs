using Feed.Api.Data;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Feed.Api.Apis;

/// <summary>Joining, leaving and listing the members of a game or a team: the same routes under each group.</summary>
public static class MembershipApi
{
    public static RouteGroupBuilder MapMembership(this RouteGroupBuilder group, string kind, string joinName, string leaveName, string membersName)
    {
        group.MapPut("/{id:long}/membership", (long id, FeedDbContext db, HttpContext http, TimeProvider clock, CancellationToken cancellationToken) =>
                Interactions.JoinAsync(db, kind, id, http.User.RequiredUserId(), join: true, clock, cancellationToken))
            .WithName(joinName)
            .WithSummary($"Join a {kind}")
            .WithDescription($"Idempotent: joining twice is one membership. Answers the {kind}'s new joined count. 404 for any id that is not a {kind} (posts cannot be joined).")
            .RequireAuthorization()
            .ProducesProblem(StatusCodes.Status401Unauthorized);

        group.MapDelete("/{id:long}/membership", (long id, FeedDbContext db, HttpContext http, TimeProvider clock, CancellationToken cancellationToken) =>
                Interactions.JoinAsync(db, kind, id, http.User.RequiredUserId(), join: false, clock, cancellationToken))
            .WithName(leaveName)
            .WithSummary($"Leave a {kind}")
            .WithDescription($"Idempotent: leaving a {kind} you have not joined changes nothing. Answers the {kind}'s new joined count.")
            .RequireAuthorization()
            .ProducesProblem(StatusCodes.Status401Unauthorized);

        group.MapGet("/{id:long}/members", ([AsParameters] PageQuery query, long id, [FromKeyedServices(FeedDatabase.Reads)] FeedDbContext db, HttpContext http, CancellationToken cancellationToken) =>
                GetMembersAsync(db, http, kind, id, query, cancellationToken))
            .WithName(membersName)
            .WithSummary($"Who joined a {kind}")
            .WithDescription("Members, the most recently joined first, cursor-paged like the feed (`before` to scroll, `after` to refresh).");

        return group;
    }

    public static async Task<Results<Ok<FeedPage<MemberResponse>>, ValidationProblem, NotFoundProblem>> GetMembersAsync(
        FeedDbContext db, HttpContext http, string kind, long id, PageQuery query, CancellationToken cancellationToken)
    {
        var scope = $"members:{id}";
        if (!FeedPages.TryReadCursor(query, scope, out var direction, out var anchor, out var errors))
        {
            return TypedResults.ValidationProblem(errors);
        }

        var limit = query.Limit ?? PageQuery.DefaultLimit;
        var rows = await MembersQuery(db, kind, id, direction, anchor, limit).ToListAsync(cancellationToken);
        // An empty page may mean there is no such item: only then a second, primary-key query.
        if (rows.Count == 0 && !await FeedPaging.OfKinds(db.FeedItems, [kind]).AnyAsync(i => i.Id == id, cancellationToken))
        {
            return Problems.NotFound(kind, id);
        }

        var (members, hasOlder, hasNewer) = Keyset.Cut(rows, m => new FeedPosition(m.JoinedAt, m.UserId), direction, anchor, limit);
        var positions = members.Select(m => new FeedPosition(m.JoinedAt, m.UserId)).ToList();
        return TypedResults.Ok(FeedPages.ToPage(http, members, positions, hasOlder, hasNewer, direction, anchor, scope));
    }

    /// <summary>One query: the page's memberships from the (ItemId, JoinedAt, UserId) index (only when the item is of this kind), the probe, and the names.</summary>
    public static IQueryable<MemberResponse> MembersQuery(FeedDbContext db, string kind, long itemId, PageDirection direction, FeedPosition anchor, int limit)
    {
        var ofKind = FeedPaging.OfKinds(db.FeedItems, [kind]);
        var members = db.Memberships.Where(m => m.ItemId == itemId && ofKind.Any(i => i.Id == itemId));
        var (time, userId) = (anchor.CreatedAt, anchor.Id);
        var page = direction switch
        {
            PageDirection.Before => members.Where(m => m.JoinedAt < time || (m.JoinedAt == time && m.UserId < userId))
                .OrderByDescending(m => m.JoinedAt).ThenByDescending(m => m.UserId).Take(limit + 1)
                .Concat(members.Where(m => m.JoinedAt > time || (m.JoinedAt == time && m.UserId >= userId))
                    .OrderBy(m => m.JoinedAt).ThenBy(m => m.UserId).Take(1)),
            PageDirection.After => members.Where(m => m.JoinedAt > time || (m.JoinedAt == time && m.UserId > userId))
                .OrderBy(m => m.JoinedAt).ThenBy(m => m.UserId).Take(limit + 1)
                .Concat(members.Where(m => m.JoinedAt < time || (m.JoinedAt == time && m.UserId <= userId))
                    .OrderByDescending(m => m.JoinedAt).ThenByDescending(m => m.UserId).Take(1)),
            _ => members.OrderByDescending(m => m.JoinedAt).ThenByDescending(m => m.UserId).Take(limit + 1),
        };

        return page.Join(db.Users, m => m.UserId, u => u.Id, (m, u) => new MemberResponse(m.UserId, u.Name, m.JoinedAt));
    }
}
