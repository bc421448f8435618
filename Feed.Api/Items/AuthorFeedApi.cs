using System.ComponentModel;
using Feed.Api.Data;
using Feed.Api.Paging;
using Feed.Api.Plumbing.Caching;
using Feed.Api.Plumbing.Problems;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Feed.Api.Items;

/// <summary>A profile screen's feed: one user's items, newest first, with the mixed feed's page contract.</summary>
public static class AuthorFeedApi
{
    public static RouteHandlerBuilder MapAuthorFeedApi(this IEndpointRouteBuilder app) =>
        app.MapGet("/users/{id:long}/items", GetUserItems)
            .WithTags("Users")
            .WithName(nameof(GetUserItems))
            .WithSharedFirstPage()
            .WithSummary("A user's items, newest first")
            .WithDescription("The items this user wrote, cursor-paged like `/feed` (`before` to scroll, `after` to refresh, " +
                "`types` to narrow). Its cursors belong to this user and these kinds: a cursor from `/feed` or from another " +
                "user's items is a 400. 404 when no user has this id.");

    public static async Task<Results<Ok<FeedPage<FeedItemResponse>>, ValidationProblem, NotFoundProblem>> GetUserItems(
        long id,
        [AsParameters] PageParameters page,
        [Description("Narrow the feed to these kinds, comma-separated.")] string? types,
        FeedReadDbContext db,
        HttpContext http,
        CancellationToken cancellationToken)
    {
        if (!FeedListing.TryParse(types, out var listing, out var errors))
        {
            return TypedResults.ValidationProblem(errors);
        }

        var read = (await ItemReads.ReadPageAsync<FeedItemResponse>(
            db, http, listing with { AuthorId = id }, page, cancellationToken)).Result;
        // An empty listing may mean there is no such user: only then a second, primary-key query.
        if (read is Ok<FeedPage<FeedItemResponse>> { Value: { Items.Count: 0, NextCursor: null, HasNewer: false } }
            && !await db.Users.AnyAsync(u => u.Id == id, cancellationToken))
        {
            return Problem.NotFound("user", id);
        }

        return read switch
        {
            Ok<FeedPage<FeedItemResponse>> ok => ok,
            ValidationProblem problem => problem,
            _ => throw new InvalidOperationException($"Unexpected result {read.GetType().Name}."),
        };
    }
}
