using System.Linq.Expressions;
using Feed.Api.Data;
using Feed.Api.Paging;
using Feed.Domain;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Feed.Api.Plumbing.Identity;
using Feed.Api.Plumbing.Problems;

namespace Feed.Api.Interactions;

/// <summary>
/// Who did something to an item — joined it, liked it — newest first, cursor-paged like the feed:
/// the one listing of people, over any (item, user, time) rows with an (ItemId, time, UserId) index.
/// </summary>
public static class People
{
    /// <summary>
    /// One page of <paramref name="rows"/> (already narrowed to the item, and to items of the right
    /// kind): one SQL command — the window over the index and the names. Only an empty page asks
    /// whether the item exists (404 otherwise).
    /// </summary>
    public static async Task<Results<Ok<FeedPage<TResponse>>, ValidationProblem, NotFoundProblem>> ReadPageAsync<TRow, TResponse>(
        FeedDbContext db,
        HttpContext http,
        string scope,
        IQueryable<TRow> rows,
        Expression<Func<TRow, DateTime>> at,
        Expression<Func<TRow, long>> userId,
        Expression<Func<TRow, User, TResponse>> project,
        Func<TResponse, FeedPosition> positionOf,
        (string Kind, IQueryable<FeedItem> Items, long Id) item,
        PageParameters parameters,
        CancellationToken cancellationToken)
    {
        if (!parameters.TryRead(scope, http.User.FeedUserId(), out var page, out var errors))
        {
            return TypedResults.ValidationProblem(errors);
        }

        var query = Keyset.Window(rows, at, userId, page, r => r).Join(db.Users, userId, u => u.Id, project);
        var slice = await Keyset.ReadAsync(query, positionOf, page, rows, at, userId, cancellationToken);
        if (slice.Rows.Count == 0 && !slice.HasOlder && !slice.HasNewer && !await item.Items.AnyAsync(i => i.Id == item.Id, cancellationToken))
        {
            return Problem.NotFound(item.Kind, item.Id);
        }

        return TypedResults.Ok(slice.ToPage(page, http, r => r));
    }
}
