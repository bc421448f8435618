using System.ComponentModel;
using Feed.Api.Data;
using Feed.Api.Items;
using Feed.Api.Paging;
using Feed.Api.Plumbing.Identity;
using Feed.Domain;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Feed.Api.Live;

/// <summary>How many items arrived above a refresh cursor: what a "12 new posts" pill shows.</summary>
public sealed record NewItemCountResponse(
    [property: Description("Items newer than the cursor, at most 100.")] int Count,
    [property: Description("True when there are more than 100: show \"100+\".")] bool Capped);

/// <summary>The pill: <c>/feed/new-count</c> and <c>/users/{id}/items/new-count</c>.</summary>
public static class NewItemCounts
{
    public const int Cap = 100;

    public static IEndpointRouteBuilder MapNewItemCounts(this IEndpointRouteBuilder app)
    {
        app.MapGet("/feed/new-count", GetNewCount)
            .WithTags("Feed")
            .WithName(nameof(GetNewCount))
            .WithSummary("How many new items")
            .WithDescription("How many items of the listing (`types` as in `/feed`) are newer than `after` " +
                $"(a page's `refreshCursor`), counted up to {Cap} " +
                "(`capped: true` past that): for a \"12 new posts\" pill. One index range of at most 101 keys, whatever the feed's size. " +
                "Then pull to refresh with the same cursor.");

        app.MapGet("/users/{id:long}/items/new-count", GetUserNewCount)
            .WithTags("Users")
            .WithName(nameof(GetUserNewCount))
            .WithSummary("How many new items of a user")
            .WithDescription($"As `/feed/new-count`, for the user's own items (`after` is a `refreshCursor` of `/users/{{id}}/items`).");
        return app;
    }

    public static Task<Results<Ok<NewItemCountResponse>, ValidationProblem>> GetNewCount(
        [Description("A `refreshCursor` of `/feed` with the same `types`.")] string? after,
        [Description("Narrow the feed to these kinds, comma-separated.")] string? types,
        FeedReadDbContext db,
        HttpContext http,
        CancellationToken cancellationToken) =>
        CountAsync(db, http, after, types, authorId: null, cancellationToken);

    public static Task<Results<Ok<NewItemCountResponse>, ValidationProblem>> GetUserNewCount(
        long id,
        [Description("A `refreshCursor` of `/users/{id}/items` with the same `types`.")] string? after,
        [Description("Narrow the feed to these kinds, comma-separated.")] string? types,
        FeedReadDbContext db,
        HttpContext http,
        CancellationToken cancellationToken) =>
        CountAsync(db, http, after, types, id, cancellationToken);

    /// <summary>
    /// The count for the caller: of an author's items, none across a block; of a feed, the items of authors the caller
    /// blocks, is blocked by or muted left out, among at most <see cref="ListingOptions.ScanPastHidden"/> more rows.
    /// </summary>
    private static async Task<Results<Ok<NewItemCountResponse>, ValidationProblem>> CountAsync(
        FeedDbContext db, HttpContext http, string? after, string? types, long? authorId, CancellationToken cancellationToken)
    {
        if (!FeedListing.TryParse(types, out var listing, out var errors))
        {
            return TypedResults.ValidationProblem(errors);
        }

        listing = listing with { AuthorId = authorId };
        if (string.IsNullOrEmpty(after))
        {
            return TypedResults.ValidationProblem(
                new Dictionary<string, string[]> { ["after"] = ["after is required: a page's refreshCursor."] });
        }

        if (!FeedCursor.TryDecode(after, listing.Scope, out var anchor, out var error))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["after"] = [error] });
        }

        var me = http.User.FeedUserId();
        var items = ItemReads.ItemsOf(db, listing, me);
        var extra = http.RequestServices.GetRequiredService<IOptions<ListingOptions>>().Value.ScanPastHidden;
        var count = ItemReads.HidingFor(listing, me) is { } hiding
            ? await Keyset.CountableNewer(
                    items, i => i.CreatedAt, i => i.Id, anchor, Cap, hiding.Any<FeedItem>(db), hiding.HiddenItem(db), extra)
                .CountAsync(cancellationToken)
            : await Keyset.CountNewerAsync(items, i => i.CreatedAt, i => i.Id, anchor, Cap, cancellationToken);
        return TypedResults.Ok(new NewItemCountResponse(Math.Min(count, Cap), count > Cap));
    }
}
