using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Diagnostics.CodeAnalysis;
using System.Text.Json.Serialization;
using Feed.Api.Data;
using Feed.Api.Paging;
using Feed.Domain;
using Microsoft.AspNetCore.Http.HttpResults;
using Feed.Api.Plumbing.Caching;
using Feed.Api.Plumbing.Identity;
using Feed.Api.Plumbing.Problems;

namespace Feed.Api.Items;

/// <summary>Team rooms: the listing, one team, and opening one. (Joining and members: Interactions.)</summary>
public static class TeamsApi
{
    public static RouteGroupBuilder MapTeamsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/teams").WithTags("Teams");

        group.MapGet("", GetTeams)
            .WithName(nameof(GetTeams))
            .WithSharedFirstPage()
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

        group.MapPatch("/{id:long}", EditTeam)
            .WithName(nameof(EditTeam))
            .WithSummary("Edit a team")
            .WithDescription("A JSON merge patch (RFC 7396) of the team's own fields, checked as when it was created: send only what changes; " +
                "a field left out or null stays as it is (none can be removed). Only the author may edit, not an admin. " +
                "Send the `ETag` you read as `If-Match` and a team changed meanwhile is a 412; without it the last edit wins. " +
                "`editedAt` is set; the team keeps its place in the feed.")
            .Accepts<EditTeamRequest>("application/merge-patch+json", "application/json")
            .RequireAuthorization()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status401Unauthorized);

        return group;
    }

    public static Task<Results<Ok<FeedPage<TeamResponse>>, ValidationProblem>> GetTeams(
        [AsParameters] PageParameters page, FeedReadDbContext db, HttpContext http, CancellationToken cancellationToken) =>
        ItemReads.ReadPageAsync<TeamResponse>(db, http, FeedListing.Of(FeedKinds.Team), page, cancellationToken);

    public static Task<Results<Ok<TeamResponse>, NotFoundProblem>> GetTeam(
        long id, FeedReadDbContext db, HttpContext http, CancellationToken cancellationToken) =>
        ItemReads.ReadItemAsync<TeamResponse>(db, db.FeedItems.OfType<Team>(), FeedKinds.Team, id, http, cancellationToken);

    public static Task<Created<TeamResponse>> CreateTeam(
        CreateTeamRequest request, FeedDbContext db, HttpContext http, TimeProvider clock, CancellationToken cancellationToken) =>
        ItemWrites.CreateAsync<TeamResponse>(
            db, http, new Team(request.RoomName, http.User.RequiredUserId(), clock.GetUtcNow().UtcDateTime), "/teams", cancellationToken);

    public static Task<Results<Ok<TeamResponse>, ValidationProblem, NotFoundProblem, ForbiddenProblem, PreconditionFailedProblem>> EditTeam(
        long id, EditTeamRequest request, FeedDbContext db, HttpContext http, TimeProvider clock, CancellationToken cancellationToken) =>
        ItemWrites.EditAsync<Team, TeamResponse>(db, http, FeedKinds.Team, id, request.RoomName is not null, (team, at) => team.Edit(request.RoomName, at), clock, cancellationToken);
}

public sealed record CreateTeamRequest(
    [property: Required, MinLength(1), MaxLength(FeedRules.RoomNameMaxLength)] string RoomName);

/// <summary>The fields to change; a field left out or null stays as it is.</summary>
public sealed record EditTeamRequest(
    [property: MinLength(1), MaxLength(FeedRules.RoomNameMaxLength)] string? RoomName = null);

[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(TeamResponse), FeedKinds.Team)]
public record TeamResponse : FeedItemResponse
{
    public TeamResponse()
    {
    }

    [SetsRequiredMembers]
    public TeamResponse(FeedEntry entry, Team team)
        : base(entry)
    {
        RoomName = team.RoomName;
        JoinedCount = team.JoinedCount;
        JoinedByMe = entry.JoinedByMe;
    }

    public required string RoomName { get; init; }

    public required int JoinedCount { get; init; }

    [Description("Whether the caller has joined; false when anonymous.")]
    public required bool JoinedByMe { get; init; }
}
