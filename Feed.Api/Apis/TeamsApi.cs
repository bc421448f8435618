using Feed.Api.Data;
using Feed.Domain;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Feed.Api.Apis;

public static class TeamsApi
{
    public static RouteGroupBuilder MapTeamsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/teams").WithTags("Teams");

        group.MapGet("", GetTeams)
            .WithName(nameof(GetTeams))
            .WithSummary("Teams, newest first")
            .WithDescription("Only teams, cursor-paged like the mixed feed. Cursors from other listings are refused.");

        group.MapGet("/{id:long}", GetTeam)
            .WithName(nameof(GetTeam))
            .WithSummary("One team")
            .WithDescription("404 when no team has this id (also when the id is a post or a game).");

        group.MapPost("", CreateTeam)
            .WithName(nameof(CreateTeam))
            .WithSummary("Open a team room")
            .WithDescription("The signed-in user opens a team room; it is the newest item of the feed.")
            .RequireAuthorization()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status401Unauthorized);

        group.MapMembership(FeedKinds.Team, "JoinTeam", "LeaveTeam", "GetTeamMembers");
        return group;
    }

    public static Task<Results<Ok<FeedPage<TeamResponse>>, ValidationProblem>> GetTeams(
        [AsParameters] PageQuery query, [FromKeyedServices(FeedDatabase.Reads)] FeedDbContext db, HttpContext http, CancellationToken cancellationToken) =>
        FeedPages.ReadFeedAsync<TeamResponse>(db, http, query, [FeedKinds.Team], cancellationToken);

    public static Task<Results<Ok<TeamResponse>, NotFoundProblem>> GetTeam(
        long id, [FromKeyedServices(FeedDatabase.Reads)] FeedDbContext db, HttpContext http, CancellationToken cancellationToken) =>
        FeedApi.ReadItemAsync<TeamResponse>(db, db.FeedItems.OfType<Team>(), FeedKinds.Team, id, http, cancellationToken);

    public static Task<Created<TeamResponse>> CreateTeam(
        CreateTeamRequest request, FeedDbContext db, HttpContext http, TimeProvider clock, CancellationToken cancellationToken) =>
        FeedApi.CreateItemAsync<TeamResponse>(
            db, http, new Team(request.RoomName, http.User.RequiredUserId(), clock.GetUtcNow().UtcDateTime), "/teams", cancellationToken);
}
