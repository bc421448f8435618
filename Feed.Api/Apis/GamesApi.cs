using Feed.Api.Data;
using Feed.Domain;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Feed.Api.Apis;

public static class GamesApi
{
    public static RouteGroupBuilder MapGamesApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/games").WithTags("Games");

        group.MapGet("", GetGames)
            .WithName(nameof(GetGames))
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

        group.MapMembership(FeedKinds.Game, "JoinGame", "LeaveGame", "GetGameMembers");
        return group;
    }

    public static Task<Results<Ok<FeedPage<GameResponse>>, ValidationProblem>> GetGames(
        [AsParameters] PageQuery query, [FromKeyedServices(FeedDatabase.Reads)] FeedDbContext db, HttpContext http, CancellationToken cancellationToken) =>
        FeedPages.ReadFeedAsync<GameResponse>(db, http, query, [FeedKinds.Game], cancellationToken);

    public static Task<Results<Ok<GameResponse>, NotFoundProblem>> GetGame(
        long id, [FromKeyedServices(FeedDatabase.Reads)] FeedDbContext db, HttpContext http, CancellationToken cancellationToken) =>
        FeedApi.ReadItemAsync<GameResponse>(db, db.FeedItems.OfType<Game>(), FeedKinds.Game, id, http, cancellationToken);

    public static Task<Created<GameResponse>> CreateGame(
        CreateGameRequest request, FeedDbContext db, HttpContext http, TimeProvider clock, CancellationToken cancellationToken) =>
        FeedApi.CreateItemAsync<GameResponse>(
            db, http, new Game(request.GameName, request.GameLocation, http.User.RequiredUserId(), clock.GetUtcNow().UtcDateTime), "/games", cancellationToken);
}
