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

/// <summary>Games: the listing, one game, and announcing one. (Joining and members: Interactions.)</summary>
public static class GamesApi
{
    public static RouteGroupBuilder MapGamesApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/games").WithTags("Games");

        group.MapGet("", GetGames)
            .WithName(nameof(GetGames))
            .WithSharedFirstPage()
            .WithSummary("Games, newest first")
            .WithDescription("Only games, cursor-paged like the mixed feed. Cursors from other listings are refused.");

        group.MapGet("/{id:long}", GetGame)
            .WithName(nameof(GetGame))
            .WithSummary("One game")
            .WithDescription("404 when no game has this id (also when the id is a post or a team).");

        group.MapPost("", CreateGame)
            .WithName(nameof(CreateGame))
            .WithSummary("Announce a game")
            .WithDescription("The signed-in user announces a game; it is the newest item of the feed.")
            .RequireAuthorization()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status401Unauthorized);

        group.MapPatch("/{id:long}", EditGame)
            .WithName(nameof(EditGame))
            .WithSummary("Edit a game")
            .WithDescription("A JSON merge patch (RFC 7396) of the game's own fields, checked as when it was created: send only what changes; " +
                "a field left out or null stays as it is (none can be removed). Only the author may edit, not an admin. " +
                "Send the `ETag` you read as `If-Match` and a game changed meanwhile is a 412; without it the last edit wins. " +
                "`editedAt` is set; the game keeps its place in the feed.")
            .Accepts<EditGameRequest>("application/merge-patch+json", "application/json")
            .RequireAuthorization()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status401Unauthorized);

        return group;
    }

    public static Task<Results<Ok<FeedPage<GameResponse>>, ValidationProblem>> GetGames(
        [AsParameters] PageParameters page, FeedReadDbContext db, HttpContext http, CancellationToken cancellationToken) =>
        ItemReads.ReadPageAsync<GameResponse>(db, http, FeedListing.Of(FeedKinds.Game), page, cancellationToken);

    public static Task<Results<Ok<GameResponse>, NotFoundProblem>> GetGame(
        long id, FeedReadDbContext db, HttpContext http, CancellationToken cancellationToken) =>
        ItemReads.ReadItemAsync<GameResponse>(db, db.FeedItems.OfType<Game>(), FeedKinds.Game, id, http, cancellationToken);

    public static Task<Created<GameResponse>> CreateGame(
        CreateGameRequest request, FeedDbContext db, HttpContext http, TimeProvider clock, CancellationToken cancellationToken) =>
        ItemWrites.CreateAsync<GameResponse>(
            db, http, new Game(request.GameName, request.GameLocation, http.User.RequiredUserId(), clock.GetUtcNow().UtcDateTime), "/games", cancellationToken);

    public static Task<Results<Ok<GameResponse>, ValidationProblem, NotFoundProblem, ForbiddenProblem, PreconditionFailedProblem>> EditGame(
        long id, EditGameRequest request, FeedDbContext db, HttpContext http, TimeProvider clock, CancellationToken cancellationToken) =>
        ItemWrites.EditAsync<Game, GameResponse>(db, http, FeedKinds.Game, id, request.GameName is not null || request.GameLocation is not null, (game, at) => game.Edit(request.GameName, request.GameLocation, at), clock, cancellationToken);
}

public sealed record CreateGameRequest(
    [property: Required, MinLength(1), MaxLength(FeedRules.GameNameMaxLength)] string GameName,
    [property: Required, MinLength(1), MaxLength(FeedRules.GameLocationMaxLength)] string GameLocation);

/// <summary>The fields to change; a field left out or null stays as it is.</summary>
public sealed record EditGameRequest(
    [property: MinLength(1), MaxLength(FeedRules.GameNameMaxLength)] string? GameName = null,
    [property: MinLength(1), MaxLength(FeedRules.GameLocationMaxLength)] string? GameLocation = null);

[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(GameResponse), FeedKinds.Game)]
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
