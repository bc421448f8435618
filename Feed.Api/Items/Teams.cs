using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Diagnostics.CodeAnalysis;
using Feed.Domain;
using Microsoft.Extensions.Validation;
using static Feed.Api.Items.ItemExamples;

namespace Feed.Api.Items;

/// <summary>Teams: a room which users join. (Joining and members: Interactions.)</summary>
public static class Teams
{
    private static readonly TeamResponse Midfielders = new()
    {
        Id = 1039,
        CreatedAt = At("2026-11-25T09:30:02.000318Z"),
        LikeCount = 5,
        CommentCount = 2,
        Author = Minji,
        LikedByMe = false,
        EditedAt = null,
        Media = [],
        RoomName = "Sunday league: midfielders",
        JoinedCount = 9,
        JoinedByMe = true,
    };

    public static ItemKind<Team, TeamResponse, CreateTeamRequest, EditTeamRequest> Kind { get; } = new()
    {
        Name = FeedKinds.Team,
        Plural = "teams",
        WithArticle = "a team",
        CreateSummary = "Open a team room",
        Creates = "opens a team room",
        Fields = "a room to join",
        TagDescription = "Teams: a room which users join.",
        Create = (request, author, at) => new Team(request.RoomName, author, at),
        Changes = request => request.RoomName is not null,
        Edit = (team, request, at) => team.Edit(request.RoomName, at),
        Response = (entry, team) => new TeamResponse(entry, team),
        TrafficEdit = fresh => new EditTeamRequest(fresh.RoomName),
        ResponseExamples = [Midfielders],
        CreateExample = new CreateTeamRequest(Midfielders.RoomName),
        EditExample = new EditTeamRequest("Sunday league: defenders"),
    };
}

// The endpoints are generic over the kind, so the validation generator learns the requests from this
// attribute, not from the endpoints' parameters (ASP0029: an evaluation API, in .NET 10).
#pragma warning disable ASP0029
[ValidatableType]
public sealed record CreateTeamRequest(
    [property: Required, MinLength(1), MaxLength(FeedRules.RoomNameMaxLength)] string RoomName);

/// <summary>The fields to change; a field left out or null stays as it is.</summary>
[ValidatableType]
#pragma warning restore ASP0029
public sealed record EditTeamRequest(
    [property: MinLength(1), MaxLength(FeedRules.RoomNameMaxLength)] string? RoomName = null);

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
