namespace Feed.Api.Live;

/// <summary>
/// The live room: what changed since a token (<c>/feed/changes</c>), how many items are new
/// (<c>/feed/new-count</c>), and the stream of new, edited and deleted items (<c>/feed/stream</c>).
/// </summary>
public static class LiveApi
{
    public static IHostApplicationBuilder AddFeedLive(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<StreamOptions>().BindConfiguration(StreamOptions.Section)
            .Validate(
                o => o.PollInterval > TimeSpan.Zero && o.Heartbeat > TimeSpan.Zero && o.MaxSubscribers > 0 && o.MaxPerAddress > 0
                    && o.CatchUpPage > 0 && o.CatchUpBudget > 0 && o.WriteTimeout > TimeSpan.Zero,
                "Stream: intervals and caps must be positive.")
            .ValidateOnStart();
        builder.Services.AddSingleton<FeedStreamHub>();
        builder.Services.AddHostedService(services => services.GetRequiredService<FeedStreamHub>());
        return builder;
    }

    public static IEndpointRouteBuilder MapLiveApi(this IEndpointRouteBuilder app)
    {
        app.MapNewItemCounts();
        app.MapChangesApi();
        app.MapStreamApi();
        return app;
    }
}
