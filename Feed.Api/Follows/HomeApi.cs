using System.ComponentModel;
using Feed.Api.Data;
using Feed.Api.Items;
using Feed.Api.Live;
using Feed.Api.Media;
using Feed.Api.Paging;
using Feed.Api.Plumbing.Identity;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Feed.Api.Follows;

/// <summary>
/// <c>/home</c>: the signed-in caller's timeline — their own items and those of the people they
/// follow — with the whole contract of <c>/feed</c>; its count of new items and its stream.
/// </summary>
public static class HomeApi
{
    public static IEndpointRouteBuilder MapHomeApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/home").WithTags("Home").RequireAuthorization()
            .ProducesProblem(StatusCodes.Status401Unauthorized);

        group.MapGet("", GetHome)
            .WithName(nameof(GetHome))
            .WithSummary("Your home timeline, newest first")
            .WithDescription("Your own items and those of the people you follow, newest first, paged as `/feed` " +
                "(`limit`, `before`/`after`, `types`, `Link`, `refreshCursor`, `hasNewer`, ETag). Its cursors are yours: " +
                "they work on no other listing, and no other caller's home. An item is placed when it reached your home: " +
                "your own at once, a followee's within seconds of being written (so pull to refresh never misses one); " +
                "a follow brings the followee's latest 100 items in at their own times, an unfollow takes them out. " +
                "Items of authors with very many followers are read in at read time, each placed 2 s after its creation. " +
                "Every item since a follow stays reachable: no depth cap. One index range a page, at any depth. " +
                "Edits and deletions of items you hold: `/feed/changes`.");

        group.MapGet("/new-count", GetHomeNewCount)
            .WithName(nameof(GetHomeNewCount))
            .WithSummary("How many new items in your home")
            .WithDescription($"As `/feed/new-count`, for your home: items newer than `after` (a `refreshCursor` of `/home` with " +
                $"the same `types`), counted up to {NewItemCounts.Cap}.");

        group.MapHomeStream();
        return app;
    }

    public static async Task<Results<Ok<FeedPage<FeedItemResponse>>, ValidationProblem>> GetHome(
        [AsParameters] PageParameters parameters,
        [Description("Narrow the home to these kinds, comma-separated.")] string? types,
        FeedReadDbContext db,
        HomeTimeline timeline,
        HttpContext http,
        CancellationToken cancellationToken)
    {
        var me = http.User.RequiredUserId();
        if (!FeedListing.TryParse(types, out var listing, out var errors)
            || !parameters.TryRead(HomeReads.Scope(me, listing), me, out var page, out errors))
        {
            return TypedResults.ValidationProblem(errors);
        }

        var slice = await timeline.ReadPageAsync(db, me, listing, page, cancellationToken);
        return TypedResults.Ok(slice.ToPage(page, http, row => FeedItemResponse.From(row.Entry, http.MediaUrls())));
    }

    public static async Task<Results<Ok<NewItemCountResponse>, ValidationProblem>> GetHomeNewCount(
        [Description("A `refreshCursor` of `/home` with the same `types`.")] string? after,
        [Description("Narrow the home to these kinds, comma-separated.")] string? types,
        FeedReadDbContext db,
        HomeTimeline timeline,
        HttpContext http,
        CancellationToken cancellationToken)
    {
        var me = http.User.RequiredUserId();
        if (!FeedListing.TryParse(types, out var listing, out var errors))
        {
            return TypedResults.ValidationProblem(errors);
        }

        if (string.IsNullOrEmpty(after))
        {
            return TypedResults.ValidationProblem(
                new Dictionary<string, string[]> { ["after"] = ["after is required: a page's refreshCursor."] });
        }

        if (!FeedCursor.TryDecode(after, HomeReads.Scope(me, listing), out var anchor, out var error))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["after"] = [error] });
        }

        var count = await timeline.CountNewerAsync(db, me, listing, anchor, NewItemCounts.Cap, cancellationToken);
        return TypedResults.Ok(new NewItemCountResponse(Math.Min(count, NewItemCounts.Cap), count > NewItemCounts.Cap));
    }
}
