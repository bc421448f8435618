using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Diagnostics.CodeAnalysis;
using Feed.Domain;
using Microsoft.Extensions.Validation;
using static Feed.Api.Items.ItemExamples;

namespace Feed.Api.Items;

/// <summary>Games: a game and where it is played, which users join. (Joining and members: Interactions.)</summary>
public static class Games
{
    private static readonly GameResponse Catan = new()
    {
        Id = 1041,
        CreatedAt = At("2026-11-25T09:38:55.104877Z"),
        LikeCount = 3,
        CommentCount = 2,
        Author = Alex,
        LikedByMe = false,
        EditedAt = null,
        Media = [],
        GameName = "Catan",
        GameLocation = "Board game café, 5th Avenue",
        JoinedCount = 4,
        JoinedByMe = false,
    };

    public static ItemKind<Game, GameResponse, CreateGameRequest, EditGameRequest> Kind { get; } = new()
    {
        Name = FeedKinds.Game,
        Plural = "games",
        WithArticle = "a game",
        CreateSummary = "Announce a game",
        Creates = "announces a game",
        Fields = "a game and where it is played",
        TagDescription = "Games: a game and where it is played, which users join.",
        Create = (request, author, at) => new Game(request.GameName, request.GameLocation, author, at),
        Changes = request => request.GameName is not null || request.GameLocation is not null,
        Edit = (game, request, at) => game.Edit(request.GameName, request.GameLocation, at),
        Response = (entry, game) => new GameResponse(entry, game),
        TrafficEdit = fresh => new EditGameRequest(GameLocation: fresh.GameLocation),
        ResponseExamples = [Catan],
        CreateExample = new CreateGameRequest(Catan.GameName, Catan.GameLocation),
        EditExample = new EditGameRequest(null, "Board game café, 7th Avenue"),
    };
}

// The endpoints are generic over the kind, so the validation generator learns the requests from this
// attribute, not from the endpoints' parameters (ASP0029: an evaluation API, in .NET 10).
#pragma warning disable ASP0029
[ValidatableType]
public sealed record CreateGameRequest(
    [property: Required, MinLength(1), MaxLength(FeedRules.GameNameMaxLength)] string GameName,
    [property: Required, MinLength(1), MaxLength(FeedRules.GameLocationMaxLength)] string GameLocation);

/// <summary>The fields to change; a field left out or null stays as it is.</summary>
[ValidatableType]
#pragma warning restore ASP0029
public sealed record EditGameRequest(
    [property: MinLength(1), MaxLength(FeedRules.GameNameMaxLength)] string? GameName = null,
    [property: MinLength(1), MaxLength(FeedRules.GameLocationMaxLength)] string? GameLocation = null);

public record GameResponse : FeedItemResponse
{
    public GameResponse()
    {
    }

    [SetsRequiredMembers]
    public GameResponse(FeedEntry entry, Game game)
        : base(entry)
    {
        GameName = game.GameName;
        GameLocation = game.GameLocation;
        JoinedCount = game.JoinedCount;
        JoinedByMe = entry.JoinedByMe;
    }

    public required string GameName { get; init; }

    public required string GameLocation { get; init; }

    public required int JoinedCount { get; init; }

    [Description("Whether the caller has joined; false when anonymous.")]
    public required bool JoinedByMe { get; init; }
}
