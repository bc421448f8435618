
namespace Feed.Api.Items;

public static class ItemsApi
{
    /// <summary>The mixed feed, then one group per kind, then an author's feed.</summary>
    public static IEndpointRouteBuilder MapItemsApi(this IEndpointRouteBuilder app)
    {
        app.MapFeedApi();
        app.MapPostsApi();
        app.MapGamesApi();
        app.MapTeamsApi();
        app.MapAuthorFeedApi();
        return app;
    }
}
