using Feed.Api.Data;
using Feed.Api.Paging;
using Feed.Api.Plumbing.Identity;
using Feed.Api.Plumbing.Problems;
using Feed.Domain;
using Microsoft.AspNetCore.Http.HttpResults;

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

    /// <summary>
    /// A page of <paramref name="listing"/> as the endpoints answer it: a bad cursor is a 400, an
    /// item that is not there (no <paramref name="kind"/> has the id <paramref name="id"/>) a 404.
    /// </summary>
    public static async Task<Results<Ok<FeedPage<TPerson>>, ValidationProblem, NotFoundProblem>> AnswerPageAsync<TRow, TPerson>(
        this PeopleListing<TRow, TPerson> listing,
        PageParameters parameters,
        string kind,
        long id,
        FeedDbContext db,
        HttpContext http,
        CancellationToken cancellationToken)
    {
        if (!parameters.TryRead(listing.Scope, http.User.FeedUserId(), out var page, out var errors))
        {
            return TypedResults.ValidationProblem(errors);
        }

        return await listing.ReadAsync(db, page, cancellationToken) is { } slice
            ? TypedResults.Ok(slice.ToPage(page, http, person => person))
            : Problem.NotFound(kind, id);
    }
}
