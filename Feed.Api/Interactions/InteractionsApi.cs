using Feed.Domain;

namespace Feed.Api.Interactions;

public static class InteractionsApi
{
    /// <summary>Likes on every item; joining and members on the kinds that can be joined.</summary>
    public static IEndpointRouteBuilder MapInteractionsApi(this IEndpointRouteBuilder app)
    {
        app.MapLikesApi();
        app.MapMembershipsApi(FeedKinds.Game, "/games", "Games");
        app.MapMembershipsApi(FeedKinds.Team, "/teams", "Teams");
        return app;
    }
}
